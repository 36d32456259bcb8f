import Foundation

/// What a Cox fit's risk sets depend on besides the covariates: the rows
/// sorted by stratum and decreasing stop time, the tie groups at each event
/// time and, for counting-process data, the order rows leave the risk set.
/// It depends only on (time, event, entry, strata), so a second model of the
/// same endpoint on the same rows — other terms, `each`, a cutoff scan, a
/// `check ph` — reuses it instead of sorting again (coxph.fit and agreg.fit
/// sort on every call).
public struct CoxRiskSkeleton: Sendable {
    // The inputs, to tell whether the skeleton fits another model's data
    // (array equality is immediate when they share storage).
    private let time: [Double]
    private let eventInput: [Bool]
    private let entry: [Double]?
    private let strata: [Int]?

    /// Sorted position → original row; original row → sorted position (−1 if left out).
    let order: [Int]
    let slot: [Int]
    let event: [Bool]
    let groupBegin: [Int]
    let groupEnd: [Int]
    let groupOpensStratum: [Bool]
    let exits: [Int]
    let exitBegin: [Int]
    let exitEnd: [Int]
    /// The concordance's sweep order (right-censored data; nil for (start, stop]).
    public let concordance: ConcordanceLayout?
    /// The last fit's covariate columns, measured and in sorted order.
    let columns = CoxColumnCache()

    public func matches(_ data: CoxData) -> Bool {
        data.time == time && data.event == eventInput && data.entry == entry && data.strata == strata
    }

    public init(_ data: CoxData) {
        time = data.time
        eventInput = data.event
        entry = data.entry
        strata = data.strata
        let n = data.count
        let stop = data.time
        let strata = data.strata ?? [Int](repeating: 0, count: n)

        let used = data.entry.map { CoxRiskSets.rowsAtRisk(entry: $0, stop: stop, event: data.event, strata: strata) }
        // One sort: stratum ascending, stop time descending.
        let order = CoxSorting.byStratumThenTimeDescending(
            used.map { u in (0..<n).filter { u[$0] } } ?? Array(0..<n), time: stop, strata: data.strata)
        self.order = order
        let m = order.count
        // The concordance's layout and the tie groups do not depend on each
        // other: one is built on each core.
        let parts = SkeletonParts()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                var slot = [Int](repeating: -1, count: n)
                for (k, row) in order.enumerated() { slot[row] = k }
                parts.slot = slot
                parts.event = order.map { data.event[$0] }
                parts.groups = Self.tieGroups(order: order, stop: stop, event: data.event, strata: strata)
            } else if data.entry == nil {
                parts.layout = ConcordanceLayout(time: data.time, event: data.event, strata: data.strata, order: order)
            }
        }
        let slot = parts.slot
        let (begin, end, opens) = parts.groups
        self.slot = slot
        self.event = parts.event
        self.groupBegin = begin
        self.groupEnd = end
        self.groupOpensStratum = opens
        self.concordance = parts.layout

        // Exits: stratum ascending, start descending; a row leaves before the first
        // group whose event time is at or below its start.
        guard let entry = data.entry else {
            exits = []
            exitBegin = [Int](repeating: 0, count: begin.count)
            exitEnd = exitBegin
            return
        }
        let exits = CoxSorting.byStratumThenTimeDescending(order, time: entry, strata: data.strata)
            .map { slot[$0] }
        var exitBegin = [Int](repeating: 0, count: begin.count)
        var exitEnd = exitBegin
        var pointer = 0
        for g in 0..<begin.count {
            let lead = order[begin[g]]
            let stratum = strata[lead]
            let t = stop[order[end[g] - 1]]
            if opens[g] {
                while pointer < m && strata[order[exits[pointer]]] < stratum { pointer += 1 }
            }
            exitBegin[g] = pointer
            while pointer < m, strata[order[exits[pointer]]] == stratum, entry[order[exits[pointer]]] >= t {
                pointer += 1
            }
            exitEnd[g] = pointer
        }
        self.exits = exits
        self.exitBegin = exitBegin
        self.exitEnd = exitEnd
    }

    /// One group per distinct event time within each stratum: the sorted rows
    /// that enter the risk set just before its deaths, and whether it opens its stratum.
    private static func tieGroups(order: [Int], stop: [Double], event: [Bool], strata: [Int])
        -> (begin: [Int], end: [Int], opens: [Bool]) {
        let m = order.count
        var begin: [Int] = [], end: [Int] = [], opens: [Bool] = []
        var k = 0
        while k < m {
            let stratum = strata[order[k]]
            var pending = k
            var stratumEnd = k
            while stratumEnd < m && strata[order[stratumEnd]] == stratum { stratumEnd += 1 }
            var first = true
            var i = k
            while i < stratumEnd {
                if !event[order[i]] { i += 1; continue }
                let t = stop[order[i]]
                var last = i
                while last < stratumEnd && stop[order[last]] == t { last += 1 }
                begin.append(pending); end.append(last); opens.append(first)
                first = false
                pending = last
                i = last
            }
            k = stratumEnd
        }
        return (begin, end, opens)
    }
}

/// The skeleton's parts built on the two cores, one field set by each worker.
private final class SkeletonParts: @unchecked Sendable {
    var slot: [Int] = []
    var event: [Bool] = []
    var groups: (begin: [Int], end: [Int], opens: [Bool]) = ([], [], [])
    var layout: ConcordanceLayout?
}
