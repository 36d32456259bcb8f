import CSQLite
import SQBackend

/// A prepared statement, finalized when released. Binding goes through
/// `SQLValue` only: user values never become SQL text.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    unowned let database: Database

    init(database: Database, sql: String, requireSingle: Bool = true) throws {
        self.database = database
        self.sql = sql
        guard !database.isClosed else { throw StoreError(.rejected, "the database connection is closed", sql: sql) }
        var statement: OpaquePointer?
        var rest = ""
        let code = sql.withCString { text -> Int32 in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(database.handle, text, -1, &statement, &tail)
            // The tail points into `text`: read it before the buffer goes away.
            if let tail { rest = String(cString: tail) }
            return code
        }
        guard code == SQLITE_OK, let statement else {
            if let statement { sqlite3_finalize(statement) }
            throw database.error(code, sql: sql)
        }
        handle = statement   // from here on, deinit finalizes it
        if requireSingle, !Statement.isBlank(rest) {
            throw StoreError(.rejected, "only one SQL statement may be run at a time", sql: sql)
        }
    }

    deinit { sqlite3_finalize(handle) }

    /// Whitespace, `;` and SQL comments only.
    static func isBlank(_ text: String) -> Bool {
        var rest = Substring(text)
        while let first = rest.first {
            if first.isWhitespace || first == ";" { rest = rest.dropFirst(); continue }
            if rest.hasPrefix("--") {
                rest = rest.drop(while: { $0 != "\n" })
                continue
            }
            if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return false }
                rest = rest[end.upperBound...]
                continue
            }
            return false
        }
        return true
    }

    func bind(_ arguments: [SQLValue]) throws {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == arguments.count else {
            throw StoreError(.sqlite(SQLITE_RANGE), "the statement has \(expected) parameters but \(arguments.count) values were given", sql: sql)
        }
        for (i, value) in arguments.enumerated() {
            let index = Int32(i + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let v): code = sqlite3_bind_int64(handle, index, v)
            case .real(let v): code = sqlite3_bind_double(handle, index, v)
            case .text(let v): code = sqlite3_bind_text(handle, index, v, -1, sq_sqlite_transient())
            }
            guard code == SQLITE_OK else { throw database.error(code, sql: sql) }
        }
    }

    /// Steps once: true for a row, false when done.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(code, sql: sql)
        }
    }

    var columnCount: Int { Int(sqlite3_column_count(handle)) }

    func columnName(_ i: Int) -> String {
        sqlite3_column_name(handle, Int32(i)).map { String(cString: $0) } ?? "column\(i + 1)"
    }

    func value(_ i: Int) -> SQLValue {
        let index = Int32(i)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        default: return .text(text(i) ?? "")
        }
    }

    func text(_ i: Int) -> String? {
        guard let pointer = sqlite3_column_text(handle, Int32(i)) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, Int32(i)))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
}
