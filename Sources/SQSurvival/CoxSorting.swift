/// The sorts the Cox engine needs — rows by stratum (ascending) then time
/// (descending), and predictor values to dense ranks — as a stable LSD radix
/// sort on order-preserving 64-bit keys: linear time and sequential memory
/// access, which matters at a million rows.
enum CoxSorting {
    /// Rows `rows` ordered by stratum ascending, then `time` descending (stable).
    static func byStratumThenTimeDescending(_ rows: [Int], time: [Double], strata: [Int]?) -> [Int] {
        var order = rows
        order = radixSort(order, key: { ~orderedBits(time[$0]) })
        if let strata {
            order = radixSort(order, key: { UInt64(bitPattern: Int64(strata[$0])) ^ (1 << 63) })
        }
        return order
    }

    /// Rank of each value among the distinct values (0-based), and the number of distinct values.
    static func denseRanks(_ values: [Double]) -> (ranks: [Int], count: Int) {
        let sorted = radixSort(Array(values.indices), key: { orderedBits(values[$0]) })
        var ranks = [Int](repeating: 0, count: values.count)
        var rank = -1
        var previous = 0.0
        for row in sorted {
            if rank < 0 || values[row] != previous { rank += 1; previous = values[row] }
            ranks[row] = rank
        }
        return (ranks, rank + 1)
    }

    /// Maps a Double to a UInt64 whose unsigned order is the numeric order.
    @inline(__always)
    static func orderedBits(_ x: Double) -> UInt64 {
        let bits = x.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    /// Stable sort of `items` by `key`: LSD radix, 11 bits per pass (16 for a
    /// million rows and more, where four passes beat six); every digit's
    /// histogram comes from one read of the keys, and passes in which every key
    /// has the same digit are skipped.
    static func radixSort(_ items: [Int], key: (Int) -> UInt64) -> [Int] {
        let n = items.count
        guard n > 1 else { return items }
        var keys = items.map(key)
        var digits = RadixDigits(keys, bits: n >= 1 << 19 ? 16 : 11)
        var source = items
        var target = [Int](repeating: 0, count: n)
        var keyTarget = [UInt64](repeating: 0, count: n)
        for d in 0..<digits.count where digits.prepareSlots(d) {
            keys.withUnsafeBufferPointer { k in
                source.withUnsafeBufferPointer { from in
                    target.withUnsafeMutableBufferPointer { to in
                        keyTarget.withUnsafeMutableBufferPointer { keyTo in
                            digits.withSlots(d) { digit, slots in
                                for i in 0..<n {
                                    let b = digit(k[i])
                                    let slot = slots[b]
                                    slots[b] = slot + 1
                                    to[slot] = from[i]
                                    keyTo[slot] = k[i]
                                }
                            }
                        }
                    }
                }
            }
            swap(&source, &target)
            swap(&keys, &keyTarget)
        }
        return source
    }

    /// The inverse of `orderedBits`.
    @inline(__always)
    static func double(fromOrderedBits bits: UInt64) -> Double {
        Double(bitPattern: bits & (1 << 63) != 0 ? bits & ~(1 << 63) : ~bits)
    }

    /// Sorts keys alone (no payload): one pass builds every digit's histogram,
    /// then one scatter per digit that is not the same for all keys. Day-
    /// resolution times share their high bits, so most passes are skipped.
    static func sortKeys(_ input: [UInt64]) -> [UInt64] {
        let n = input.count
        guard n > 1 else { return input }
        var digits = RadixDigits(input, bits: 11)
        var source = input
        var target = [UInt64](repeating: 0, count: n)
        for d in 0..<digits.count where digits.prepareSlots(d) {
            source.withUnsafeBufferPointer { from in
                target.withUnsafeMutableBufferPointer { to in
                    digits.withSlots(d) { digit, slots in
                        for k in from {
                            let b = digit(k)
                            to[slots[b]] = k
                            slots[b] += 1
                        }
                    }
                }
            }
            swap(&source, &target)
        }
        return source
    }
}

/// The per-digit histograms of an LSD radix sort, all counted in one read of
/// the keys, turned into each pass's starting slots on demand.
struct RadixDigits {
    let bits: Int
    let buckets: Int
    let count: Int
    private let total: Int
    private var histogram: [Int]

    init(_ keys: [UInt64], bits: Int) {
        self.bits = bits
        buckets = 1 << bits
        count = (64 + bits - 1) / bits
        total = keys.count
        histogram = [Int](repeating: 0, count: buckets * count)
        let mask = UInt64(buckets - 1), buckets = self.buckets, count = self.count
        histogram.withUnsafeMutableBufferPointer { h in
            for k in keys {
                for d in 0..<count { h[d * buckets + Int((k >> UInt64(d * bits)) & mask)] += 1 }
            }
        }
    }

    /// Turns digit `d`'s counts into starting slots; false when every key has
    /// the same digit there, so the pass can be skipped.
    mutating func prepareSlots(_ d: Int) -> Bool {
        let base = d * buckets
        if histogram[base..<(base + buckets)].contains(total) { return false }
        var sum = 0
        for b in 0..<buckets { let c = histogram[base + b]; histogram[base + b] = sum; sum += c }
        return true
    }

    /// Runs `body` with digit `d`'s bucket function and its slots.
    mutating func withSlots(_ d: Int, _ body: ((UInt64) -> Int, UnsafeMutableBufferPointer<Int>) -> Void) {
        let shift = UInt64(d * bits), mask = UInt64(buckets - 1), base = d * buckets, buckets = self.buckets
        histogram.withUnsafeMutableBufferPointer { all in
            let slots = UnsafeMutableBufferPointer(rebasing: all[base..<(base + buckets)])
            body({ Int(($0 >> shift) & mask) }, slots)
        }
    }
}
