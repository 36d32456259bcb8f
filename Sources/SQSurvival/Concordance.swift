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
    /// risk set, plus, for an event, the risk set it meets.
    ///
    /// `order`, when given, must list every row by stratum ascending and time
    /// descending (the Cox engine's own sort); ties are then refined locally.
    public static func compute(time: [Double], event: [Bool], entry: [Double]? = nil,
                               predictor: [Double], strata: [Int]? = nil,
                               cluster: [Int]? = nil, order presorted: [Int]? = nil) -> ConcordanceResult {
        let n = time.count
        let (rank, distinct) = CoxSorting.denseRanks(predictor)
        let stratum = strata ?? [Int](repeating: 0, count: n)
        var order = presorted ?? CoxSorting.byStratumThenTimeDescending(Array(0..<n), time: time, strata: strata)
        // Within a tied time: censored rows first, then events by increasing predictor.
        var blockStart = 0
        while blockStart < n {
            var blockEnd = blockStart + 1
            let r0 = order[blockStart]
            while blockEnd < n && time[order[blockEnd]] == time[r0] && stratum[order[blockEnd]] == stratum[r0] {
                blockEnd += 1
            }
            if blockEnd - blockStart > 1 {
                order[blockStart..<blockEnd].sort { a, b in
                    event[a] != event[b] ? !event[a] : rank[a] < rank[b]
                }
            }
            blockStart = blockEnd
        }
        let exitOrder = entry.map { CoxSorting.byStratumThenTimeDescending(Array(0..<n), time: $0, strata: strata) } ?? []

        var atRisk = Fenwick(size: distinct)
        var deaths = Fenwick(size: distinct)
        // influence[3i + k]: pairs of row i counted as concordant / discordant / tied.x (before reversal).
        var influence = [Int](repeating: 0, count: 3 * n)
        var count = [Int](repeating: 0, count: 5)
        var removed = [Bool](repeating: false, count: n)
        var finalDeaths = [Int](repeating: 0, count: distinct)

        var start = 0
        var exitPointer = 0
        while start < n {
            var end = start
            while end < n && stratum[order[end]] == stratum[order[start]] { end += 1 }
            var i = start
            while i < end {
                let r = order[i]
                if !event[r] {
                    let (less, equal, greater) = deaths.split(rank[r])
                    influence[3 * r] -= less; influence[3 * r + 1] -= greater; influence[3 * r + 2] -= equal
                    atRisk.add(rank[r], 1)
                    i += 1
                    continue
                }
                let t = time[r]
                if let entry {
                    while exitPointer < n, stratum[exitOrder[exitPointer]] == stratum[r],
                          entry[exitOrder[exitPointer]] >= t {
                        let q = exitOrder[exitPointer]
                        let (less, equal, greater) = deaths.split(rank[q])
                        influence[3 * q] += less; influence[3 * q + 1] += greater; influence[3 * q + 2] += equal
                        atRisk.add(rank[q], -1)
                        removed[q] = true
                        exitPointer += 1
                    }
                }
                var j = i
                var tiedDeaths = 0, run = 0
                var runRank = rank[r]
                while j < end && time[order[j]] == t {
                    let q = order[j]
                    count[3] += tiedDeaths
                    tiedDeaths += 1
                    if rank[q] != runRank { run = 0; runRank = rank[q] }
                    count[4] += run
                    run += 1
                    let (less, equal, greater) = atRisk.split(rank[q])
                    count[0] += greater; count[1] += less; count[2] += equal
                    influence[3 * q] += greater; influence[3 * q + 1] += less; influence[3 * q + 2] += equal
                    deaths.add(rank[q], 1)
                    j += 1
                }
                for k in i..<j {
                    let q = order[k]
                    let (less, equal, greater) = deaths.split(rank[q])
                    influence[3 * q] -= less; influence[3 * q + 1] -= greater; influence[3 * q + 2] -= equal
                    atRisk.add(rank[q], 1)
                }
                i = j
            }
            // Close the rows still at risk when the stratum ends against the final
            // event tree (prefix sums of the event counts by rank), then reset.
            for k in start..<end where event[order[k]] { finalDeaths[rank[order[k]]] += 1 }
            if end - start < distinct / 8 {
                for k in start..<end where !removed[order[k]] {
                    let q = order[k]
                    let (less, equal, greater) = deaths.split(rank[q])
                    influence[3 * q] += less; influence[3 * q + 1] += greater; influence[3 * q + 2] += equal
                }
            } else {
                var below = [Int](repeating: 0, count: distinct + 1)
                for v in 0..<distinct { below[v + 1] = below[v] + finalDeaths[v] }
                let total = below[distinct]
                for k in start..<end where !removed[order[k]] {
                    let q = order[k], v = rank[q]
                    let less = below[v], equal = finalDeaths[v]
                    influence[3 * q] += less; influence[3 * q + 1] += total - less - equal
                    influence[3 * q + 2] += equal
                }
            }
            if entry != nil {
                while exitPointer < n && stratum[exitOrder[exitPointer]] == stratum[order[start]] { exitPointer += 1 }
            }
            if end - start == n {
                start = end
                continue
            }
            for k in start..<end {
                let q = order[k]
                if !removed[q] { atRisk.add(rank[q], -1) }
                if event[q] { deaths.add(rank[q], -1); finalDeaths[rank[q]] = 0 }
            }
            start = end
        }
        count[3] -= count[4]

        let npair = Double(count[0] + count[1] + count[2])
        let somers = Double(count[0] - count[1]) / npair
        var dfbeta = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let c = Double(influence[3 * i]), d = Double(influence[3 * i + 1]), tx = Double(influence[3 * i + 2])
            dfbeta[i] = ((c - d) - (c + d + tx) * somers) / (2 * npair)
        }
        var variance = 0.0
        if let cluster {
            var sums: [Int: Double] = [:]
            for i in 0..<n { sums[cluster[i], default: 0] += dfbeta[i] }
            for v in sums.values { variance += v * v }
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

/// Fenwick (binary indexed) tree of integer weights over ranks 0 ..< size,
/// with the node weights kept alongside for the tie count.
struct Fenwick {
    private var tree: [Int32]
    private var node: [Int32]
    private(set) var total = 0

    init(size: Int) {
        tree = [Int32](repeating: 0, count: size + 1)
        node = [Int32](repeating: 0, count: size)
    }

    mutating func add(_ rank: Int, _ weight: Int) {
        node[rank] += Int32(weight)
        total += weight
        let w = Int32(weight)
        let size = tree.count
        tree.withUnsafeMutableBufferPointer { t in
            var i = rank + 1
            while i < size { t[i] &+= w; i += i & -i }
        }
    }

    /// Weight below, at and above `rank`.
    func split(_ rank: Int) -> (less: Int, equal: Int, greater: Int) {
        let below = tree.withUnsafeBufferPointer { t -> Int in
            var sum = 0
            var i = rank
            while i > 0 { sum += Int(t[i]); i -= i & -i }
            return sum
        }
        let equal = Int(node[rank])
        return (below, equal, total - below - equal)
    }
}
