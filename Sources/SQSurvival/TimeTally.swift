/// The distinct times of right-censored data, in order, with the events and
/// the censorings at each: what a Kaplan–Meier table is built from. Counted
/// through `DistinctKeys` when the times are few (day-resolution follow-up),
/// so only the distinct times are sorted; nil for more (continuous times),
/// which the caller sorts instead.
enum TimeTally {
    static func hashed(time: [Double], event: [Bool], limit: Int = DistinctKeys.limit) -> (times: [Double], events: [Double], censored: [Double])? {
        guard time.count == event.count else { return nil }
        let found = time.withUnsafeBufferPointer { time in
            DistinctKeys.identify(count: time.count, limit: limit) { CoxSorting.orderedBits(time[$0] == 0 ? 0 : time[$0]) }   // −0 and 0 are one time
        }
        guard let (distinct, ids) = found else { return nil }
        let rank = DistinctKeys.ranks(of: distinct)
        var times = [Double](repeating: 0, count: distinct.count)
        var events = times, censored = times
        for (id, key) in distinct.enumerated() { times[rank[id]] = CoxSorting.double(fromOrderedBits: key) }
        for (i, id) in ids.enumerated() {
            if event[i] { events[rank[Int(id)]] += 1 } else { censored[rank[Int(id)]] += 1 }
        }
        return (times, events, censored)
    }
}
