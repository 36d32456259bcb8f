import SQCompiler
import SQStore
import SQSyntax

extension Session {
    /// Makes a Swift array of rows a table of the session database, so a host
    /// application can analyse data it already holds. Column types follow the
    /// values (INTEGER, REAL or TEXT; a column with both integers and reals is
    /// REAL); every value is a bound parameter. An existing table is replaced
    /// only when `replace` is true.
    /// Safe from any thread: it waits for a running `run` to finish.
    public func register(table name: String, columns: [String], rows: [[Value]], replace: Bool = false) throws {
        try withRunLock {
            defer { publish() }
            try registerLocked(table: name, columns: columns, rows: rows, replace: replace)
        }
    }

    private func registerLocked(table name: String, columns: [String], rows: [[Value]], replace: Bool) throws {
        guard !columns.isEmpty else { throw SQError.api("a registered table needs at least one column") }
        guard Set(columns.map { $0.lowercased() }).count == columns.count else {
            throw SQError.api("column names of `\(name)` repeat")
        }
        if let bad = rows.firstIndex(where: { $0.count != columns.count }) {
            throw SQError.api("row \(bad + 1) of `\(name)` has \(rows[bad].count) values, expected \(columns.count)")
        }
        let types = columns.indices.map { c -> String in
            var sawReal = false, sawInteger = false, sawText = false
            for row in rows {
                switch row[c] {
                case .integer: sawInteger = true
                case .real: sawReal = true
                case .text: sawText = true
                case .null: break
                }
            }
            if sawText { return "TEXT" }
            if sawReal { return "REAL" }
            return sawInteger ? "INTEGER" : "TEXT"
        }
        let quote = { (s: String) in "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let schema = database.mainIsWritable ? "main" : "temp"
        let exists = DatabaseCatalog(database: database).table(named: name) != nil
        if exists && !replace { throw SQError.api("table `\(name)` already exists; pass replace: true to overwrite it") }
        let qualified = "\(quote(schema)).\(quote(name))"
        try database.execute(SQL("BEGIN"))
        do {
            if exists { try database.execute(SQL("DROP TABLE \(qualified)")) }
            try database.execute(SQL("CREATE TABLE \(qualified) (\(zip(columns, types).map { "\(quote($0)) \($1)" }.joined(separator: ", ")))"))
            let insert = "INSERT INTO \(qualified) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
            for row in rows { try database.execute(SQL(insert, row.map(\.sqlValue))) }
            try database.execute(SQL("COMMIT"))
        } catch {
            database.rollBack()
            throw error
        }
        if environment.current == nil {
            environment.current = try RelationBuilder(catalog: DatabaseCatalog(database: database), environment: environment)
                .table(Name(name, span: .none))
        }
    }
}

extension Value {
    var sqlValue: SQLValue {
        switch self {
        case .null: return .null
        case .integer(let i): return .integer(i)
        case .real(let d): return d.isFinite ? .real(d) : .null
        case .text(let s): return .text(s)
        }
    }
}
