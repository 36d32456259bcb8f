import Foundation

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

extension BorderedCholesky {
    /// Trace of the random-effect block of the inverse information (coxpenal.df's
    /// trH): Σ 1/D_j + (D⁻¹C)_j' S⁻¹ (D⁻¹C)_j over sparse levels, plus the
    /// first `denseLevels` diagonal entries of S⁻¹.
    func randomEffectTrace(denseLevels: Int, inverse: [Double]) -> Double {
        let m = denseCount
        var trace = 0.0
        var v = [Double](repeating: 0, count: m)
        for j in 0..<sparse where diagonal[j] > 0 {
            for a in 0..<m { v[a] = cross[j * m + a] / diagonal[j] }
            var quadratic = 0.0
            for a in 0..<m where v[a] != 0 {
                var row = 0.0
                for c in 0..<m { row += inverse[a * m + c] * v[c] }
                quadratic += v[a] * row
            }
            trace += 1 / diagonal[j] + quadratic
        }
        for h in 0..<denseLevels { trace += inverse[h * m + h] }
        return trace
    }
}
