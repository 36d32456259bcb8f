/// The log-rank test of R's survdiff (rho = 0): for each distinct event time,
/// observed and expected events per group and the hypergeometric covariance;
/// χ² = (O − E)ᵀ V⁻ (O − E) over the groups with E > 0, first one dropped
/// (Mantel 1966; Peto & Peto 1972). Stratified: O, E and V summed over strata.
public struct LogRankTest: Sendable {
    public let observed: [Double]
    public let expected: [Double]
    /// k × k covariance of O − E.
    public let variance: [[Double]]
    /// Rows per group.
    public let n: [Int]
    public let chiSquare: Double
    public let df: Int
    public let p: Double
}

public enum LogRank {
    public static func test(time: [Double], event: [Bool], group: [Int], strata: [Int]? = nil) throws -> LogRankTest {
        try SurvivalInput.validate(time: time, event: event, entry: nil)
        guard group.count == time.count else { throw SurvivalError.mismatchedLengths("\(group.count) group codes, \(time.count) times") }
        if let strata, strata.count != time.count { throw SurvivalError.mismatchedLengths("\(strata.count) strata codes, \(time.count) times") }
        guard let maxGroup = group.max(), group.allSatisfy({ $0 >= 0 }) else {
            throw SurvivalError.invalidArgument("group codes must be 0, 1, 2, ...")
        }
        let k = maxGroup + 1
        var counts = [Int](repeating: 0, count: k)
        for g in group { counts[g] += 1 }

        var sums = LogRankSums(groups: k)
        if !LogRankTally.byWholeTimes(time: time, event: event, group: group, groups: k, strata: strata, into: &sums) {
            LogRankTally.bySorting(time: time, event: event, group: group, groups: k, strata: strata, into: &sums)
        }
        let observed = sums.observed, expected = sums.expected, variance = sums.variance
        let used = (0..<k).filter { expected[$0] > 0 }
        var chiSquare = 0.0
        if used.count >= 2 {
            let kept = Array(used.dropFirst())
            let m = kept.count
            var v = [Double](repeating: 0, count: m * m)
            for (a, g) in kept.enumerated() { for (b, h) in kept.enumerated() { v[a * m + b] = variance[g * k + h] } }
            let difference = kept.map { observed[$0] - expected[$0] }
            let cholesky = Cholesky(v, n: m, tolerance: 1e-10)
            chiSquare = cholesky.quadraticForm(difference)
        }
        let df = max(used.count - 1, 0)
        let matrix = (0..<k).map { g in Array(variance[(g * k)..<(g * k + k)]) }
        return LogRankTest(observed: observed, expected: expected, variance: matrix, n: counts, chiSquare: chiSquare,
                           df: df, p: df > 0 ? ChiSquared.upperTail(chiSquare, df: Double(df)) : .nan)
    }
}
