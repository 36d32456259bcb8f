/// The distinct times of right-censored data, in order, with the events and
/// the censorings at each: what a Kaplan–Meier table is built from.
///
/// Follow-up recorded in days has a few thousand distinct times among a
/// million rows; those are counted in a hash table small enough for the cache
/// (one probe a row), and only the distinct times are sorted. Data with more
/// distinct times than `limit` (continuous times) gives nil after at most one
/// pass, and the caller sorts every time instead.
enum TimeTally {
    static let limit = 1 << 15

    static func hashed(time: [Double], event: [Bool], limit: Int = limit) -> (times: [Double], events: [Double], censored: [Double])? {
        guard time.count == event.count, time.count < Int(UInt32.max) else { return nil }
        // A table twice the size of `limit` (a power of two), so probes stay short.
        var bits = 1
        while 1 << bits < 2 * limit { bits += 1 }
        let capacity = 1 << bits, mask = capacity - 1
        var keys = [UInt64](repeating: 0, count: capacity)
        var deaths = [UInt32](repeating: 0, count: capacity)
        var censorings = [UInt32](repeating: 0, count: capacity)
        var distinct = 0
        let complete = time.withUnsafeBufferPointer { time in
            event.withUnsafeBufferPointer { event in
                keys.withUnsafeMutableBufferPointer { keys in
                    deaths.withUnsafeMutableBufferPointer { deaths in
                        censorings.withUnsafeMutableBufferPointer { censorings in
                            for row in 0..<time.count {
                                let key = CoxSorting.orderedBits(time[row] == 0 ? 0 : time[row])   // −0 and 0 are one time
                                // Fibonacci hashing: the high bits of key × 2^64/φ.
                                var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
                                while deaths[slot] | censorings[slot] != 0, keys[slot] != key { slot = (slot + 1) & mask }
                                if deaths[slot] | censorings[slot] == 0 {
                                    distinct += 1
                                    if distinct > limit { return false }
                                    keys[slot] = key
                                }
                                if event[row] { deaths[slot] += 1 } else { censorings[slot] += 1 }
                            }
                            return true
                        }
                    }
                }
            }
        }
        guard complete else { return nil }
        let occupied = (0..<capacity).filter { deaths[$0] | censorings[$0] != 0 }.sorted { keys[$0] < keys[$1] }
        return (occupied.map { CoxSorting.double(fromOrderedBits: keys[$0]) },
                occupied.map { Double(deaths[$0]) }, occupied.map { Double(censorings[$0]) })
    }
}
