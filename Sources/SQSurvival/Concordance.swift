import Foundation

/// Pair counts behind Harrell's C, as `fit$concordance` names them. A pair is
/// comparable when the earlier time is an event and the later row is still at
/// risk; it is concordant when the earlier event has the larger risk score.
public struct ConcordanceCounts: Sendable, Equatable {
    public var concordant: Double
    public var discordant: Double
    public var tiedX: Double
    public var tiedY: Double
    public var tiedXY: Double
}

/// Harrell's C with its infinitesimal-jackknife standard error, as R's
/// `concordancefit(y, lp, strata, cluster, reverse = TRUE, timewt = "n")`.
/// C = (concordant + tied.x / 2) / (concordant + discordant + tied.x);
/// pairs are formed within strata only.
public struct ConcordanceResult: Sendable {
    public let counts: ConcordanceCounts
    public let concordance: Double
    public let standardError: Double
}

public enum Concordance {
    /// O(n log n): rows are visited backwards in time while two Fenwick trees
    /// over the ranks of the predictor hold the risk set and the events seen so
    /// far (concordance3/4 in R use a balanced binary tree the same way). Each
    /// row's influence — the pairs it takes part in — is the difference of the
    /// event tree between the moment it enters and the moment it leaves the
    /// risk set, plus, for an event, the risk set it meets. The two trees never
    /// read each other, so the two sweeps run concurrently. For right-censored
    /// data every row is still at risk when its stratum ends, so the event tree
    /// it leaves is all the stratum's events: that part is read from a table
    /// of the events below each rank (no tree), on the risk-set sweep's core
    /// once it ends (it is the shorter sweep).
    ///
    /// `order`, when given, must list every row by stratum ascending and time
    /// descending (the Cox engine's own sort); censored rows are then moved
    /// before the events of their time. `layout`, when given, is that order
    /// already prepared (`CoxRiskSkeleton.concordance`).
    public static func compute(time: [Double], event: [Bool], entry: [Double]? = nil,
                               predictor: [Double], strata: [Int]? = nil,
                               cluster: [Int]? = nil, order presorted: [Int]? = nil,
                               layout prepared: ConcordanceLayout? = nil) -> ConcordanceResult {
        let n = time.count
        // The ranks of the predictor (a radix sort) and the sweep order do not
        // depend on each other: one runs on each core.
        let ranking = RankResult()
        let layout: ConcordanceLayout
        if let prepared, prepared.order.count == n {
            (ranking.rank, ranking.distinct) = CoxSorting.denseRanks(predictor)
            layout = prepared
        } else {
            let built = LayoutResult()
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                if part == 0 {
                    (ranking.rank, ranking.distinct) = CoxSorting.denseRanks(predictor)
                } else {
                    built.layout = ConcordanceLayout(time: time, event: event, strata: strata, order: presorted)
                }
            }
            guard let made = built.layout else { preconditionFailure("the concordance layout was not built") }
            layout = made
        }
        let order = layout.order
        let distinct = ranking.distinct
        // Sweep in sorted-position space: sequential reads instead of random ones.
        let exitOrder: [Int] = entry.map { entry in
            CoxSorting.byStratumThenTimeDescending(Array(0..<n), time: entry, strata: strata).map { layout.position[$0] }
        } ?? []
        var strataCount = n > 0 ? 1 : 0
        for k in 1..<max(n, 1) where layout.stratum[k] != layout.stratum[k - 1] { strataCount += 1 }
        let sweep = ConcordanceSweep(
            time: layout.time, event: layout.event,
            entry: entry.map { e in order.map { e[$0] } }, rank: order.map { ranking.rank[$0] },
            distinct: distinct, stratum: layout.stratum, exitOrder: exitOrder, strataCount: strataCount,
            finalByTable: ConcordanceSweep.countsFinalPairs(entry: entry, strata: strataCount, distinct: distinct, rows: n))
        let results = SweepResults()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                results.riskSet = sweep.riskSetSweep()
                if sweep.finalByTable {
                    results.riskSet.influence.withUnsafeMutableBufferPointer { sweep.finalEventPairs(influence: $0) }
                }
            } else {
                results.events = sweep.eventSweep()
            }
        }
        var count = results.riskSet.count
        let fromRiskSet = results.riskSet.influence, fromEvents = results.events
        count[3] -= count[4]

        let npair = Double(count[0] + count[1] + count[2])
        let somers = Double(count[0] - count[1]) / npair
        var dfbeta = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let c = Double(fromRiskSet[3 * i] &+ fromEvents[3 * i])
            let d = Double(fromRiskSet[3 * i + 1] &+ fromEvents[3 * i + 1])
            let tx = Double(fromRiskSet[3 * i + 2] &+ fromEvents[3 * i + 2])
            dfbeta[i] = ((c - d) - (c + d + tx) * somers) / (2 * npair)
        }
        var variance = 0.0
        if let cluster {
            var sums: [Int: Double] = [:]
            for k in 0..<n { sums[cluster[order[k]], default: 0] += dfbeta[k] }
            // In cluster order (R's rowsum), not the dictionary's per-process
            // order, so the last bits are the same on every run.
            for (_, sum) in sums.sorted(by: { $0.key < $1.key }) { variance += sum * sum }
        } else {
            for v in dfbeta { variance += v * v }
        }
        // reverse = TRUE: a higher risk score should mean an earlier event.
        let counts = ConcordanceCounts(concordant: Double(count[1]), discordant: Double(count[0]),
                                       tiedX: Double(count[2]), tiedY: Double(count[3]),
                                       tiedXY: Double(count[4]))
        return ConcordanceResult(counts: counts, concordance: 1 - (somers + 1) / 2,
                                 standardError: variance.squareRoot())
    }
}

/// The predictor's dense ranks, written by one worker and read after both end.
private final class RankResult: @unchecked Sendable {
    var rank: [Int] = []
    var distinct = 0
}

/// The sweep order, built by the other worker.
private final class LayoutResult: @unchecked Sendable {
    var layout: ConcordanceLayout?
}

/// The two halves of the concordance computation write here, one field each.
private final class SweepResults: @unchecked Sendable {
    var riskSet: (count: [Int], influence: [Int32]) = ([], [])
    var events: [Int32] = []
}

/// Rows in sweep order (stratum, time descending, censored before events):
/// row k of each array is sweep position k. For (start, stop] data,
/// `exitOrder` lists the positions in order of decreasing start.
///
/// Each row's influence is three counts of pairs (one row takes part in fewer
/// than n pairs), kept as Int32: half the memory of Int at a million rows.
struct ConcordanceSweep: Sendable {
    let time: [Double], event: [Bool], entry: [Double]?
    let rank: [Int], distinct: Int, stratum: [Int]
    let exitOrder: [Int]
    /// Strata in the data, and whether `finalEventPairs` counts the pairs
    /// each row meets when its stratum ends (else `eventSweep` does).
    let strataCount: Int
    let finalByTable: Bool

    var count: Int { time.count }

    /// Calls `body(begin, end)` for each stratum's range of positions.
    func forEachStratum(_ body: (Int, Int) -> Void) {
        var start = 0
        while start < count {
            var end = start
            while end < count && stratum[end] == stratum[start] { end += 1 }
            body(start, end)
            start = end
        }
    }

    /// Walks the risk set: counts pairs (concordant, discordant, tied.x, tied.y,
    /// tied.xy before reversal) and each event's share of them.
    func riskSetSweep() -> (count: [Int], influence: [Int32]) {
        let n = count
        let tree = Fenwick(size: distinct)
        var influenceArray = [Int32](repeating: 0, count: 3 * n)
        var count = [Int](repeating: 0, count: 5)
        var removed = [Bool](repeating: false, count: entry == nil ? 0 : n)
        var exitPointer = 0
        influenceArray.withUnsafeMutableBufferPointer { influence in
        rank.withUnsafeBufferPointer { rank in
        event.withUnsafeBufferPointer { event in
        time.withUnsafeBufferPointer { time in
        forEachStratum { start, end in
            var i = start
            while i < end {
                if !event[i] { tree.add(rank[i], 1); i += 1; continue }
                let t = time[i]
                if let entry {
                    while exitPointer < exitOrder.count, stratum[exitOrder[exitPointer]] == stratum[i],
                          entry[exitOrder[exitPointer]] >= t {
                        tree.add(rank[exitOrder[exitPointer]], -1)
                        removed[exitOrder[exitPointer]] = true
                        exitPointer += 1
                    }
                }
                var j = i, tiedDeaths = 0
                var concordant = 0, discordant = 0, tiedX = 0
                while j < end && time[j] == t {
                    tiedDeaths += 1
                    let (less, equal, greater) = tree.split(rank[j])
                    concordant += greater; discordant += less; tiedX += equal
                    influence[3 * j] &+= Int32(truncatingIfNeeded: greater)
                    influence[3 * j + 1] &+= Int32(truncatingIfNeeded: less)
                    influence[3 * j + 2] &+= Int32(truncatingIfNeeded: equal)
                    j += 1
                }
                // Tied deaths pair with each other (tied.y); those that also tie on
                // the predictor (tied.xy) are what each one finds at its rank when
                // it is added, beyond what the risk set held when it was queried.
                var atRankWhenAdded = 0
                for k in i..<j {
                    let v = rank[k]
                    atRankWhenAdded += tree.weight(at: v)
                    tree.add(v, 1)
                }
                count[0] += concordant; count[1] += discordant; count[2] += tiedX
                count[3] += tiedDeaths * (tiedDeaths - 1) / 2
                count[4] += atRankWhenAdded - tiedX
                i = j
            }
            if entry != nil {
                while exitPointer < exitOrder.count && stratum[exitOrder[exitPointer]] == stratum[start] {
                    exitPointer += 1
                }
            }
            if end - start < n {
                for k in start..<end where removed.isEmpty || !removed[k] { tree.add(rank[k], -1) }
            }
        }
        }
        }
        }
        }
        return (count, influenceArray)
    }

    /// Walks the events: each row's pairs with the events that occur while it
    /// is at risk, as (event tree when it leaves) − (event tree when it enters).
    /// With `finalByTable` the "when it leaves" part is left to `finalEventPairs`.
    func eventSweep() -> [Int32] {
        let n = count
        let tree = Fenwick(size: distinct)
        var influenceArray = [Int32](repeating: 0, count: 3 * n)
        var removed = [Bool](repeating: false, count: entry == nil ? 0 : n)
        var exitPointer = 0
        influenceArray.withUnsafeMutableBufferPointer { influence in
        rank.withUnsafeBufferPointer { rank in
        event.withUnsafeBufferPointer { event in
        time.withUnsafeBufferPointer { time in
        @inline(__always) func close(_ q: Int, _ sign: Int) {
            let (less, equal, greater) = tree.split(rank[q])
            influence[3 * q] &+= Int32(truncatingIfNeeded: sign * less)
            influence[3 * q + 1] &+= Int32(truncatingIfNeeded: sign * greater)
            influence[3 * q + 2] &+= Int32(truncatingIfNeeded: sign * equal)
        }
        forEachStratum { start, end in
            var i = start
            while i < end {
                if !event[i] { close(i, -1); i += 1; continue }
                let t = time[i]
                if let entry {
                    while exitPointer < exitOrder.count, stratum[exitOrder[exitPointer]] == stratum[i],
                          entry[exitOrder[exitPointer]] >= t {
                        close(exitOrder[exitPointer], 1)
                        removed[exitOrder[exitPointer]] = true
                        exitPointer += 1
                    }
                }
                var j = i
                while j < end && time[j] == t { tree.add(rank[j], 1); j += 1 }
                for k in i..<j { close(k, -1) }
                i = j
            }
            if !finalByTable {
                // Rows still at risk at the end meet every event of the stratum.
                for k in start..<end where removed.isEmpty || !removed[k] { close(k, 1) }
            }
            if entry != nil {
                while exitPointer < exitOrder.count && stratum[exitOrder[exitPointer]] == stratum[start] {
                    exitPointer += 1
                }
            }
            if end - start < n {
                for k in start..<end where event[k] { tree.add(rank[k], -1) }
            }
        }
        }
        }
        }
        }
        return influenceArray
    }

    /// Right-censored data: every row meets, when its stratum ends, all of the
    /// stratum's events; adds to its influence the events below, above and at
    /// its rank (what `eventSweep` would read from the full event tree). A
    /// table per stratum of the events below each rank (a count per rank, then
    /// a running sum) is built in one pass and read in another, both in sweep
    /// order. Used only when the tables stay small (`countsFinalPairs`; with
    /// many strata `eventSweep` reads its tree instead).
    func finalEventPairs(influence: UnsafeMutableBufferPointer<Int32>) {
        let n = count
        let width = distinct + 1
        var table = [Int32](repeating: 0, count: strataCount * width)
        table.withUnsafeMutableBufferPointer { table in
        rank.withUnsafeBufferPointer { rank in
        event.withUnsafeBufferPointer { event in
            // Events per (stratum, rank + 1), then running sums: table[s, r] = events of s below rank r.
            var base = 0
            for k in 0..<n {
                if k > 0 && stratum[k] != stratum[k - 1] { base += width }
                if event[k] { table[base + rank[k] + 1] &+= 1 }
            }
            for s in 0..<strataCount {
                var run: Int32 = 0
                for r in (s * width)..<(s * width + width) { run &+= table[r]; table[r] = run }
            }
            base = 0
            for k in 0..<n {
                if k > 0 && stratum[k] != stratum[k - 1] { base += width }
                let below = table[base + rank[k]], atOrBelow = table[base + rank[k] + 1]
                let total = table[base + width - 1]
                influence[3 * k] &+= below
                influence[3 * k + 1] &+= total &- atOrBelow
                influence[3 * k + 2] &+= atOrBelow &- below
            }
        }
        }
        }
    }

    /// Whether `finalEventPairs` takes the last part of `eventSweep`: right-
    /// censored data whose per-stratum rank tables stay within a few times the row count.
    static func countsFinalPairs(entry: [Double]?, strata: Int, distinct: Int, rows: Int) -> Bool {
        let (cells, overflow) = strata.multipliedReportingOverflow(by: distinct + 1)
        return entry == nil && !overflow && cells <= max(4 * rows, 1 << 20)
    }
}
