import Foundation
import SQ
import SQBackend
import SQPostgres
import SQStore
import XCTest

/// R's data sets in both engines: a CSV imported by SQ's own reader into
/// SQLite, then copied row by row (bound values) into the test PostgreSQL as
/// one table and, when asked, as a table hash-partitioned over the two shards
/// (`sq_create_sharded_table`, keyed by a row number `sq_row`), with the
/// column types SQLite declared (INTEGER → bigint, REAL → double precision,
/// DATE → date, else text), readable by every role.
enum SessionFixture {
    static let lock = NSLock()
    nonisolated(unsafe) static var loaded: Set<String> = []

    static func path(_ relative: String) -> String {
        PostgresCluster.repository.appendingPathComponent(relative).path
    }

    /// Loads `csv` as `table` (and `table_sharded` when `sharded`) once per test process.
    static func load(_ csv: String, as table: String, sharded: Bool = false) throws {
        lock.lock(); defer { lock.unlock() }
        guard !loaded.contains(table) else { return }
        let lite = try SQLiteBackend()
        _ = try lite.importFile(path: path(csv), table: "t", options: ImportOptions())
        let columns = try XCTUnwrap(lite.columns(of: "t"))
        let rows = try lite.queryReadOnly(SQL("SELECT * FROM \"t\"")).rows
        let definitions = (["sq_row bigint"] + columns.map { column in
            let type = column.declaredType.uppercased()
            let pg = type.contains("INT") ? "bigint" : type.contains("REAL") ? "double precision" : type.contains("DATE") ? "date" : "text"
            return PostgresSQLBuilder.quote(column.name) + " " + pg
        }).joined(separator: ", ")
        let db = try PostgresCluster.connect(writable: true)
        var tables = [table]
        // CASCADE: a view an earlier run made on the table (a reused cluster) goes with it.
        try db.execute(PostgresSQL("DROP TABLE IF EXISTS \(PostgresSQLBuilder.quote(table)) CASCADE"))
        try db.execute(PostgresSQL("CREATE TABLE \(PostgresSQLBuilder.quote(table)) (\(definitions))"))
        if sharded {
            tables.append(table + "_sharded")
            try db.execute(PostgresSQL("SELECT sq_create_sharded_table($1, 'sq_row', $2)", [.text(table + "_sharded"), .text(definitions)]))
        }
        let width = columns.count + 1
        for start in stride(from: 0, to: rows.count, by: 500) {
            let batch = rows[start..<min(rows.count, start + 500)]
            var placeholders: [String] = []
            var values: [PostgresValue] = []
            for (offset, row) in batch.enumerated() {
                placeholders.append("(" + (1...width).map { "$\(values.count + $0)" }.joined(separator: ", ") + ")")
                values.append(.integer(Int64(start + offset + 1)))
                values += row.map(value)
            }
            for name in tables {
                try db.execute(PostgresSQL("INSERT INTO \(PostgresSQLBuilder.quote(name)) VALUES " + placeholders.joined(separator: ", "), values))
            }
        }
        try db.execute(PostgresSQL("ANALYZE \(PostgresSQLBuilder.quote(table))"))
        // The password role of the cluster (PostgresCluster.passwordRole) reads them too.
        for name in tables { try db.execute(PostgresSQL("GRANT SELECT ON \(PostgresSQLBuilder.quote(name)) TO PUBLIC")) }
        loaded.insert(table)
    }

    static func value(_ value: SQLValue) -> PostgresValue {
        switch value {
        case .null: return .null
        case .integer(let v): return .integer(v)
        case .real(let v): return .real(v)
        case .text(let v): return .text(v)
        }
    }

    /// A session on the test PostgreSQL (read-only unless `writable`).
    static func postgresSession(writable: Bool = false) throws -> Session {
        try PostgresCluster.require()
        return try Session(postgres: PostgresCluster.url, writable: writable)
    }

    /// `key,value` lines written by a script under Tests/Fixtures/R.
    static func reference(_ name: String) throws -> [String: Double] {
        let text = try String(contentsOfFile: path("Tests/Fixtures/R/\(name)"), encoding: .utf8)
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ",", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1].trimmingCharacters(in: .whitespaces)) { values[String(parts[0])] = value }
        }
        return values
    }
}

/// R's value under `key` against SQ's, relatively (as the SQLite golden tests compare).
func assertMatchesR(_ actual: Double?, _ reference: [String: Double], _ key: String, tolerance: Double = 1e-6,
                    file: StaticString = #filePath, line: UInt = #line) {
    guard let expected = reference[key] else { return XCTFail("no reference value \(key)", file: file, line: line) }
    guard let actual else { return XCTFail("\(key): SQ gave no value, R gave \(expected)", file: file, line: line) }
    let error = abs(actual - expected) / max(abs(expected), 1e-300)
    XCTAssert(error <= tolerance || abs(actual - expected) < 1e-12,
              "\(key): SQ on PostgreSQL \(actual) vs R \(expected) (relative error \(error))", file: file, line: line)
}

/// Every number of two results (their JSON payloads, walked in step) within
/// `tolerance` relatively, every text and shape equal: the PostgreSQL session
/// against the SQLite one on the same data.
func assertSameResult(_ postgres: StatementResult?, _ sqlite: StatementResult?, tolerance: Double = 1e-9,
                      file: StaticString = #filePath, line: UInt = #line) throws {
    let postgres = try XCTUnwrap(postgres, file: file, line: line), sqlite = try XCTUnwrap(sqlite, file: file, line: line)
    XCTAssertEqual(postgres.value.kind, sqlite.value.kind, file: file, line: line)
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let a = try JSONSerialization.jsonObject(with: encoder.encode(postgres.value.payload), options: [.fragmentsAllowed])
    let b = try JSONSerialization.jsonObject(with: encoder.encode(sqlite.value.payload), options: [.fragmentsAllowed])
    var differences: [String] = []
    compare(a, b, path: postgres.value.kind, tolerance: tolerance, into: &differences)
    XCTAssert(differences.isEmpty, "PostgreSQL and SQLite differ:\n" + differences.prefix(10).joined(separator: "\n"), file: file, line: line)
}

private func compare(_ a: Any, _ b: Any, path: String, tolerance: Double, into differences: inout [String]) {
    switch (a, b) {
    case let (x as [String: Any], y as [String: Any]):
        for key in Set(x.keys).union(y.keys).sorted() {
            guard let u = x[key], let v = y[key] else { differences.append("\(path).\(key): only in one"); continue }
            compare(u, v, path: path + "." + key, tolerance: tolerance, into: &differences)
        }
    case let (x as [Any], y as [Any]):
        guard x.count == y.count else { return differences.append("\(path): \(x.count) vs \(y.count) items") }
        for i in x.indices { compare(x[i], y[i], path: "\(path)[\(i)]", tolerance: tolerance, into: &differences) }
    case let (x as NSNumber, y as NSNumber):
        let u = x.doubleValue, v = y.doubleValue
        if u != v, abs(u - v) > tolerance * max(abs(u), abs(v)), abs(u - v) > 1e-13 {
            differences.append("\(path): \(u) vs \(v)")
        }
    case let (x as String, y as String):
        if x != y { differences.append("\(path): \"\(x)\" vs \"\(y)\"") }
    case (is NSNull, is NSNull):
        break
    default:
        differences.append("\(path): \(a) vs \(b)")
    }
}
