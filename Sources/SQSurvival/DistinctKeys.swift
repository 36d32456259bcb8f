/// The distinct values among many 64-bit keys, when they are few: follow-up
/// recorded in days has some thousands of distinct times among a million
/// rows. A hash table of twice `limit` slots stays in the cache, so finding
/// them is one probe a key; past `limit` distinct keys it gives up (after at
/// most one pass) and the caller sorts instead.
enum DistinctKeys {
    static let limit = 1 << 15

    /// The distinct keys in order of first appearance, and each key's index
    /// among them; nil when there are more than `limit`.
    @inline(__always)
    static func identify(count n: Int, limit: Int = limit, key: (Int) -> UInt64) -> (distinct: [UInt64], ids: [UInt32])? {
        guard n < Int(UInt32.max), limit < Int(UInt32.max) / 2 else { return nil }
        var bits = 1
        while 1 << bits < 2 * limit { bits += 1 }
        let mask = (1 << bits) - 1
        // Slot → 1 + index of its key among the distinct ones (0: empty).
        var table = [UInt32](repeating: 0, count: 1 << bits)
        var distinct: [UInt64] = []
        distinct.reserveCapacity(min(limit, n))
        var ids = [UInt32](repeating: 0, count: n)
        let complete = table.withUnsafeMutableBufferPointer { table in
            ids.withUnsafeMutableBufferPointer { ids in
                for i in 0..<n {
                    let k = key(i)
                    // Fibonacci hashing: the high bits of k × 2^64/φ.
                    var slot = Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
                    while true {
                        let entry = table[slot]
                        if entry == 0 {
                            guard distinct.count < limit else { return false }
                            distinct.append(k)
                            table[slot] = UInt32(distinct.count)
                            ids[i] = UInt32(distinct.count - 1)
                            break
                        }
                        if distinct[Int(entry) - 1] == k { ids[i] = entry - 1; break }
                        slot = (slot + 1) & mask
                    }
                }
                return true
            }
        }
        return complete ? (distinct, ids) : nil
    }

    /// Each distinct key's place in ascending order of the keys.
    static func ranks(of distinct: [UInt64]) -> [Int] {
        var rank = [Int](repeating: 0, count: distinct.count)
        for (place, id) in distinct.indices.sorted(by: { distinct[$0] < distinct[$1] }).enumerated() { rank[id] = place }
        return rank
    }
}
