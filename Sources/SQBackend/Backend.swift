/// A database engine SQ runs on: what the session asks of it, in SQ's value
/// types. `SQLiteBackend` (SQStore) is the one today; another engine is one
/// new module implementing this protocol and its `SQLDialect`.
///
/// Statements the session itself needs (a cohort's row count, a registered
/// table, a scratch read) are methods here, so no module but a backend
/// writes SQL text of its own; the compiler writes through `dialect`.
/// Calls are serialized by the backend; `interrupt()` may come from any thread.
public protocol Backend: AnyObject, Sendable {
    /// How this engine spells SQL: the compiler lowers through it.
    var dialect: any SQLDialect { get }

    /// Opens a connection: a database file (SQLite) or a connection string
    /// (PostgreSQL); read-only unless `writable`.
    static func connect(to location: String, writable: Bool) throws -> Self
    /// Ends the connection; later calls throw.
    func close()

    // MARK: Schema
    /// The tables and views the user can name, in every attached schema.
    func tables() throws -> [TableInfo]
    /// The columns of a table or view, nil when there is none by that name.
    func columns(of table: String) throws -> [ColumnInfo]?

    // MARK: Queries
    /// Runs a SELECT rendered by `dialect` and reads each result column as the
    /// kind asked for (numbers with a NULL mask, or text).
    func fetchColumns(_ sql: SQL, kinds: [ColumnKind]) throws -> [FetchedColumn]
    /// The number of rows of a relation the compiler built (a cohort).
    func rowCount(of relation: SQLFragment) throws -> Int
    /// The user's own `sql "..."`: read-only unless the data it writes was
    /// opened writable, and one statement only.
    func queryReadOnly(_ sql: SQL) throws -> QueryResult

    // MARK: Data in
    /// `import "file" as table`.
    func importFile(path: String, table: String, options: ImportOptions) throws -> ImportReport
    /// A host's rows as a table (`Session.register`): column types follow the
    /// values; an existing table is replaced only when `replace` is true.
    func register(table: String, columns: [String], rows: [[SQLValue]], replace: Bool) throws
    /// The first `count` columns of a CSV file as numbers, rows with a missing
    /// value left out; nil when the file has fewer columns. Nothing is kept.
    func readNumericColumns(csv path: String, count: Int, shouldStop: (@Sendable () -> Bool)?) throws -> [[Double]]?
    /// `open "file" [writable] as schema`: another database beside the main one.
    func attach(path: String, as schema: String, writable: Bool) throws

    // MARK: Cancelling
    /// Stops the running query (from any thread).
    func interrupt()
    /// Stops the running query from a signal handler: no locks, no allocation
    /// (an engine that cannot should do nothing; the session's flag still stops SQ's own loops).
    func interruptFromSignalHandler()
}
