import CSQLite
import Foundation
import SQBackend

/// One SQLite connection. Calls are serialized by a lock; `interrupt()` may be
/// called from any thread. Read-only is enforced by SQLite itself (open flags
/// and `mode=ro` URIs), never by inspecting SQL text.
public final class Database: @unchecked Sendable {
    let handle: OpaquePointer
    private let ownsHandle: Bool
    let lock = NSRecursiveLock()
    let cancellation = CancellationToken()
    /// False when the main database was opened read-only: imports then go to `temp`.
    public let mainIsWritable: Bool
    /// Databases attached with `open ... writable`: the only ones raw `sql` may change.
    var writableSchemas: Set<String> = []

    /// The session's own in-memory database.
    public convenience init() throws {
        try self.init(filename: ":memory:", flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, writable: true)
    }

    /// A database file as the main database: read-only unless `writable`
    /// (a missing file is created only when writable).
    public convenience init(path: String, writable: Bool) throws {
        if !writable, !FileManager.default.fileExists(atPath: path) {
            throw StoreError(.fileNotFound, "no such database file: \(path)")
        }
        try RegularFile.require(path)
        let flags = writable ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY
        try self.init(filename: path, flags: flags, writable: writable)
    }

    /// A host application's connection (`sqlite3 *`); the host keeps owning and closing it.
    public init(sharing connection: OpaquePointer) {
        handle = connection
        ownsHandle = false
        mainIsWritable = sqlite3_db_readonly(connection, "main") == 0
    }

    /// Process-wide SQLite settings, made once before the first connection.
    private static let configured: Void = { _ = sq_sqlite_disable_memory_statistics() }()

    private init(filename: String, flags: Int32, writable: Bool) throws {
        Self.configured
        var connection: OpaquePointer?
        // NOMUTEX: every use of the connection already holds `lock`, so SQLite's
        // own per-call mutex (two lock/unlock pairs per column value read) is
        // redundant; sqlite3_interrupt takes no mutex in either mode.
        let code = sqlite3_open_v2(filename, &connection, flags | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(filename)"
            if let connection { sqlite3_close_v2(connection) }
            throw StoreError(.sqlite(code), "cannot open \(filename): \(message)")
        }
        handle = connection
        ownsHandle = true
        mainIsWritable = writable
        // A host's own connection (`sharing:`) keeps its configuration; raw `sql`
        // on it is still held to the function allow-list by the authorizer.
        let refused = SQLiteHardening.apply(connection)
        guard refused.isEmpty else {
            sqlite3_close_v2(connection)
            throw StoreError(.sqlite(SQLITE_ERROR), "cannot open \(filename): this SQLite does not support \(refused.joined(separator: ", "))")
        }
    }

    /// Set by `close()`: no statement is prepared after it.
    private(set) var isClosed = false

    deinit {
        if ownsHandle && !isClosed { sqlite3_close_v2(handle) }
    }

    /// Closes a connection SQ opened (a host's shared connection stays open);
    /// statements after it throw.
    public func close() {
        withLock {
            guard !isClosed else { return }
            isClosed = true
            if ownsHandle { sqlite3_close_v2(handle) }
        }
    }

    func error(_ code: Int32, sql: String?) -> StoreError {
        let message = String(cString: sqlite3_errmsg(handle))
        switch code & 0xff {
        case SQLITE_INTERRUPT: return StoreError(.interrupted, "interrupted", sql: sql)
        case SQLITE_READONLY: return StoreError(.readOnly, "the database is read-only (open it with `writable` to change it): \(message)", sql: sql)
        case SQLITE_AUTH: return StoreError(.rejected, "not allowed in read-only SQL: \(message)", sql: sql)
        default: return StoreError(.sqlite(code), message, sql: sql)
        }
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Internal statements SQ itself issues (may write to the session database).
    public func execute(_ sql: SQL) throws {
        try withLock {
            let statement = try Statement(database: self, sql: sql.text)
            try statement.bind(sql.arguments)
            while try statement.step() {}
        }
    }

    public func query(_ sql: SQL) throws -> QueryResult {
        try withLock {
            let statement = try Statement(database: self, sql: sql.text)
            try statement.bind(sql.arguments)
            return try Self.collect(statement)
        }
    }

    static func collect(_ statement: Statement) throws -> QueryResult {
        let names = (0..<statement.columnCount).map(statement.columnName)
        var rows: [[SQLValue]] = []
        while try statement.step() {
            rows.append((0..<names.count).map(statement.value))
        }
        return QueryResult(columnNames: names, rows: rows)
    }

    /// SQ's `open "x.db" [writable]`: attaches the file under `schema`, with
    /// `mode=ro` unless writable, so SQLite itself refuses every write.
    public func attach(path: String, as schema: String, writable: Bool) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.fileNotFound, "no such database file: \(path)")
        }
        try RegularFile.require(path)
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let uri = "file:" + Self.uriEscape(absolute) + "?mode=" + (writable ? "rw" : "ro")
        try execute(SQL("ATTACH DATABASE ? AS \(Self.quote(schema))", [.text(uri)]))
        withLock {
            if writable { writableSchemas.insert(schema.lowercased()) } else { writableSchemas.remove(schema.lowercased()) }
        }
    }

    static func uriEscape(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "?"), UInt8(ascii: "#"), 0..<0x21, 0x7f...:
                out += String(format: "%%%02X", byte)
            default:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }

    static func quote(_ identifier: String) -> String {
        SQLiteDialect().quoteIdentifier(identifier)
    }

    /// Ends the open transaction, if any, undoing it. An interrupt that arrived
    /// while no statement ran is still pending and stops the first ROLLBACK
    /// (which clears it), so it is tried again until SQLite is back in
    /// autocommit mode; an interrupted INSERT has already rolled back on its own.
    public func rollBack() {
        withLock {
            for _ in 0..<3 where sqlite3_get_autocommit(handle) == 0 {
                try? execute(SQL("ROLLBACK"))
            }
        }
    }

    /// sqlite3_interrupt alone, for signal handlers (as the sqlite3 shell's Ctrl-C does).
    public func interruptFromSignalHandler() {
        guard !isClosed else { return }
        sqlite3_interrupt(handle)
    }

    /// Stops the running statement or import; safe from any thread.
    public func interrupt() {
        cancellation.cancel()
        guard !isClosed else { return }
        sqlite3_interrupt(handle)
    }
}

/// A flag another thread can raise; checked by long loops such as CSV import
/// and between a session's statements.
public final class CancellationToken: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    public init() {}
    public func cancel() { lock.lock(); cancelled = true; lock.unlock() }
    public func reset() { lock.lock(); cancelled = false; lock.unlock() }
    public var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return cancelled }
}
