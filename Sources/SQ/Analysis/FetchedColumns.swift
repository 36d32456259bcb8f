import Foundation
import SQCompiler
import SQBackend

/// The columns an analysis fetched, with the helpers every analysis needs:
/// complete-case rows (R's na.omit over the columns a model uses), the 0/1
/// event check, and grouping by `by` values in R's level order.
struct FetchedColumns {
    let request: DataRequest
    let columns: [FetchedColumn]
    let rowCount: Int
    /// Request column → the level order its value labels declare (SPSS, Stata, SAS imports).
    var declaredLevels: [Int: [String]] = [:]

    init(request: DataRequest, columns: [FetchedColumn]) {
        self.request = request
        self.columns = columns
        self.rowCount = columns.first?.count ?? 0
    }

    func isNull(_ column: Int, _ row: Int) -> Bool { columns[column].isNull(row) }

    /// Rows with no NULL in any of `used`.
    func completeRows(_ used: [Int]) -> [Int] {
        // Columns without a NULL (most, after an import) are skipped by one
        // memchr over their marks; then one pass over each remaining column's
        // marks, and one over the rows.
        let withNulls = Set(used).filter { column in
            switch columns[column] {
            case .real(_, let nulls):
                return nulls.withUnsafeBytes { bytes in bytes.baseAddress.map { memchr($0, 1, bytes.count) != nil } ?? false }
            case .text(let values): return values.contains(nil)
            }
        }
        if withNulls.isEmpty { return Array(0..<rowCount) }
        var missing = [Bool](repeating: false, count: rowCount)
        for column in withNulls {
            switch columns[column] {
            case .real(_, let nulls): for row in 0..<rowCount where nulls[row] { missing[row] = true }
            case .text(let values): for row in 0..<rowCount where values[row] == nil { missing[row] = true }
            }
        }
        var rows: [Int] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount where !missing[row] { rows.append(row) }
        return rows
    }

    func numbers(_ column: Int, rows: [Int]) -> [Double] {
        switch columns[column] {
        case .real(let values, _):
            // `rows` is ascending and distinct (complete rows, or a subset of
            // them): as many as there are rows means all of them, in order.
            if rows.count == values.count, rows.first == 0, rows.last == values.count - 1 { return values }
            return rows.map { values[$0] }
        case .text(let values): return rows.map { values[$0].flatMap(Double.init) ?? .nan }
        }
    }

    func value(_ column: Int, _ row: Int) -> Value {
        switch columns[column] {
        case .real(let values, let nulls): return nulls[row] ? .null : .number(values[row])
        case .text(let values): return values[row].map(Value.text) ?? .null
        }
    }

    /// The event indicator as Bool, or an error naming the values found when
    /// they are not 0/1 (docs/language.md, "endpoint": R's 1/2 coding must never be silently misread).
    func events(_ endpoint: EndpointColumns, rows: [Int]) throws -> [Bool] {
        let values = numbers(endpoint.event, rows: rows)
        var bad = Set<Double>()
        var result = [Bool](repeating: false, count: values.count)
        for (i, v) in values.enumerated() {
            if v == 1 { result[i] = true } else if v != 0 { bad.insert(v) }
        }
        guard bad.isEmpty else {
            let found = Set(values).sorted().prefix(6).map { Value.number($0).description }.joined(separator: ", ")
            let largest = Set(values).max().map { Value.number($0).description } ?? "2"
            throw RuntimeError(message: "the event of endpoint `\(endpoint.name)` (`\(endpoint.eventLabel)`) must be 0/1 or true/false; found \(found)",
                               hints: ["if \(largest) means the event, write `surv(time, \(endpoint.eventLabel) == \(largest))`"])
        }
        return result
    }

    /// Distinct combinations of the `by` columns over `rows`, ordered as R orders
    /// strata (first variable slowest, each in sorted level order), and each row's group.
    func groups(_ by: [GroupColumn], rows: [Int]) -> (keys: [[Value]], codes: [Int]) {
        guard !by.isEmpty else { return ([[]], [Int](repeating: 0, count: rows.count)) }
        let perColumn = by.map { levels(of: $0.column, rows: rows) }
        let (provisional, groupCount) = Self.refine(perColumn, rows: rows)
        var firstRow = [Int](repeating: -1, count: groupCount)
        for i in rows.indices where firstRow[provisional[i]] < 0 { firstRow[provisional[i]] = i }
        let keys = firstRow.map { i in perColumn.map { $0.levels[$0.codes[i]] } }
        let order = keys.indices.sorted { keyPrecedes(keys[$0], keys[$1], columns: by.map(\.column)) }
        var remap = [Int](repeating: 0, count: keys.count)
        for (newIndex, old) in order.enumerated() { remap[old] = newIndex }
        return (order.map { keys[$0] }, provisional.map { remap[$0] })
    }

    /// How many groups `groups` would make, without ordering them (sorting
    /// levels is the costly part), so a limit can be checked first.
    func groupCount(_ by: [GroupColumn], rows: [Int]) -> Int {
        guard !by.isEmpty else { return 1 }
        return Self.refine(by.map { levels(of: $0.column, rows: rows) }, rows: rows).count
    }

    /// Each further column refines the groups so far: (group, level) pairs are
    /// numbered as first seen, an integer key per row (no array per row); both
    /// numbers are below the row count, so the key cannot overflow.
    private static func refine(_ perColumn: [(levels: [Value], codes: [Int])], rows: [Int]) -> (codes: [Int], count: Int) {
        var provisional = perColumn[0].codes
        var groupCount = perColumn[0].levels.count
        for column in perColumn.dropFirst() {
            let width = max(column.levels.count, 1)
            var index: [Int: Int] = [:]
            for i in rows.indices {
                let key = provisional[i] * width + column.codes[i]
                if let group = index[key] { provisional[i] = group } else {
                    provisional[i] = index.count
                    index[key] = index.count
                }
            }
            groupCount = index.count
        }
        return (provisional, groupCount)
    }

    /// The distinct values of one column over `rows` in first-seen order, and
    /// each row's index among them, read from the column's own storage (no
    /// `Value` per row). NULL is a level of its own.
    func levels(of column: Int, rows: [Int]) -> (levels: [Value], codes: [Int]) {
        var levels: [Value] = []
        var codes = [Int](repeating: 0, count: rows.count)
        var nullCode = -1
        switch columns[column] {
        case .real(let values, let nulls):
            // Codes 0...255 (a 0/1 column, a stage, a centre number): a table, not a hash per row.
            var small = [Int](repeating: -1, count: 256)
            var smallOnly = true
            for (i, row) in rows.enumerated() {
                if nulls[row] {
                    if nullCode < 0 { nullCode = levels.count; levels.append(.null) }
                    codes[i] = nullCode
                    continue
                }
                let v = values[row]
                guard v >= 0, v < 256, v == v.rounded(.towardZero), v.sign == .plus else { smallOnly = false; break }
                let slot = Int(v)
                if small[slot] < 0 { small[slot] = levels.count; levels.append(.number(v)) }
                codes[i] = small[slot]
            }
            if smallOnly { break }
            levels = []
            nullCode = -1
            var index: [Double: Int] = [:]
            for (i, row) in rows.enumerated() {
                if nulls[row] {
                    if nullCode < 0 { nullCode = levels.count; levels.append(.null) }
                    codes[i] = nullCode
                } else if let k = index[values[row]] {
                    codes[i] = k
                } else {
                    index[values[row]] = levels.count
                    codes[i] = levels.count
                    levels.append(.number(values[row]))
                }
            }
        case .text(let values):
            var index: [String: Int] = [:]
            for (i, row) in rows.enumerated() {
                guard let text = values[row] else {
                    if nullCode < 0 { nullCode = levels.count; levels.append(.null) }
                    codes[i] = nullCode
                    continue
                }
                if let k = index[text] { codes[i] = k } else {
                    index[text] = levels.count
                    codes[i] = levels.count
                    levels.append(.text(text))
                }
            }
        }
        return (levels, codes)
    }

    /// `trt=1, sex=2`, as survfit labels strata.
    static func label(_ by: [GroupColumn], _ key: [Value]) -> String {
        by.isEmpty ? "all" : zip(by, key).map { "\($0.label)=\($1)" }.joined(separator: ", ")
    }
}

extension Value {
    /// R's level order: numbers numerically, text as R collates it (`LevelCollation`), NULL last.
    static func precedes(_ a: Value, _ b: Value) -> Bool {
        if a == .null || b == .null { return a != .null && b == .null }
        if let x = a.doubleValue, let y = b.doubleValue { return x < y }
        return LevelCollation.precedes(a.description, b.description)
    }

    static func lexicographicallyPrecedes(_ a: [Value], _ b: [Value]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return precedes(x, y) }
        return a.count < b.count
    }
}
