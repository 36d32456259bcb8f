import CSQLite
import SQBackend

/// Where a table lives and a token that changes whenever its data may have:
/// what a columnar copy of the table must compare before it is used again.
public struct TableLocation: Sendable, Equatable {
    public var schema: String
    public var name: String
    /// A view's rows change with its tables; an ordinary table has a rowid.
    public var isCopyable: Bool
}

/// Changes whenever a table's data may have: this connection's writes
/// (`sqlite3_total_changes64`), another connection's commits to the file
/// (`PRAGMA data_version`), and any DROP, CREATE or ALTER (`PRAGMA schema_version`).
public struct TableVersion: Sendable, Equatable {
    public var connectionChanges: Int64
    public var dataVersion: Int64
    public var schemaVersion: Int64
}

extension Database {
    /// `"schema"."table"`.
    public static func qualified(_ location: TableLocation) -> String {
        quote(location.schema) + "." + quote(location.name)
    }

    /// Rows changed by this connection so far (every INSERT, UPDATE, DELETE).
    public var totalChanges: Int64 { withLock { isClosed ? 0 : sqlite3_total_changes64(handle) } }

    /// The table SQLite reads for the unqualified name: temp first, then
    /// main, then attached databases in the order they were attached.
    public func location(ofTable name: String) throws -> TableLocation? {
        try withLock {
            let schemas = try query(SQL("SELECT name FROM pragma_database_list ORDER BY CASE name WHEN 'temp' THEN 0 WHEN 'main' THEN 1 ELSE 2 END, seq"))
                .rows.compactMap { row -> String? in if case .text(let s)? = row.first { return s } else { return nil } }
            for schema in schemas {
                let found = try query(SQL("SELECT type, sql FROM \(Self.quote(schema)).sqlite_master WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE",
                                          [.text(name)]))
                guard let row = found.rows.first else { continue }
                let isTable: Bool
                if case .text("table")? = row.first { isTable = true } else { isTable = false }
                var withoutRowid = false
                if row.count > 1, case .text(let sql) = row[1] { withoutRowid = sql.uppercased().contains("WITHOUT ROWID") }
                return TableLocation(schema: schema, name: name, isCopyable: isTable && !withoutRowid)
            }
            return nil
        }
    }

    public func version(of location: TableLocation) throws -> TableVersion {
        try withLock {
            func pragma(_ name: String) throws -> Int64 {
                let result = try query(SQL("PRAGMA \(Self.quote(location.schema)).\(name)"))
                if case .integer(let v)? = result.rows.first?.first { return v }
                return -1
            }
            return TableVersion(connectionChanges: sqlite3_total_changes64(handle),
                                dataVersion: try pragma("data_version"), schemaVersion: try pragma("schema_version"))
        }
    }
}
