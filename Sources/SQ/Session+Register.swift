import SQCompiler
import SQBackend
import SQSyntax

extension Session {
    /// Makes a Swift array of rows a table of the session database, so a host
    /// application can analyse data it already holds. Column types follow the
    /// values (in SQLite INTEGER, REAL or TEXT; a column with both integers and
    /// reals is REAL: `Backend.register`); every value is a bound parameter. An existing table is replaced
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
        let exists = DatabaseCatalog(backend: backend).table(named: name) != nil
        if exists && !replace { throw SQError.api("table `\(name)` already exists; pass replace: true to overwrite it") }
        try backend.register(table: name, columns: columns, rows: rows.map { $0.map(\.storable) }, replace: replace)
        if environment.current == nil {
            environment.current = try RelationBuilder(catalog: DatabaseCatalog(backend: backend), environment: environment, dialect: dialect)
                .table(Name(name, span: .none))
        }
    }
}

extension SQLValue {
    /// The value as a table stores it: a non-finite number is NULL.
    var storable: SQLValue {
        switch self {
        case .null: return .null
        case .integer(let i): return .integer(i)
        case .real(let d): return d.isFinite ? .real(d) : .null
        case .text(let s): return .text(s)
        }
    }
}
