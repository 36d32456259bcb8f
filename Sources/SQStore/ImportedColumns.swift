/// The values an import writes, kept as the columns an analysis fetches
/// (`Column`), so the session's columnar copy of a new table costs no second
/// read: numbers (integer, real, boolean) as doubles with a NULL mask, text
/// and dates as strings — exactly what `fetchColumns` would return.
struct ImportedColumns {
    /// One growing column; a class, so appending does not copy-check the outer array.
    private final class Builder {
        let numeric: Bool
        var reals: [Double] = []
        var nulls: [Bool] = []
        var texts: [String?] = []
        init(numeric: Bool, capacity: Int) {
            self.numeric = numeric
            if numeric {
                reals.reserveCapacity(capacity)
                nulls.reserveCapacity(capacity)
            } else {
                texts.reserveCapacity(capacity)
            }
        }
    }

    private let builders: [Builder]

    init(types: [CSVType], capacity: Int) {
        builders = types.map { Builder(numeric: $0 == .integer || $0 == .real || $0 == .boolean, capacity: capacity) }
    }

    func appendNull(_ i: Int) {
        let b = builders[i]
        if b.numeric {
            b.reals.append(.nan)
            b.nulls.append(true)
        } else {
            b.texts.append(nil)
        }
    }

    func append(_ i: Int, number: Double) {
        let b = builders[i]
        b.reals.append(number)
        b.nulls.append(false)
    }

    func append(_ i: Int, text: String) { builders[i].texts.append(text) }

    var columns: [Column] {
        builders.map { $0.numeric ? .real(values: $0.reals, isNull: $0.nulls) : .text($0.texts) }
    }
}
