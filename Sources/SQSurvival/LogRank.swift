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
        var observed = [Double](repeating: 0, count: k)
        var expected = [Double](repeating: 0, count: k)
        var variance = [Double](repeating: 0, count: k * k)
        var counts = [Int](repeating: 0, count: k)
        for g in group { counts[g] += 1 }

        // Rows by stratum, then time descending, so risk sets grow in one backward pass.
        let order = CoxSorting.byStratumThenTimeDescending(Array(time.indices), time: time, strata: strata)
        var atRisk = [Double](repeating: 0, count: k)
        var deaths = [Double](repeating: 0, count: k)
        var i = 0
        while i < order.count {
            let stratum = strata?[order[i]]
            for g in 0..<k { atRisk[g] = 0 }
            // Within a stratum: walk times from the largest down, adding each tied block to the risk set.
            while i < order.count, strata?[order[i]] == stratum {
                let t = time[order[i]]
                for g in 0..<k { deaths[g] = 0 }
                while i < order.count, strata?[order[i]] == stratum, time[order[i]] == t {
                    let row = order[i]
                    atRisk[group[row]] += 1
                    if event[row] { deaths[group[row]] += 1 }
                    i += 1
                }
                let d = deaths.reduce(0, +)
                guard d > 0 else { continue }
                let n = atRisk.reduce(0, +)
                for g in 0..<k {
                    observed[g] += deaths[g]
                    expected[g] += d * atRisk[g] / n
                }
                guard n > 1 else { continue }
                let factor = d * (n - d) / (n * n * (n - 1))
                for g in 0..<k where atRisk[g] > 0 {
                    for h in 0..<k where atRisk[h] > 0 {
                        variance[g * k + h] += factor * atRisk[g] * ((g == h ? n : 0) - atRisk[h])
                    }
                }
            }
        }
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
