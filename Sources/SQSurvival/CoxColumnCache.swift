import Foundation

/// The last fit's design on one `CoxRiskSkeleton` — its covariate columns,
/// their coxfit6 centres and scales, and the sorted, centred and scaled
/// row-major design the fit ran on — so the next fit of the same endpoint on
/// the same rows (other terms, `each`, a cutoff scan, `check ph`) copies the
/// columns it shares with it from that design, row by row in order, instead
/// of measuring them and scattering them to their sorted places again. A
/// column is found by equality with one kept (immediate when the two share
/// storage, as a column from the session's column cache does); the cache holds
/// its columns, so a kept column's storage cannot be freed and reused while it
/// is here.
final class CoxColumnCache: @unchecked Sendable {
    private struct Design {
        let columns: [[Double]]
        let centres: [Double]
        let scales: [Double]
        let x: [Double]
    }

    /// Designs beyond this many bytes are not kept (the cache holds one besides the fit's own).
    static let byteLimit = 512 << 20
    private var last: Design?
    private let lock = NSLock()

    /// The design of `columns` in sorted order (`slot`: each original row's
    /// sorted position, −1 when left out), centred and scaled, with the
    /// centres and scales; `rows`: the rows these are measured over (nil: all).
    func design(for columns: [[Double]], rows: [Int]?, slot: [Int], sortedCount m: Int)
        -> (x: [Double], centres: [Double], scales: [Double]) {
        lock.lock()
        let kept = last
        lock.unlock()
        let p = columns.count
        let source: [Int?] = columns.map { column in kept?.columns.firstIndex { $0 == column } }
        let missing = (0..<p).filter { source[$0] == nil }
        var centres = [Double](repeating: 0, count: p), scales = [Double](repeating: 1, count: p)
        for j in 0..<p { if let q = source[j], let kept { centres[j] = kept.centres[q]; scales[j] = kept.scales[q] } }
        let measured = ColumnConcurrency.map(missing.map { columns[$0] }) { CoxRiskSets.measure($0, rows: rows) }
        for (k, j) in missing.enumerated() { (centres[j], scales[j]) = measured[k] }
        let x = [Double](unsafeUninitializedCapacity: m * p) { buffer, initialized in
            // Every sorted position has one original row, so each entry is written once below.
            if let kept, missing.count < p {
                CoxRiskSets.copyColumns(from: kept.x, width: kept.columns.count, sources: source, into: buffer, rows: m)
            }
            CoxRiskSets.scatterColumns(columns, only: missing, slot: slot, centres: centres, scales: scales, into: buffer)
            initialized = m * p
        }
        lock.lock()
        last = m * p * MemoryLayout<Double>.stride <= Self.byteLimit ? Design(columns: columns, centres: centres, scales: scales, x: x) : nil
        lock.unlock()
        return (x, centres, scales)
    }
}
