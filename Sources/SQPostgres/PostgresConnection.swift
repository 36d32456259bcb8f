import CLibPQ
import Foundation

/// One synchronous libpq connection. Calls are serialized by a lock; `cancel()`
/// may be called from any thread. Read-only is enforced by PostgreSQL, never by
/// inspecting SQL text: the session's `default_transaction_read_only` is on and
/// every statement runs inside `BEGIN READ ONLY` and a savepoint, where PostgreSQL
/// refuses `SET TRANSACTION READ WRITE` ("cannot set transaction read-write mode
/// inside a read-only transaction") as well as every write (SQLSTATE 25006).
public final class PostgresConnection: @unchecked Sendable, CustomStringConvertible {
    let handle: OpaquePointer
    /// libpq's cancel object, made once: `PQcancel` on it is thread-safe.
    private let canceller: OpaquePointer?
    let lock = NSRecursiveLock()
    private let flagLock = NSLock()
    private var cancelRequested = false
    private var receivedBytes = 0

    /// The URL with its password shown as `***`.
    public let url: PostgresURL
    /// False unless opened `writable`: then PostgreSQL itself refuses every write.
    public let isWritable: Bool
    /// The statement timeout in force, in seconds (nil: none).
    public private(set) var statementTimeout: Double?

    /// Connects to `url` (`postgresql://user@host:port/db`). The password comes
    /// from the URL, or libpq finds it in `PGPASSWORD` or `~/.pgpass`; TLS is used
    /// whenever the server offers it (libpq's default `sslmode=prefer`, which the
    /// URL's `sslmode=` or `PGSSLMODE` may tighten).
    public init(url: String, writable: Bool = false, statementTimeout: Double? = nil) throws {
        let parsed = try PostgresURL(url)
        self.url = parsed
        self.isWritable = writable
        let keywords = ["fallback_application_name", "dbname"]
        let values = ["sq", parsed.raw]
        let connection = Self.withCStrings(keywords) { keys in
            Self.withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let connection else {
            throw PostgresError(.connection, "cannot connect to \(parsed.redacted): out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw PostgresError(.connection, "cannot connect to \(parsed.redacted): \(parsed.scrub(message))")
        }
        handle = connection
        canceller = PQgetCancel(connection)
        // Notices and warnings (`NOTICE: table … does not exist, skipping`) would go
        // to stderr by libpq's default; SQ's output is its results and errors only.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        // Dates and timestamps as ISO text (`YYYY-MM-DD`, as the SQLite store
        // keeps them), in UTC, and floats printed so they read back exactly.
        var setup = "SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; SET IntervalStyle = 'iso_8601'; SET extra_float_digits = 3"
        if !writable { setup += "; SET default_transaction_read_only = on" }
        do {
            try run(simple: setup)
            try setStatementTimeout(statementTimeout)
        } catch {
            // deinit does not run for a half-made object.
            if let canceller { PQfreeCancel(canceller) }
            PQfinish(connection)
            throw error
        }
    }

    deinit {
        if let canceller { PQfreeCancel(canceller) }
        PQfinish(handle)
    }

    public var description: String { "PostgreSQL \(url.redacted)\(isWritable ? " (writable)" : "")" }

    /// True when the connection is encrypted with TLS.
    public var usesTLS: Bool { withLock { PQsslInUse(handle) == 1 } }

    /// The server's version as an integer (150018 for 15.18).
    public var serverVersion: Int { withLock { Int(PQserverVersion(handle)) } }

    /// Bytes of result values received since the connection opened (the values'
    /// text, without the protocol's framing): what `with pushdown` saves.
    public var bytesReceived: Int {
        flagLock.lock(); defer { flagLock.unlock() }
        return receivedBytes
    }

    func countReceived(_ bytes: Int) {
        flagLock.lock(); receivedBytes += bytes; flagLock.unlock()
    }

    /// Sets PostgreSQL's `statement_timeout` (seconds; nil or 0 for none): a
    /// statement running longer fails with `.timedOut`.
    public func setStatementTimeout(_ seconds: Double?) throws {
        let milliseconds = max(0, Int(((seconds ?? 0) * 1000).rounded(.up)))
        try withLock {
            try run(simple: "SET statement_timeout = \(milliseconds)")
            statementTimeout = milliseconds == 0 ? nil : seconds
        }
    }

    /// Stops the running statement, if any; safe from any thread (libpq's
    /// `PQcancel`, which asks the server over a second connection). The statement
    /// then fails with `.cancelled`.
    public func cancel() {
        flagLock.lock(); cancelRequested = true; flagLock.unlock()
        guard let canceller else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(canceller, &buffer, Int32(buffer.count))
    }

    /// `cancel()` for a signal handler (the REPL's Ctrl-C): no lock, no
    /// allocation, only `PQcancel` with a buffer on the stack, which libpq
    /// documents as safe there. The statement fails as cancelled or timed out;
    /// the caller's own flag says which.
    public func cancelFromSignalHandler() {
        sq_pq_cancel_from_signal_handler(canceller)
    }

    /// Clears a cancel that arrived while no statement ran (called as each statement starts).
    func takeCancelRequest(reset: Bool) -> Bool {
        flagLock.lock(); defer { flagLock.unlock() }
        let requested = cancelRequested
        if reset { cancelRequested = false }
        return requested
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
        pointers.append(nil)
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
