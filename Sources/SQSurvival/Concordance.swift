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
    public static func compute(time: [Double], event: [Bool], entry: [Double]? = nil,
                               predictor: [Double], strata: [Int]? = nil,
                               cluster: [Int]? = nil) -> ConcordanceResult {
        let n = time.count
        let sortedValues = Array(Set(predictor)).sorted()
        let rank = predictor.map { Fenwick.index(of: $0, in: sortedValues) }
        let stratum = strata ?? [Int](repeating: 0, count: n)
        var order = Array(0..<n)
        order.sort { a, b in
            if stratum[a] != stratum[b] { return stratum[a] < stratum[b] }
            if time[a] != time[b] { return time[a] > time[b] }
            if event[a] != event[b] { return !event[a] }
            return rank[a] < rank[b]
        }
        var exitOrder: [Int] = []
        if let entry {
            exitOrder = Array(0..<n)
            exitOrder.sort { a, b in
                stratum[a] != stratum[b] ? stratum[a] < stratum[b] : entry[a] > entry[b]
            }
        }

        var atRisk = Fenwick(size: sortedValues.count)
        var deaths = Fenwick(size: sortedValues.count)
        // influence[3i + k]: pairs of row i counted as concordant / discordant / tied.x (before reversal).
        var influence = [Int](repeating: 0, count: 3 * n)
        var count = [Int](repeating: 0, count: 5)
        var removed = [Bool](repeating: false, count: n)

        func closeInfluence(_ r: Int, sign: Int) {
            let (less, equal, greater) = deaths.split(rank[r])
            influence[3 * r] += sign * less
            influence[3 * r + 1] += sign * greater
            influence[3 * r + 2] += sign * equal
        }

        var start = 0
        var exitPointer = 0
        while start < n {
            var end = start
            while end < n && stratum[order[end]] == stratum[order[start]] { end += 1 }
            var i = start
            while i < end {
                let r = order[i]
                if !event[r] {
                    closeInfluence(r, sign: -1)
                    atRisk.add(rank[r], 1)
                    i += 1
                    continue
                }
                let t = time[r]
                if let entry {
                    while exitPointer < n, stratum[exitOrder[exitPointer]] == stratum[r],
                          entry[exitOrder[exitPointer]] >= t {
                        let q = exitOrder[exitPointer]
                        closeInfluence(q, sign: 1)
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
                    influence[3 * q] += greater
                    influence[3 * q + 1] += less
                    influence[3 * q + 2] += equal
                    deaths.add(rank[q], 1)
                    j += 1
                }
                for k in i..<j {
                    let q = order[k]
                    closeInfluence(q, sign: -1)
                    atRisk.add(rank[q], 1)
                }
                i = j
            }
            // Close the rows still at risk when the stratum ends, then empty the trees.
            for k in start..<end where !removed[order[k]] { closeInfluence(order[k], sign: 1) }
            if entry != nil {
                while exitPointer < n && stratum[exitOrder[exitPointer]] == stratum[order[start]] { exitPointer += 1 }
            }
            for k in start..<end {
                let q = order[k]
                if !removed[q] { atRisk.add(rank[q], -1) }
                if event[q] { deaths.add(rank[q], -1) }
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
    private var tree: [Int]
    private var node: [Int]
    private(set) var total = 0

    init(size: Int) {
        tree = [Int](repeating: 0, count: size + 1)
        node = [Int](repeating: 0, count: size)
    }

    mutating func add(_ rank: Int, _ weight: Int) {
        node[rank] += weight
        total += weight
        var i = rank + 1
        while i < tree.count { tree[i] += weight; i += i & -i }
    }

    /// Weight below, at and above `rank`.
    func split(_ rank: Int) -> (less: Int, equal: Int, greater: Int) {
        var below = 0
        var i = rank
        while i > 0 { below += tree[i]; i -= i & -i }
        let equal = node[rank]
        return (below, equal, total - below - equal)
    }

    /// Position of `value` in the sorted array of distinct values.
    static func index(of value: Double, in sorted: [Double]) -> Int {
        var lo = 0, hi = sorted.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
