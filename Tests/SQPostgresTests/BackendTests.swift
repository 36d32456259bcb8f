import SQBackend
import SQPostgres
import XCTest

/// `PostgresBackend` as the session sees it: the store interface in SQ's types.
final class BackendTests: XCTestCase {
    func backend(writable: Bool = false) throws -> PostgresBackend {
        try PostgresCluster.require()
        return try PostgresBackend.connect(to: PostgresCluster.url, writable: writable)
    }

    func testTablesHidePartitionsAndColumnsKeepPostgreSQLTypes() throws {
        try SessionFixture.load("samples/data/lung.csv", as: "pg_lung", sharded: true)
        let db = try backend()
        let names = try db.tables().map(\.name)
        XCTAssertTrue(names.contains("pg_lung"))
        XCTAssertTrue(names.contains("pg_lung_sharded"))
        XCTAssertFalse(names.contains { $0.hasPrefix("pg_lung_sharded_") }, "\(names)")
        let columns = try XCTUnwrap(db.columns(of: "pg_lung"))
        XCTAssertEqual(columns.first { $0.name == "ph.ecog" }?.declaredType, "bigint")
        XCTAssertEqual(ValueType(declaredType: columns.first { $0.name == "time" }?.declaredType ?? ""), .integer)
        XCTAssertNil(try db.columns(of: "no_such_table"))
        XCTAssertEqual(try db.rowCount(of: .identifier("pg_lung")), 228)
        XCTAssertEqual(try db.rowCount(of: .identifier("pg_lung_sharded")), 228)
    }

    func testFetchColumnsReadsBooleansAsOneAndZeroAndDatesAsISOText() throws {
        let db = try backend()
        let dialect = db.dialect
        let select: SQLFragment = "SELECT (\(bind: .integer(2)) > 1) AS a, \(dialect.boolean(true)) = 1 AS b, \(dialect.dateFromDayNumber("\(dialect.dayNumber(.bound(.text("2024-02-28"), type: .text))) + \(bind: .real(30.4375))")) AS d"
        let columns = try db.fetchColumns(select.rendered(by: dialect), kinds: [.real, .real, .text])
        guard case .real(let a, _) = columns[0], case .real(let b, _) = columns[1], case .text(let d) = columns[2] else {
            return XCTFail("kinds")
        }
        XCTAssertEqual(a, [1])
        XCTAssertEqual(b, [1])
        XCTAssertEqual(d, ["2024-03-29"])
    }

    func testDataComesInThroughPostgreSQLsOwnTools() throws {
        let db = try backend(writable: true)
        XCTAssertThrowsError(try db.register(table: "t", columns: ["x"], rows: [[.integer(1)]], replace: true)) { error in
            XCTAssertTrue("\(error)".contains("is not supported on PostgreSQL"), "\(error)")
            XCTAssertTrue("\(error)".contains("load with psql"), "\(error)")
        }
        XCTAssertThrowsError(try db.attach(path: "/tmp/x.db", as: "x", writable: false))
    }
}
