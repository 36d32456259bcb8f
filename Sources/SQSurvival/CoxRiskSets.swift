import Foundation

/// The data laid out once for the backward pass over time (coxfit6 / agfit4).
///
/// Rows are sorted by stratum and then by decreasing stop time, and copied into
/// one contiguous row-major buffer after centring and scaling. The risk sets are
/// described by "groups": group g is a contiguous range of sorted rows that enter
/// the risk set just before the deaths at the g-th distinct event time of its
/// stratum (the censored rows with later times plus every row tied at that time).
/// For counting-process data, `exits` lists the rows leaving the risk set (start ≥
/// event time) before each group. Rows that are never at risk at any event time
/// are left out: they cannot change the partial likelihood.
struct CoxRiskSets: Sendable {
    let p: Int
    /// The sort, tie groups and exits (`CoxRiskSkeleton`), shared with any fit of the same endpoint.
    let skeleton: CoxRiskSkeleton
    /// Sorted rows, row-major, `(x − centre) × scale` per column.
    let x: [Double]
    /// Per column: the centre subtracted and the scale applied (coxfit6: scale =
    /// 1 / mean |x − centre|; columns of only −1, 0, 1 are left untouched).
    let centres: [Double]
    let scales: [Double]
    /// Sorted rows' offsets (coxph's `offset()`), nil when the model has none.
    let offset: [Double]?

    /// Sorted position → original row.
    var order: [Int] { skeleton.order }
    var event: [Bool] { skeleton.event }
    /// Sorted rows of group g: `groupBegin[g] ..< groupEnd[g]`; whether g opens its stratum.
    var groupBegin: [Int] { skeleton.groupBegin }
    var groupEnd: [Int] { skeleton.groupEnd }
    var groupOpensStratum: [Bool] { skeleton.groupOpensStratum }
    /// Sorted positions in the order they leave the risk set; `exits[exitBegin[g] ..< exitEnd[g]]` leave before group g.
    var exits: [Int] { skeleton.exits }
    var exitBegin: [Int] { skeleton.exitBegin }
    var exitEnd: [Int] { skeleton.exitEnd }

    var rowCount: Int { skeleton.order.count }
    var groupCount: Int { skeleton.groupBegin.count }

    init(_ data: CoxData, skeleton reused: CoxRiskSkeleton? = nil) {
        let skeleton = reused.flatMap { $0.matches(data) ? $0 : nil } ?? CoxRiskSkeleton(data)
        self.p = data.covariates.count
        self.skeleton = skeleton
        // Right-censored data are centred over every row, counting-process data over the rows at risk.
        let design = skeleton.columns.design(for: data.covariates, rows: data.entry == nil ? nil : skeleton.order,
                                             slot: skeleton.slot, sortedCount: skeleton.order.count)
        self.x = design.x
        self.centres = design.centres
        self.scales = design.scales
        self.offset = data.offset.map { offset in skeleton.order.map { offset[$0] } }
    }

    /// agreg.fit's `ignore`: a (start, stop] interval holding no event time of its
    /// stratum is never in a risk set.
    static func rowsAtRisk(entry: [Double], stop: [Double], event: [Bool], strata: [Int]) -> [Bool] {
        var times: [Int: [Double]] = [:]
        for i in 0..<stop.count where event[i] { times[strata[i], default: []].append(stop[i]) }
        for key in times.keys { times[key]?.sort() }
        return (0..<stop.count).map { i in
            guard let t = times[strata[i]] else { return false }
            return countAtOrBelow(t, stop[i]) > countAtOrBelow(t, entry[i])
        }
    }

    /// Number of elements of the sorted array `a` that are ≤ v.
    static func countAtOrBelow(_ a: [Double], _ v: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] <= v { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// coxfit6's centring and scaling of one column: centre = mean and scale =
    /// 1 / mean |x − centre| over `rows` (every row when nil); indicator-like
    /// columns keep centre 0 and scale 1.
    static func measure(_ column: [Double], rows: [Int]?) -> (centre: Double, scale: Double) {
        if isUncentred(column) { return (0, 1) }
        let count = rows?.count ?? column.count
        var sum = 0.0, absSum = 0.0
        if let rows { for row in rows { sum += column[row] } } else { for v in column { sum += v } }
        let centre = sum / Double(count)
        if let rows { for row in rows { absSum += abs(column[row] - centre) } } else { for v in column { absSum += abs(v - centre) } }
        return (centre, absSum > 0 ? Double(count) / absSum : 1)
    }

    /// coxph's `nocenter = c(-1, 0, 1)`: indicator-like columns are neither centred nor scaled.
    static func isUncentred(_ column: [Double]) -> Bool {
        column.allSatisfy { $0 == 0 || $0 == 1 || $0 == -1 }
    }

    /// Writes the design's columns `only` (the others are left as they are) in
    /// sorted order, row-major, centred and scaled (`slot`: each original row's
    /// sorted position, −1 when left out). Gathering through `order` would read
    /// every value at random (p misses per row); scattering instead reads the
    /// columns in order and writes each row's values to its sorted slot. The
    /// rows go in tiles of 2,048 whose slots stay in cache while each column
    /// fills them; one range of tiles per core for large data.
    static func scatterColumns(_ columns: [[Double]], only written: [Int], slot: [Int], centres: [Double], scales: [Double],
                               into x: UnsafeMutableBufferPointer<Double>) {
        let p = columns.count, n = slot.count
        guard !written.isEmpty, let base = x.baseAddress else { return }
        let blocks = n * written.count >= 1_000_000 ? 2 : 1
        let tile = 2_048
        slot.withUnsafeBufferPointer { slots in
            let target = SendablePointer(base), source = SendablePointer(slots.baseAddress)
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                guard let x = target.pointer, let slot = source.pointer else { return }
                let lower = block * n / blocks, upper = (block + 1) * n / blocks
                for tileStart in stride(from: lower, to: upper, by: tile) {
                    let tileEnd = min(tileStart + tile, upper)
                    for j in written {
                        let centre = centres[j], scale = scales[j]
                        columns[j].withUnsafeBufferPointer { column in
                            for i in tileStart..<tileEnd where slot[i] >= 0 {
                                x[slot[i] * p + j] = (column[i] - centre) * scale
                            }
                        }
                    }
                }
            }
        }
    }

    /// Copies the columns found in an earlier design of the same sorted rows:
    /// column j of the new design is column `sources[j]` of the old (nil: not
    /// there, left as it is), row by row in order; both cores for large data.
    static func copyColumns(from old: [Double], width q: Int, sources: [Int?], into x: UnsafeMutableBufferPointer<Double>, rows m: Int) {
        let p = sources.count
        let pairs = sources.enumerated().compactMap { j, source in source.map { (j, $0) } }
        guard !pairs.isEmpty, let base = x.baseAddress else { return }
        let blocks = m * pairs.count >= 1_000_000 ? 2 : 1
        old.withUnsafeBufferPointer { oldBuffer in
            let target = SendablePointer(base), from = SendablePointer(oldBuffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                guard let x = target.pointer, let old = from.pointer else { return }
                for k in (block * m / blocks)..<((block + 1) * m / blocks) {
                    let row = x + k * p, oldRow = old + k * q
                    for (j, source) in pairs { row[j] = oldRow[source] }
                }
            }
        }
    }
}

/// A pointer handed to concurrent workers that touch disjoint parts of its memory.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: T?
    init(_ pointer: T?) { self.pointer = pointer }
}
