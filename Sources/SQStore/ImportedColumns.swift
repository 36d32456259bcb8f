import SQBackend
/// The values an import writes, kept as the columns an analysis fetches
/// (`FetchedColumn`), so the session's columnar copy of a new table costs no second
/// read: numbers (integer, real, boolean) as doubles with a NULL mask, text
/// and dates as strings — exactly what `fetchColumns` would return.
///
/// The first pass counted the rows, so each number column is one buffer of
/// that size written in place (no growth, no copy-on-write checks per value).
final class ImportedColumns {
    private let numeric: [Bool]
    private let rows: Int
    private var reals: [UnsafeMutablePointer<Double>] = []
    private var nulls: [UnsafeMutablePointer<Bool>] = []
    private var texts: [[String?]]
    private var written = 0

    init(types: [CSVType], capacity rows: Int) {
        self.rows = rows
        numeric = types.map { $0 == .integer || $0 == .real || $0 == .boolean }
        texts = numeric.map { $0 ? [] : [String?]() }
        for (i, isNumber) in numeric.enumerated() {
            reals.append(.allocate(capacity: isNumber ? max(rows, 1) : 1))
            nulls.append(.allocate(capacity: isNumber ? max(rows, 1) : 1))
            if !isNumber { texts[i].reserveCapacity(rows) }
        }
    }

    deinit {
        for p in reals { p.deallocate() }
        for p in nulls { p.deallocate() }
    }

    /// The row the next values belong to; call once per row after its fields.
    func finishRow() { written += 1 }

    func appendNull(_ i: Int) {
        if numeric[i] {
            guard written < rows else { return }
            reals[i][written] = .nan
            nulls[i][written] = true
        } else {
            texts[i].append(nil)
        }
    }

    func append(_ i: Int, number: Double) {
        guard written < rows else { return }
        reals[i][written] = number
        nulls[i][written] = false
    }

    func append(_ i: Int, text: String) { texts[i].append(text) }

    var columns: [FetchedColumn] {
        let count = min(written, rows)
        return numeric.indices.map { i in
            numeric[i] ? .real(values: Array(UnsafeBufferPointer(start: reals[i], count: count)),
                               isNull: Array(UnsafeBufferPointer(start: nulls[i], count: count)))
                       : .text(texts[i])
        }
    }
}
