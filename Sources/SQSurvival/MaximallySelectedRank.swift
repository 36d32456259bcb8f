import Foundation

/// The maximally selected log-rank statistic: the best split `x ≤ c` versus
/// `x > c` of a continuous variable for a survival outcome, and its p-value
/// corrected for having searched (Lausen & Schumacher 1992, Biometrics 48:73–85;
/// Hothorn & Lausen 2003, Comput Stat Data Anal 43:121–137). Numerically as R
/// `maxstat.test(Surv(t, e) ~ x, smethod = "LogRank", pmethod = "Lau92")`.
public enum MaximallySelectedRank {
    /// One scan: every candidate cutoff with its standardized statistic, and the best.
    public struct Scan: Sendable, Equatable {
        /// Candidate cutoffs c (the lower group is x ≤ c), ascending.
        public let cutoffs: [Double]
        /// |S(c) − E(c)| / √V(c) per cutoff.
        public let statistics: [Double]
        /// The first cutoff whose statistic is the largest.
        public let cutoff: Double
        public let statistic: Double
        /// Lausen & Schumacher's (1992) approximation of P(max > statistic).
        public let p: Double
        /// Observations scanned; the lower group's size per cutoff.
        public let n: Int
        public let lowerCounts: [Int]
    }

    /// Log-rank scores a_i = δ_i − Σ_{j: t_j ≤ t_i} δ_j / (N − r_j + 1) with r_j the
    /// rank of t_j, tied times all taking the highest rank of their tie
    /// (Hothorn & Lausen 2003, §2; exactRankTests' `cscores.Surv`, which
    /// maxstat uses: tied events share one denominator).
    public static func logRankScores(time: [Double], event: [Bool]) -> [Double] {
        let n = time.count
        let order = (0..<n).sorted { time[$0] < time[$1] || (time[$0] == time[$1] && $0 < $1) }
        var highestRank = [Int](repeating: 0, count: n)
        var k = 0
        while k < n {
            var last = k
            while last + 1 < n && time[order[last + 1]] == time[order[k]] { last += 1 }
            for position in k...last { highestRank[order[position]] = last + 1 }
            k = last + 1
        }
        // Cumulative sums of the hazard increments in time order.
        var cumulative = [Double](repeating: 0, count: n)
        var sum = 0.0
        for (position, row) in order.enumerated() {
            if event[row] { sum += 1 / Double(n - highestRank[row] + 1) }
            cumulative[position] = sum
        }
        return (0..<n).map { (event[$0] ? 1 : 0) - cumulative[highestRank[$0] - 1] }
    }

    /// Scans the splits of `x` for scores `y` (maxstat's `cmaxstat`): the
    /// candidates are the distinct values of x, except the largest, whose lower
    /// group holds m observations with max(1, ⌊N·minprop⌋) ≤ m ≤ ⌊N·maxprop⌋.
    /// Under the permutation distribution S(c) = Σ_{x ≤ c} y has mean m/N·Σy and
    /// variance m(N − m)/(N²(N − 1))·(N·Σy² − (Σy)²).
    public static func scan(scores y: [Double], x: [Double], minprop: Double = 0.1, maxprop: Double = 0.9) throws -> Scan {
        let n = x.count
        guard y.count == n else { throw SurvivalError.mismatchedLengths("scores have \(y.count) rows, x has \(n)") }
        guard n > 1 else { throw SurvivalError.noObservations }
        if let bad = x.firstIndex(where: { !$0.isFinite }) { throw SurvivalError.invalidValue("x is \(x[bad]) in row \(bad + 1)") }
        guard minprop >= 0, maxprop <= 1, minprop < maxprop else {
            throw SurvivalError.invalidArgument("minprop and maxprop must satisfy 0 ≤ minprop < maxprop ≤ 1")
        }
        let order = (0..<n).sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        let sortedX = order.map { x[$0] }
        // m: the number of observations below each distinct value (its first position, 0-based).
        var m: [Int] = []
        for position in 0..<n where position == 0 || sortedX[position] != sortedX[position - 1] { m.append(position) }
        if minprop == 0 && maxprop == 1 {
            m = Array(m.dropFirst().dropLast())
        } else {
            let low = Int((Double(n) * minprop).rounded(.down)), high = Int((Double(n) * maxprop).rounded(.down))
            guard m.contains(where: { $0 >= low }) else { throw SurvivalError.invalidArgument("minprop is too large for these data") }
            guard m.contains(where: { $0 <= high }) else { throw SurvivalError.invalidArgument("maxprop is too small for these data") }
            m = m.filter { $0 >= max(1, low) && $0 <= high }
        }
        guard !m.isEmpty else {
            throw SurvivalError.invalidArgument("no cutoff leaves between \(Int(minprop * 100))% and \(Int(maxprop * 100))% of the rows below it")
        }
        var cumulative = [Double](repeating: 0, count: n)
        var total = 0.0, squares = 0.0
        for (position, row) in order.enumerated() {
            total += y[row]; squares += y[row] * y[row]
            cumulative[position] = total
        }
        let N = Double(n)
        let spread = N * squares - total * total
        guard spread > 0 else {
            throw SurvivalError.invalidArgument("the scores do not vary (no events, or every row the same), so no split can be tested")
        }
        var statistics: [Double] = []
        for count in m {
            let mm = Double(count)
            let expected = mm / N * total
            let variance = mm * (N - mm) / (N * N * (N - 1)) * spread
            statistics.append(abs((cumulative[count - 1] - expected) / variance.squareRoot()))
        }
        var best = 0
        for k in statistics.indices where statistics[k] > statistics[best] { best = k }
        let cutoffs = m.map { sortedX[$0 - 1] }
        return Scan(cutoffs: cutoffs, statistics: statistics, cutoff: cutoffs[best], statistic: statistics[best],
                    p: lausen92(statistics[best], minprop: minprop, maxprop: maxprop), n: n, lowerCounts: m)
    }

    /// The log-rank version for right-censored survival data.
    public static func logRank(time: [Double], event: [Bool], x: [Double], minprop: Double = 0.1, maxprop: Double = 0.9) throws -> Scan {
        guard time.count == x.count, event.count == x.count else {
            throw SurvivalError.mismatchedLengths("time has \(time.count) rows, event \(event.count), x \(x.count)")
        }
        if let bad = time.firstIndex(where: { !$0.isFinite }) { throw SurvivalError.invalidValue("time is \(time[bad]) in row \(bad + 1)") }
        guard event.contains(true) else { throw SurvivalError.noEvents }
        return try scan(scores: logRankScores(time: time, event: event), x: x, minprop: minprop, maxprop: maxprop)
    }

    /// Lausen & Schumacher (1992), eq. 3.4, as Miller & Siegmund (1982) approximate the
    /// Brownian-bridge boundary crossing: P(M > b) ≈ 4φ(b)/b + φ(b)(b − 1/b)·
    /// log(ε₂(1 − ε₁) / ((1 − ε₂)ε₁)), with ε₁ = minprop, ε₂ = maxprop; 1 for b < 1,
    /// never below 0 (and, as in maxstat, not capped at 1).
    public static func lausen92(_ b: Double, minprop: Double, maxprop: Double) -> Double {
        guard b >= 1 else { return 1 }
        let density = exp(-b * b / 2) / (2 * Double.pi).squareRoot()
        let p = 4 * density / b + density * (b - 1 / b) * log(maxprop * (1 - minprop) / ((1 - maxprop) * minprop))
        return max(p, 0)
    }
}
