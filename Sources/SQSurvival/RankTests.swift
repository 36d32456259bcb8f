import Foundation

/// A test statistic with its degrees of freedom (nil for a normal z) and p-value.
public struct RankTestResult: Sendable, Equatable {
    public var statistic: Double
    public var df: Int?
    public var p: Double
}

/// Rank tests of a Table 1: the Wilcoxon rank-sum (Mann–Whitney) test with the
/// normal approximation and R's corrections, and the Kruskal–Wallis test.
public enum RankTests {
    /// Mid-ranks of `values` (ties share the mean of their ranks, R's `rank`),
    /// and Σ(t³ − t) over the tie groups.
    static func midRanks(_ values: [Double]) -> (ranks: [Double], tieSum: Double) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var tieSum = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j + 2) / 2
            for k in i...j { ranks[order[k]] = rank }
            let t = Double(j - i + 1)
            tieSum += t * t * t - t
            i = j + 1
        }
        return (ranks, tieSum)
    }

    /// R's `wilcox.test(x, y, exact = FALSE, correct = TRUE)`, two-sided:
    /// W = Σ rank(x) − nx(nx + 1)/2; z = (W − nx·ny/2 − sign·½) / σ with the tie-corrected
    /// σ² = nx·ny/12 · (nx + ny + 1 − Σ(t³ − t) / ((nx + ny)(nx + ny − 1))).
    /// The statistic is W; p is NaN when σ is 0 (every value tied), as in R.
    public static func wilcoxonRankSum(_ x: [Double], _ y: [Double]) throws -> RankTestResult {
        guard !x.isEmpty, !y.isEmpty else {
            throw SurvivalError.invalidArgument("the Wilcoxon rank-sum test needs values in both groups")
        }
        let nx = Double(x.count), ny = Double(y.count)
        let (ranks, tieSum) = midRanks(x + y)
        let w = ranks[0..<x.count].reduce(0, +) - nx * (nx + 1) / 2
        let z0 = w - nx * ny / 2
        let sigma = (nx * ny / 12 * ((nx + ny + 1) - tieSum / ((nx + ny) * (nx + ny - 1)))).squareRoot()
        let correction: Double = z0 > 0 ? 0.5 : (z0 < 0 ? -0.5 : 0)
        let z = (z0 - correction) / sigma
        let p = z.isNaN ? Double.nan : Swift.min(1, 2 * Swift.min(Normal.cdf(z), Normal.upperTail(z)))
        return RankTestResult(statistic: w, df: nil, p: p)
    }

    /// R's `kruskal.test`: H = (12 / (n(n + 1)) · Σ Rᵢ²/nᵢ − 3(n + 1)) / (1 − Σ(t³ − t)/(n³ − n)),
    /// chi-square with k − 1 degrees of freedom. Empty groups are left out (R drops
    /// unused levels); fewer than two groups with values is an error.
    public static func kruskalWallis(_ groups: [[Double]]) throws -> RankTestResult {
        let present = groups.filter { !$0.isEmpty }
        guard present.count >= 2 else {
            throw SurvivalError.invalidArgument("the Kruskal–Wallis test needs values in at least two groups")
        }
        let all = present.flatMap { $0 }
        let n = Double(all.count)
        let (ranks, tieSum) = midRanks(all)
        var sum = 0.0, start = 0
        for group in present {
            let r = ranks[start..<(start + group.count)].reduce(0, +)
            sum += r * r / Double(group.count)
            start += group.count
        }
        let h = (12 * sum / (n * (n + 1)) - 3 * (n + 1)) / (1 - tieSum / (n * n * n - n))
        let df = present.count - 1
        return RankTestResult(statistic: h, df: df, p: h.isNaN ? .nan : ChiSquared.upperTail(h, df: Double(df)))
    }
}
