import Dispatch

/// Work done on each column of a design on its own (a centre and scale, a
/// finite check, a size): on both cores when the columns hold many values,
/// each column's result written to its own slot.
public enum ColumnConcurrency {
    /// `transform` of each column, in column order; the columns shared between
    /// the cores from `threshold` values in all.
    public static func map<T>(_ columns: [[Double]], threshold: Int = 1_000_000,
                              _ transform: @Sendable ([Double]) -> T) -> [T] {
        guard columns.count > 1, (columns.first?.count ?? 0) * columns.count >= threshold else { return columns.map(transform) }
        return [T](unsafeUninitializedCapacity: columns.count) { buffer, initialized in
            // A buffer of two or more elements has a base address; each worker initialises its own slot.
            let out = SendablePointer(buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: columns.count) { j in
                out.pointer.map { ($0 + j).initialize(to: transform(columns[j])) }
            }
            initialized = columns.count
        }
    }
}
