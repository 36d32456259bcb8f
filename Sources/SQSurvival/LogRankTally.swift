/// Observed and expected events and the covariance of O − E, summed over the
/// distinct event times (survdiff's `survdiff2`): at a time with d deaths
/// among n at risk, group g expects d·n_g/n, and
/// V_gh += d (n − d) / (n² (n − 1)) · n_g (δ_gh n − n_h).
struct LogRankSums {
    let groups: Int
    var observed: [Double]
    var expected: [Double]
    var variance: [Double]
    /// Rows at risk and deaths per group at the current time (the tallies fill them).
    var atRisk: [Double]
    var deaths: [Double]

    init(groups k: Int) {
        groups = k
        observed = [Double](repeating: 0, count: k)
        expected = observed
        variance = [Double](repeating: 0, count: k * k)
        atRisk = observed
        deaths = observed
    }

    /// Adds the current time's term (`atRisk` already includes its rows).
    mutating func addTime() {
        let k = groups
        let d = deaths.reduce(0, +)
        guard d > 0 else { return }
        let n = atRisk.reduce(0, +)
        for g in 0..<k {
            observed[g] += deaths[g]
            expected[g] += d * atRisk[g] / n
        }
        guard n > 1 else { return }
        let factor = d * (n - d) / (n * n * (n - 1))
        for g in 0..<k where atRisk[g] > 0 {
            for h in 0..<k where atRisk[h] > 0 {
                variance[g * k + h] += factor * atRisk[g] * ((g == h ? n : 0) - atRisk[h])
            }
        }
    }
}

/// The two ways to visit the distinct times of each stratum from the largest
/// down, growing the risk sets: both add the same terms in the same order, so
/// they give the same sums to the last bit.
enum LogRankTally {
    /// Rows sorted by stratum, then time descending, and walked in one backward pass.
    static func bySorting(time: [Double], event: [Bool], group: [Int], groups k: Int, strata: [Int]?,
                          into sums: inout LogRankSums) {
        let order = CoxSorting.byStratumThenTimeDescending(Array(time.indices), time: time, strata: strata)
        var i = 0
        while i < order.count {
            let stratum = strata?[order[i]]
            for g in 0..<k { sums.atRisk[g] = 0 }
            while i < order.count, strata?[order[i]] == stratum {
                let t = time[order[i]]
                for g in 0..<k { sums.deaths[g] = 0 }
                while i < order.count, strata?[order[i]] == stratum, time[order[i]] == t {
                    let row = order[i]
                    sums.atRisk[group[row]] += 1
                    if event[row] { sums.deaths[group[row]] += 1 }
                    i += 1
                }
                sums.addTime()
            }
        }
    }

    /// Whole-number times (days, months) over a range not much wider than the
    /// row count, and strata coded 0, 1, 2, ...: one counting pass tallies rows
    /// and deaths per (stratum, time, group), then the times are read from the
    /// largest down, with no sort. False, and nothing added, otherwise.
    static func byWholeTimes(time: [Double], event: [Bool], group: [Int], groups k: Int, strata: [Int]?,
                             into sums: inout LogRankSums) -> Bool {
        let n = time.count
        guard n > 0, var low = time.first else { return false }
        var high = low
        for t in time {
            guard t == t.rounded(.towardZero), abs(t) < 1e15 else { return false }
            low = min(low, t)
            high = max(high, t)
        }
        let limit = max(4 * n, 1 << 16)
        guard high - low < Double(limit) else { return false }
        let width = Int(high - low) + 1
        var strataCount = 1
        if let strata {
            guard let smallest = strata.min(), let largest = strata.max(), smallest >= 0, largest < limit else { return false }
            strataCount = largest + 1
        }
        let (perStratum, wide) = width.multipliedReportingOverflow(by: k)
        let (cells, many) = strataCount.multipliedReportingOverflow(by: perStratum)
        guard !wide, !many, cells <= limit else { return false }
        var rows = [Int32](repeating: 0, count: cells)
        var dead = rows
        rows.withUnsafeMutableBufferPointer { rows in
            dead.withUnsafeMutableBufferPointer { dead in
                for i in 0..<n {
                    let cell = ((strata?[i] ?? 0) * width + Int(time[i] - low)) * k + group[i]
                    rows[cell] += 1
                    if event[i] { dead[cell] += 1 }
                }
            }
        }
        for s in 0..<strataCount {
            for g in 0..<k { sums.atRisk[g] = 0 }
            for b in stride(from: width - 1, through: 0, by: -1) {
                let base = (s * width + b) * k
                var any = false
                for g in 0..<k where rows[base + g] > 0 { any = true }
                guard any else { continue }
                for g in 0..<k {
                    sums.atRisk[g] += Double(rows[base + g])
                    sums.deaths[g] = Double(dead[base + g])
                }
                sums.addTime()
            }
        }
        return true
    }
}
