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
        let stratumOfRow = strata ?? [Int](repeating: 0, count: n)
        var order = presorted ?? CoxSorting.byStratumThenTimeDescending(Array(0..<n), time: time, strata: strata)
        order.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            Self.censoredFirstWithinTies(base, count: n, time: time, event: event, stratum: stratumOfRow)
        }
        var position = [Int](repeating: 0, count: n)
        for (k, row) in order.enumerated() { position[row] = k }
        self.order = order
        self.position = position
        self.time = order.map { time[$0] }
        self.event = order.map { event[$0] }
        self.stratum = strata.map { s in order.map { s[$0] } } ?? stratumOfRow
    }

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
