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
