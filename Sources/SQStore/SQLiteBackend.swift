import Foundation
import SQBackend

/// SQ's SQLite backend: a `Database` connection behind the `Backend`
/// protocol, with `SQLiteDialect`. Every statement SQ itself sends to SQLite
/// (beyond the compiler's, which come through the dialect) is written here or
/// elsewhere in this module.
public final class SQLiteBackend: Backend, @unchecked Sendable {
    public let database: Database
    public let dialect: any SQLDialect = SQLiteDialect()

    public init(database: Database) {
        self.database = database
    }

    /// A session's own in-memory database.
    public convenience init() throws {
        self.init(database: try Database())
    }

    /// A database file (read-only unless `writable`; a missing file is created only when writable).
    public static func connect(to location: String, writable: Bool) throws -> SQLiteBackend {
        SQLiteBackend(database: try Database(path: location, writable: writable))
    }

    public func close() { database.close() }

    /// False when the main database was opened read-only: imports and registered tables then go to `temp`.
    public var mainIsWritable: Bool { database.mainIsWritable }

    /// Rows changed by this connection so far (what the column cache compares).
    public var totalChanges: Int64 { database.totalChanges }

    public func tables() throws -> [TableInfo] { try database.tables() }

    public func columns(of table: String) throws -> [ColumnInfo]? { try database.columns(of: table) }

    public func fetchColumns(_ sql: SQL, kinds: [ColumnKind]) throws -> [FetchedColumn] {
        try database.fetchColumns(sql, kinds: kinds)
    }

    public func rowCount(of relation: SQLFragment) throws -> Int {
        let count = try database.query(dialect.rowCount(of: relation).rendered(by: dialect))
        if case .integer(let n)? = count.rows.first?.first { return Int(n) }
        return 0
    }

    public func queryReadOnly(_ sql: SQL) throws -> QueryResult { try database.queryReadOnly(sql) }

    public func importFile(path: String, table: String, options: ImportOptions) throws -> ImportReport {
        try database.importFile(path: path, table: table, options: options)
    }

    public func attach(path: String, as schema: String, writable: Bool) throws {
        try database.attach(path: path, as: schema, writable: writable)
    }

    public func interrupt() { database.interrupt() }

    public func interruptFromSignalHandler() { database.interruptFromSignalHandler() }

    /// Column types follow the values: INTEGER, REAL or TEXT (a column with
    /// both integers and reals is REAL, one with no values TEXT). One
    /// transaction: a failed row leaves no table.
    public func register(table name: String, columns: [String], rows: [[SQLValue]], replace: Bool) throws {
        if let bad = rows.firstIndex(where: { $0.count != columns.count }) {
            throw StoreError(.rejected, "row \(bad + 1) of `\(name)` has \(rows[bad].count) values, expected \(columns.count)")
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
        let schema = database.mainIsWritable ? "main" : "temp"
        let exists = try database.columns(of: name) != nil
        if exists && !replace { throw StoreError(.tableExists, "table `\(name)` already exists") }
        let qualified = Database.quote(schema) + "." + Database.quote(name)
        try database.execute(SQL("BEGIN"))
        do {
            if exists { try database.execute(SQL("DROP TABLE \(qualified)")) }
            let definitions = zip(columns, types).map { "\(Database.quote($0)) \($1)" }.joined(separator: ", ")
            try database.execute(SQL("CREATE TABLE \(qualified) (\(definitions))"))
            let insert = "INSERT INTO \(qualified) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
            for row in rows { try database.execute(SQL(insert, row)) }
            try database.execute(SQL("COMMIT"))
        } catch {
            database.rollBack()
            throw error
        }
    }

    /// Read through a scratch table of the session database, dropped after.
    public func readNumericColumns(csv path: String, count: Int, shouldStop: (@Sendable () -> Bool)?) throws -> [[Double]]? {
        let scratch = "sq_reconstruct_input"
        _ = try database.importCSV(path: path, table: scratch, replace: true, shouldStop: shouldStop)
        defer { try? database.execute(SQL("DROP TABLE IF EXISTS \(Database.quote(scratch))")) }
        guard let columns = try database.columns(of: scratch), columns.count >= count else { return nil }
        let names = columns.prefix(count).map { Database.quote($0.name) }
        let present = names.map { "\($0) IS NOT NULL" }.joined(separator: " AND ")
        let fetched = try database.fetchColumns(SQL("SELECT \(names.joined(separator: ", ")) FROM \(Database.quote(scratch)) WHERE \(present)"),
                                                kinds: Array(repeating: .real, count: count))
        return fetched.map { column in
            if case .real(let values, _) = column { return values }
            return []
        }
    }
}
