import Dispatch

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
    ///
    /// Each row is one 64-bit word: the top bits of its order-preserving key
    /// above its row number (`b` bits for n rows), so the radix sort moves 8
    /// bytes a row instead of a key and a row number, and passes over the row
    /// number are not needed. Rows whose truncated keys tie are then put in the
    /// order of their full keys (runs are short unless the values are equal,
    /// which needs no reordering for ranks).
    static func denseRanks(_ values: [Double]) -> (ranks: [Int], count: Int) {
        let n = values.count
        var ranks = [Int](repeating: 0, count: n)
        guard n > 1 else { return (ranks, n) }
        let indexBits = UInt64(Int.bitWidth - (n - 1).leadingZeroBitCount)
        let rowMask = (UInt64(1) << indexBits) - 1
        var words = [UInt64](repeating: 0, count: n)
        for i in 0..<n { words[i] = (orderedBits(values[i]) & ~rowMask) | UInt64(i) }
        words = sortKeysOnBothCores(words, above: Int(indexBits))
        var sorted = words.map { Int($0 & rowMask) }
        // In place through one buffer: sorting `sorted[start..<end]` as a slice copies the whole array each time.
        sorted.withUnsafeMutableBufferPointer { sorted in
            var start = 0
            while start < n {
                let prefix = words[start] & ~rowMask
                var end = start + 1
                while end < n && words[end] & ~rowMask == prefix { end += 1 }
                if end - start > 1, (start..<(end - 1)).contains(where: { orderedBits(values[sorted[$0]]) > orderedBits(values[sorted[$0 + 1]]) }) {
                    var run = UnsafeMutableBufferPointer(rebasing: sorted[start..<end])
                    run.sort { orderedBits(values[$0]) < orderedBits(values[$1]) }
                }
                start = end
            }
        }
        // A new value where the truncated key changes (−0 to +0 excepted); inside
        // a run of one truncated key, where the value does (`!=`: NaN is new each time).
        let negativeZero = orderedBits(-0.0) & ~rowMask, positiveZero = orderedBits(0.0) & ~rowMask
        var rank = 0
        ranks[sorted[0]] = 0
        for k in 1..<n {
            let row = sorted[k], prefix = words[k] & ~rowMask, before = words[k - 1] & ~rowMask
            if prefix == before || (before == negativeZero && prefix == positiveZero) {
                if values[row] != values[sorted[k - 1]] { rank += 1 }
            } else {
                rank += 1
            }
            ranks[row] = rank
        }
        return (ranks, rank + 1)
    }

    /// `sortKeys` on both cores for large inputs: the keys below a sampled
    /// pivot and the rest are sorted apart, one part on each core, and put one
    /// after the other (every key of the first part is below every key of the second).
    static func sortKeysOnBothCores(_ keys: [UInt64], above skipped: Int) -> [UInt64] {
        let n = keys.count
        guard n >= 1 << 18 else { return sortKeys(keys, above: skipped) }
        var sample = stride(from: 0, to: n, by: n / 1024).map { keys[$0] }
        sample.sort()
        let pivot = sample[sample.count / 2]
        var below: [UInt64] = [], rest: [UInt64] = []
        below.reserveCapacity(n / 2 + n / 8)
        rest.reserveCapacity(n / 2 + n / 8)
        for key in keys { if key < pivot { below.append(key) } else { rest.append(key) } }
        let parts = SortedParts()
        let halves = (below, rest)
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 { parts.low = sortKeys(halves.0, above: skipped) } else { parts.high = sortKeys(halves.1, above: skipped) }
        }
        return parts.low + parts.high
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
        if n >= 1 << 14, let sorted = countingSort(items, keys: keys, limit: min(DistinctKeys.limit, n / 8)) { return sorted }
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

    /// Stable sort of `items` by `keys` when the keys have at most `limit`
    /// distinct values (day-resolution times, strata): each key's rank among
    /// the distinct ones, then one counting pass and one scatter, as a radix
    /// sort's pass but once; nil for more distinct keys.
    static func countingSort(_ items: [Int], keys: [UInt64], limit: Int) -> [Int]? {
        let found = keys.withUnsafeBufferPointer { keys in DistinctKeys.identify(count: keys.count, limit: limit) { keys[$0] } }
        guard let (distinct, ids) = found else { return nil }
        let rank = DistinctKeys.ranks(of: distinct)
        var start = [Int](repeating: 0, count: distinct.count + 1)
        for id in ids { start[rank[Int(id)] + 1] += 1 }
        for r in 0..<distinct.count { start[r + 1] += start[r] }
        var sorted = [Int](repeating: 0, count: items.count)
        sorted.withUnsafeMutableBufferPointer { sorted in
            start.withUnsafeMutableBufferPointer { next in
                for (i, id) in ids.enumerated() {
                    let r = rank[Int(id)]
                    sorted[next[r]] = items[i]
                    next[r] += 1
                }
            }
        }
        return sorted
    }

    /// The inverse of `orderedBits`.
    @inline(__always)
    static func double(fromOrderedBits bits: UInt64) -> Double {
        Double(bitPattern: bits & (1 << 63) != 0 ? bits & ~(1 << 63) : ~bits)
    }

    /// Sorts keys alone (no payload): one pass builds every digit's histogram,
    /// then one scatter per digit that is not the same for all keys. Day-
    /// resolution times share their high bits, so most passes are skipped.
    /// With `above`, the keys' lowest `above` bits are left unsorted.
    static func sortKeys(_ input: [UInt64], above skipped: Int = 0) -> [UInt64] {
        let n = input.count
        guard n > 1 else { return input }
        var digits = RadixDigits(input, bits: 11, skipping: skipped)
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
    let skipped: Int
    let buckets: Int
    let count: Int
    private let total: Int
    private var histogram: [Int]

    /// Digits of `bits` bits from bit `skipped` up (the bits below are not sorted).
    init(_ keys: [UInt64], bits: Int, skipping skipped: Int = 0) {
        self.bits = bits
        self.skipped = skipped
        buckets = 1 << bits
        count = (64 - skipped + bits - 1) / bits
        total = keys.count
        histogram = [Int](repeating: 0, count: buckets * count)
        let mask = UInt64(buckets - 1), buckets = self.buckets, count = self.count
        histogram.withUnsafeMutableBufferPointer { h in
            for k in keys {
                for d in 0..<count { h[d * buckets + Int((k >> UInt64(skipped + d * bits)) & mask)] += 1 }
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
        let shift = UInt64(skipped + d * bits), mask = UInt64(buckets - 1), base = d * buckets, buckets = self.buckets
        histogram.withUnsafeMutableBufferPointer { all in
            let slots = UnsafeMutableBufferPointer(rebasing: all[base..<(base + buckets)])
            body({ Int(($0 >> shift) & mask) }, slots)
        }
    }
}

/// The two sorted parts of `sortKeysOnBothCores`, one written by each worker.
private final class SortedParts: @unchecked Sendable {
    var low: [UInt64] = [], high: [UInt64] = []
}
