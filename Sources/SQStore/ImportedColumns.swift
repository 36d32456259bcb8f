/// The values an import writes, kept as the columns an analysis fetches
/// (`Column`), so the session's columnar copy of a new table costs no second
/// read: numbers (integer, real, boolean) as doubles with a NULL mask, text
/// and dates as strings — exactly what `fetchColumns` would return.
struct ImportedColumns {
    private var reals: [[Double]]
    private var nulls: [[Bool]]
    private var texts: [[String?]]
    private let numeric: [Bool]

    init(types: [CSVType], capacity: Int) {
        numeric = types.map { $0 == .integer || $0 == .real || $0 == .boolean }
        reals = numeric.map { $0 ? [Double]() : [] }
        nulls = numeric.map { $0 ? [Bool]() : [] }
        texts = numeric.map { $0 ? [] : [String?]() }
        for i in numeric.indices {
            if numeric[i] {
                reals[i].reserveCapacity(capacity)
                nulls[i].reserveCapacity(capacity)
            } else {
                texts[i].reserveCapacity(capacity)
            }
        }
    }

    mutating func appendNull(_ i: Int) {
        if numeric[i] {
            reals[i].append(.nan)
            nulls[i].append(true)
        } else {
            texts[i].append(nil)
        }
    }

    mutating func append(_ i: Int, number: Double) {
        reals[i].append(number)
        nulls[i].append(false)
    }

    mutating func append(_ i: Int, text: String) { texts[i].append(text) }

    var columns: [Column] {
        numeric.indices.map { numeric[$0] ? .real(values: reals[$0], isNull: nulls[$0]) : .text(texts[$0]) }
    }
}
