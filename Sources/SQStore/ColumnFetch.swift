import CSQLite
import SQBackend
import Foundation

extension Database {
    /// Runs a SELECT and reads each result column as the kind asked for,
    /// straight from sqlite3_column_double / _text (no boxing per value).
    public func fetchColumns(_ sql: SQL, kinds: [ColumnKind]) throws -> [FetchedColumn] {
        try withLock {
            cancellation.reset()
            let statement = try Statement(database: self, sql: sql.text)
            try statement.bind(sql.arguments)
            guard statement.columnCount == kinds.count else {
                throw StoreError(.sqlite(SQLITE_MISUSE), "the query returns \(statement.columnCount) columns, \(kinds.count) were expected", sql: sql.text)
            }
            var reals = kinds.map { $0 == .real ? [Double]() : [] }
            var nulls = kinds.map { $0 == .real ? [Bool]() : [] }
            var texts = kinds.map { $0 == .text ? [String?]() : [] }
            let handle = statement.handle
            while try statement.step() {
                for (i, kind) in kinds.enumerated() {
                    let index = Int32(i)
                    let isNull = sqlite3_column_type(handle, index) == SQLITE_NULL
                    switch kind {
                    case .real:
                        var value = Double.nan
                        if !isNull {
                            if sqlite3_column_type(handle, index) == SQLITE_TEXT {
                                // Text where a number is expected: take it only if it reads as one.
                                let text = statement.text(i) ?? ""
                                guard let parsed = Double(text.trimmingCharacters(in: .whitespaces)) else {
                                    throw StoreError(.notNumeric(column: i, value: text),
                                                     "`\(text)` is not a number", sql: sql.text)
                                }
                                value = parsed
                            } else {
                                value = sqlite3_column_double(handle, index)
                            }
                        }
                        reals[i].append(value)
                        nulls[i].append(isNull)
                    case .text:
                        texts[i].append(isNull ? nil : statement.text(i))
                    }
                }
            }
            return kinds.enumerated().map { i, kind in
                kind == .real ? .real(values: reals[i], isNull: nulls[i]) : .text(texts[i])
            }
        }
    }
}
