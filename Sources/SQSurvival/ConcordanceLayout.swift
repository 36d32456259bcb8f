import Foundation

/// The rows in the order the concordance sweeps visit them — stratum
/// ascending, time descending, and within a tied time the censored rows before
/// the events — with the time, event and stratum of each gathered into that
/// order. It depends only on (time, event, strata), not on the predictor, so
/// the Cox skeleton builds it once and every later fit of the same endpoint on
/// the same rows reuses it (right-censored data).
public struct ConcordanceLayout: Sendable {
    /// Sweep position → original row, and original row → sweep position.
    let order: [Int]
    let position: [Int]
    let time: [Double]
    let event: [Bool]
    let stratum: [Int]

    /// `order`, when given, lists every row by stratum ascending and time
    /// descending (the Cox engine's own sort).
    init(time: [Double], event: [Bool], strata: [Int]?, order presorted: [Int]?) {
        let n = time.count
        var order = presorted ?? CoxSorting.byStratumThenTimeDescending(Array(0..<n), time: time, strata: strata)
        // Gathered into sorted order first, so the tie runs are found reading in order.
        let sortedTime = order.map { time[$0] }
        var sortedEvent = order.map { event[$0] }
        let sortedStratum = strata.map { s in order.map { s[$0] } } ?? [Int](repeating: 0, count: n)
        order.withUnsafeMutableBufferPointer { order in
            sortedEvent.withUnsafeMutableBufferPointer { event in
                Self.censoredFirstWithinTies(order, event: event, time: sortedTime, stratum: sortedStratum)
            }
        }
        var position = [Int](repeating: 0, count: n)
        for (k, row) in order.enumerated() { position[row] = k }
        self.order = order
        self.position = position
        self.time = sortedTime
        self.event = sortedEvent
        self.stratum = sortedStratum
    }

    /// Within each run of sorted rows tied on (stratum, time), moves the
    /// censored rows before the events, keeping their order otherwise (a
    /// stable partition of `order`; `event` follows): a censored row is still
    /// at risk at an event time it shares, and the sweeps take every event of
    /// a tied time at once, so no further order is needed.
    static func censoredFirstWithinTies(_ order: UnsafeMutableBufferPointer<Int>, event: UnsafeMutableBufferPointer<Bool>,
                                        time: [Double], stratum: [Int]) {
        let n = order.count
        var events: [Int] = []
        var blockStart = 0
        while blockStart < n {
            var blockEnd = blockStart + 1
            while blockEnd < n && time[blockEnd] == time[blockStart] && stratum[blockEnd] == stratum[blockStart] {
                blockEnd += 1
            }
            if blockEnd - blockStart > 1 {
                events.removeAll(keepingCapacity: true)
                var k = blockStart
                for i in blockStart..<blockEnd {
                    if event[i] { events.append(order[i]) } else { order[k] = order[i]; k += 1 }
                }
                let censored = k - blockStart
                for r in events { order[k] = r; k += 1 }
                for i in blockStart..<blockEnd { event[i] = i - blockStart >= censored }
            }
            blockStart = blockEnd
        }
    }
}
