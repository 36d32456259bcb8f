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
    /// read each other, so the two sweeps run concurrently.
    ///
    /// `order`, when given, must list every row by stratum ascending and time
    /// descending (the Cox engine's own sort); censored rows are then moved
    /// before the events of their time.
    public static func compute(time: [Double], event: [Bool], entry: [Double]? = nil,
                               predictor: [Double], strata: [Int]? = nil,
                               cluster: [Int]? = nil, order presorted: [Int]? = nil) -> ConcordanceResult {
        let n = time.count
        let stratum = strata ?? [Int](repeating: 0, count: n)
        var order = presorted ?? CoxSorting.byStratumThenTimeDescending(Array(0..<n), time: time, strata: strata)
        // The ranks of the predictor (a radix sort) and the tie layout below do
        // not depend on each other: one runs on each core.
        let ranking = RankResult()
        order.withUnsafeMutableBufferPointer { buffer in
            let shared = SendablePointer(buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                if part == 0 {
                    (ranking.rank, ranking.distinct) = CoxSorting.denseRanks(predictor)
                } else if let order = shared.pointer {
                    censoredFirstWithinTies(order, count: n, time: time, event: event, stratum: stratum)
                }
            }
        }
        let rank = ranking.rank, distinct = ranking.distinct
        // Sweep in sorted-position space: sequential reads instead of random ones.
        let exitOrder: [Int] = entry.map { entry in
            var position = [Int](repeating: 0, count: n)
            for (k, row) in order.enumerated() { position[row] = k }
            return CoxSorting.byStratumThenTimeDescending(Array(0..<n), time: entry, strata: strata).map { position[$0] }
        } ?? []
        let sweep = ConcordanceSweep(
            time: order.map { time[$0] }, event: order.map { event[$0] },
            entry: entry.map { e in order.map { e[$0] } }, rank: order.map { rank[$0] },
            distinct: distinct, stratum: strata.map { s in order.map { s[$0] } } ?? [Int](repeating: 0, count: n),
            order: Array(0..<n), exitOrder: exitOrder)
        let results = SweepResults()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 { results.riskSet = sweep.riskSetSweep() } else { results.events = sweep.eventSweep() }
        }
        var count = results.riskSet.count
        let fromRiskSet = results.riskSet.influence, fromEvents = results.events
        count[3] -= count[4]

        let npair = Double(count[0] + count[1] + count[2])
        let somers = Double(count[0] - count[1]) / npair
        var dfbeta = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let c = Double(fromRiskSet[3 * i] + fromEvents[3 * i])
            let d = Double(fromRiskSet[3 * i + 1] + fromEvents[3 * i + 1])
            let tx = Double(fromRiskSet[3 * i + 2] + fromEvents[3 * i + 2])
            dfbeta[i] = ((c - d) - (c + d + tx) * somers) / (2 * npair)
        }
        var variance = 0.0
        if let cluster {
            var sums: [Int: Double] = [:]
            for k in 0..<n { sums[cluster[order[k]], default: 0] += dfbeta[k] }
            // In cluster order (R's rowsum), not the dictionary's per-process
            // order, so the last bits are the same on every run.
            for key in sums.keys.sorted() { variance += sums[key]! * sums[key]! }
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

extension Concordance {
    /// Within each run of rows tied on (stratum, time), moves the censored rows
    /// before the events, keeping their order otherwise (a stable partition):
    /// a censored row is still at risk at an event time it shares, and the
    /// sweeps take every event of a tied time at once, so no further order is needed.
    static func censoredFirstWithinTies(_ order: UnsafeMutablePointer<Int>, count n: Int,
                                        time: [Double], event: [Bool], stratum: [Int]) {
        var events: [Int] = []
        var blockStart = 0
        while blockStart < n {
            let r0 = order[blockStart]
            var blockEnd = blockStart + 1
            while blockEnd < n && time[order[blockEnd]] == time[r0] && stratum[order[blockEnd]] == stratum[r0] {
                blockEnd += 1
            }
            if blockEnd - blockStart > 1 {
                events.removeAll(keepingCapacity: true)
                var k = blockStart
                for i in blockStart..<blockEnd {
                    let r = order[i]
                    if event[r] { events.append(r) } else { order[k] = r; k += 1 }
                }
                for r in events { order[k] = r; k += 1 }
            }
            blockStart = blockEnd
        }
    }
}

/// The predictor's dense ranks, written by one worker and read after both end.
private final class RankResult: @unchecked Sendable {
    var rank: [Int] = []
    var distinct = 0
}

/// The two halves of the concordance computation write here, one field each.
private final class SweepResults: @unchecked Sendable {
    var riskSet: (count: [Int], influence: [Int]) = ([], [])
    var events: [Int] = []
}

/// Rows in sweep order (stratum, time descending, censored before events)
/// and, for (start, stop] data, in order of decreasing start.
private struct ConcordanceSweep: Sendable {
    let time: [Double], event: [Bool], entry: [Double]?
    let rank: [Int], distinct: Int, stratum: [Int]
    let order: [Int], exitOrder: [Int]

    /// Calls `body(begin, end)` for each stratum's range of `order`.
    func forEachStratum(_ body: (Int, Int) -> Void) {
        var start = 0
        while start < order.count {
            var end = start
            while end < order.count && stratum[order[end]] == stratum[order[start]] { end += 1 }
            body(start, end)
            start = end
        }
    }

    /// Walks the risk set: counts pairs (concordant, discordant, tied.x, tied.y,
    /// tied.xy before reversal) and each event's share of them.
    func riskSetSweep() -> (count: [Int], influence: [Int]) {
        let tree = Fenwick(size: distinct)
        var influenceArray = [Int](repeating: 0, count: 3 * order.count)
        var count = [Int](repeating: 0, count: 5)
        var removed = [Bool](repeating: false, count: order.count)
        var exitPointer = 0
        influenceArray.withUnsafeMutableBufferPointer { influence in
        forEachStratum { start, end in
            var i = start
            while i < end {
                let r = order[i]
                if !event[r] { tree.add(rank[r], 1); i += 1; continue }
                let t = time[r]
                if let entry {
                    while exitPointer < exitOrder.count, stratum[exitOrder[exitPointer]] == stratum[r],
                          entry[exitOrder[exitPointer]] >= t {
                        tree.add(rank[exitOrder[exitPointer]], -1)
                        removed[exitOrder[exitPointer]] = true
                        exitPointer += 1
                    }
                }
                var j = i, tiedDeaths = 0
                var concordant = 0, discordant = 0, tiedX = 0
                while j < end && time[order[j]] == t {
                    let q = order[j]
                    tiedDeaths += 1
                    let (less, equal, greater) = tree.split(rank[q])
                    concordant += greater; discordant += less; tiedX += equal
                    influence[3 * q] &+= greater; influence[3 * q + 1] &+= less; influence[3 * q + 2] &+= equal
                    j += 1
                }
                // Tied deaths pair with each other (tied.y); those that also tie on
                // the predictor (tied.xy) are what each one finds at its rank when
                // it is added, beyond what the risk set held when it was queried.
                var atRankWhenAdded = 0
                for k in i..<j {
                    let v = rank[order[k]]
                    atRankWhenAdded += tree.weight(at: v)
                    tree.add(v, 1)
                }
                count[0] += concordant; count[1] += discordant; count[2] += tiedX
                count[3] += tiedDeaths * (tiedDeaths - 1) / 2
                count[4] += atRankWhenAdded - tiedX
                i = j
            }
            if entry != nil {
                while exitPointer < exitOrder.count && stratum[exitOrder[exitPointer]] == stratum[order[start]] {
                    exitPointer += 1
                }
            }
            if end - start < order.count {
                for k in start..<end where !removed[order[k]] { tree.add(rank[order[k]], -1) }
            }
        }
        }
        return (count, influenceArray)
    }

    /// Walks the events: each row's pairs with the events that occur while it
    /// is at risk, as (event tree when it leaves) − (event tree when it enters).
    func eventSweep() -> [Int] {
        let tree = Fenwick(size: distinct)
        var influenceArray = [Int](repeating: 0, count: 3 * order.count)
        var removed = [Bool](repeating: false, count: order.count)
        var exitPointer = 0
        influenceArray.withUnsafeMutableBufferPointer { influence in
        rank.withUnsafeBufferPointer { rank in
        @inline(__always) func close(_ q: Int, _ sign: Int) {
            let (less, equal, greater) = tree.split(rank[q])
            influence[3 * q] &+= sign * less
            influence[3 * q + 1] &+= sign * greater
            influence[3 * q + 2] &+= sign * equal
        }
        forEachStratum { start, end in
            var i = start
            while i < end {
                let r = order[i]
                if !event[r] { close(r, -1); i += 1; continue }
                let t = time[r]
                if let entry {
                    while exitPointer < exitOrder.count, stratum[exitOrder[exitPointer]] == stratum[r],
                          entry[exitOrder[exitPointer]] >= t {
                        close(exitOrder[exitPointer], 1)
                        removed[exitOrder[exitPointer]] = true
                        exitPointer += 1
                    }
                }
                var j = i
                while j < end && time[order[j]] == t { tree.add(rank[order[j]], 1); j += 1 }
                for k in i..<j { close(order[k], -1) }
                i = j
            }
            // Rows still at risk at the end meet every event of the stratum.
            for k in start..<end where !removed[order[k]] { close(order[k], 1) }
            if entry != nil {
                while exitPointer < exitOrder.count && stratum[exitOrder[exitPointer]] == stratum[order[start]] {
                    exitPointer += 1
                }
            }
            if end - start < order.count {
                for k in start..<end where event[order[k]] { tree.add(rank[order[k]], -1) }
            }
        }
        }
        }
        return influenceArray
    }
}
