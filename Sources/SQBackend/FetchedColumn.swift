/// An analysis column: contiguous values, no per-row objects. Numbers keep a
/// NULL mask (the value under a NULL is NaN); text keeps nil for NULL.
public enum FetchedColumn: Sendable, Equatable {
    case real(values: [Double], isNull: [Bool])
    case text([String?])

    public var count: Int {
        switch self {
        case .real(let values, _): return values.count
        case .text(let values): return values.count
        }
    }

    public func isNull(_ row: Int) -> Bool {
        switch self {
        case .real(_, let nulls): return nulls[row]
        case .text(let values): return values[row] == nil
        }
    }
}
