import Foundation

/// A random intercept's levels as coxme lays them out in its penalty matrix
/// (coxmeFull's `initialize`, noweb varfun.Rnw): when the grouping has at least
/// `sparseLevels` levels (50) and some level holds at most `sparseFraction` (2%)
/// of the rows, those levels are *sparse* — their block of the Hessian is kept
/// diagonal, the off-diagonal terms between them (all O(1/q)) are dropped — and
/// they come first; the remaining levels are dense, ordered after them. Both
/// groups keep the original level order. The dropped terms move the Laplace
/// log-determinant, so θ̂ depends on this rule at the 1e-3 level: it has to be
/// coxme's own.
public struct RandomInterceptLayout: Sendable, Equatable {
    /// Number of levels q.
    public let levels: Int
    /// Number of sparse levels; they hold positions 0 ..< sparse.
    public let sparse: Int
    /// Level code (0 ..< q) → position in the penalty matrix.
    public let position: [Int]

    /// coxme's rule `sparse = c(50, 0.02)` applied to the level code of every row.
    public init(codes: [Int], levels q: Int, sparseLevels: Int = 50, sparseFraction: Double = 0.02) {
        var counts = [Int](repeating: 0, count: q)
        for c in codes { counts[c] += 1 }
        let n = Double(codes.count)
        let isSparse = counts.map { Double($0) / n <= sparseFraction }
        let anySparse = q >= sparseLevels && isSparse.contains(true)
        var position = [Int](repeating: 0, count: q)
        var next = 0
        if anySparse {
            for g in 0..<q where isSparse[g] { position[g] = next; next += 1 }
        }
        let sparse = next
        for g in 0..<q where !(anySparse && isSparse[g]) { position[g] = next; next += 1 }
        self.levels = q
        self.sparse = sparse
        self.position = position
    }

    /// Number of dense levels.
    var dense: Int { levels - sparse }
}

/// The penalised problem's derivatives in coxme's bordered layout: the sparse
/// levels' block is diagonal, everything else (dense levels, then the fixed
/// effects) is one dense block, and `cross` couples the two.
struct BorderedTerms {
    /// Unpenalised log partial likelihood at (b, β).
    var logLikelihood: Double
    /// Score of the sparse levels (ns) and of the dense coordinates (m = dense levels + p).
    var sparseScore: [Double]
    var denseScore: [Double]
    /// Information: diagonal of the sparse block, ns × m cross block (row-major), m × m dense block.
    var sparseDiagonal: [Double]
    var cross: [Double]
    var dense: [Double]
}

/// The factorised bordered information [[D, C], [C', A]] with D diagonal:
/// D is inverted directly and A is replaced by its Schur complement
/// S = A − C' D⁻¹ C, which `Cholesky` factorises (a block LDL' whose first ns
/// pivots are D — the order coxme's `cholesky4` on a bdsmatrix uses). Memory
/// and work are O(ns·m + m²) and O(ns·m²): thousands of sparse levels stay cheap.
struct BorderedCholesky {
    let sparse: Int
    let denseCount: Int
    let diagonal: [Double]
    let cross: [Double]
    let schur: Cholesky

    init(_ terms: BorderedTerms, tolerance: Double) {
        let ns = terms.sparseDiagonal.count, m = terms.denseScore.count
        sparse = ns
        denseCount = m
        diagonal = terms.sparseDiagonal
        cross = terms.cross
        var s = terms.dense
        for j in 0..<ns where terms.sparseDiagonal[j] > 0 {
            let inv = 1 / terms.sparseDiagonal[j]
            let row = j * m
            for a in 0..<m {
                let ca = terms.cross[row + a] * inv
                if ca == 0 { continue }
                for b in 0..<m { s[a * m + b] -= ca * terms.cross[row + b] }
            }
        }
        schur = Cholesky(s, n: m, tolerance: tolerance)
    }

    /// Solves the bordered system for the Newton step (chsolve4).
    func solve(sparse us: [Double], dense ud: [Double]) -> (sparse: [Double], dense: [Double]) {
        let ns = sparse, m = denseCount
        var y = ud
        for j in 0..<ns where diagonal[j] > 0 {
            let t = us[j] / diagonal[j]
            for a in 0..<m { y[a] -= cross[j * m + a] * t }
        }
        let xd = schur.solve(y)
        var xs = [Double](repeating: 0, count: ns)
        for j in 0..<ns where diagonal[j] > 0 {
            var t = us[j]
            for a in 0..<m { t -= cross[j * m + a] * xd[a] }
            xs[j] = t / diagonal[j]
        }
        return (xs, xd)
    }

    /// log det of the random-effect block: the sparse pivots and the first
    /// `denseLevels` pivots of the Schur complement (coxfit6b's `hdet`).
    func logDeterminant(denseLevels: Int) -> Double {
        var s = 0.0
        for d in diagonal { s += log(d) }
        for i in 0..<denseLevels { s += log(schur.factor[i * denseCount + i]) }
        return s
    }

    /// The dense block of the inverse, S⁻¹ (m × m): the fixed effects' variance is its last p × p block.
    func denseInverse() -> [Double] { schur.inverse() }
}
