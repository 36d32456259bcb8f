import Foundation
import XCTest
import SQ
import SQStore

/// A backend that is not `SQLiteBackend` (it forwards to one and counts what
/// it is asked): the session must reach the database only through `Backend`.
private final class ForwardingBackend: Backend, @unchecked Sendable {
    let inner: SQLiteBackend
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    init() throws { inner = try SQLiteBackend() }

    func count(_ name: String) -> Int { lock.withLock { counts[name] ?? 0 } }
    private func note(_ name: String) { lock.withLock { counts[name, default: 0] += 1 } }

    var dialect: any SQLDialect { inner.dialect }
    static func connect(to location: String, writable: Bool) throws -> ForwardingBackend { try ForwardingBackend() }
    func close() { inner.close() }
    func tables() throws -> [TableInfo] { try inner.tables() }
    func columns(of table: String) throws -> [ColumnInfo]? { try inner.columns(of: table) }
    func fetchColumns(_ sql: SQL, kinds: [ColumnKind]) throws -> [FetchedColumn] {
        note("fetchColumns")
        return try inner.fetchColumns(sql, kinds: kinds)
    }
    func rowCount(of relation: SQLFragment) throws -> Int {
        note("rowCount")
        return try inner.rowCount(of: relation)
    }
    func queryReadOnly(_ sql: SQL) throws -> QueryResult { try inner.queryReadOnly(sql) }
    func importFile(path: String, table: String, options: ImportOptions) throws -> ImportReport {
        try inner.importFile(path: path, table: table, options: options)
    }
    func register(table: String, columns: [String], rows: [[SQLValue]], replace: Bool) throws {
        note("register")
        try inner.register(table: table, columns: columns, rows: rows, replace: replace)
    }
    func readNumericColumns(csv path: String, count: Int, shouldStop: (@Sendable () -> Bool)?) throws -> [[Double]]? {
        try inner.readNumericColumns(csv: path, count: count, shouldStop: shouldStop)
    }
    func attach(path: String, as schema: String, writable: Bool) throws { try inner.attach(path: path, as: schema, writable: writable) }
    func interrupt() { inner.interrupt() }
    func interruptFromSignalHandler() { inner.interruptFromSignalHandler() }
}

final class BackendProtocolTests: XCTestCase {
    func testASessionOnAnotherBackendGivesTheSameResults() throws {
        var rows: [[Value]] = []
        for i in 0..<30 {
            rows.append([.real(Double(3 + (i * 5) % 17)), .integer(i % 3 == 0 ? 0 : 1), .integer(Int64(40 + i))])
        }
        let script = """
            endpoint os = surv(time, status)
            cohort older = where age >= 50
            km os from older at 5, 10
            fit cox os ~ age
            """
        let backend = try ForwardingBackend()
        let forwarded = try Session(backend: backend)
        try forwarded.register(table: "t", columns: ["time", "status", "age"], rows: rows)
        let plain = try Session()
        try plain.register(table: "t", columns: ["time", "status", "age"], rows: rows)

        let expected = try plain.run(script).map(\.value)
        let results = try forwarded.run(script).map(\.value)
        XCTAssertEqual("\(results)", "\(expected)")
        XCTAssertEqual(backend.count("register"), 1)
        XCTAssertEqual(backend.count("rowCount"), 1)
        // No column cache off SQLite: each analysis fetches its columns from the backend.
        XCTAssertEqual(backend.count("fetchColumns"), 2)
    }
}
