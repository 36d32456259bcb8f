import Foundation
import SQPostgres
import XCTest

final class CatalogTests: XCTestCase {
    func testTablesAndColumns() throws {
        let writer = try PostgresCluster.connect(writable: true)
        try writer.execute(PostgresSQL("DROP TABLE IF EXISTS cat_plain CASCADE"))
        try writer.execute(PostgresSQL("CREATE TABLE cat_plain (patient integer, time double precision, sex varchar(6), born date)"))
        try writer.execute(PostgresSQL("CREATE OR REPLACE VIEW cat_view AS SELECT patient FROM cat_plain"))
        let db = try PostgresCluster.connect()
        let tables = try db.tables()
        XCTAssertTrue(tables.contains(PostgresTableInfo(schema: "public", name: "cat_plain", kind: .table, isPartition: false)), "\(tables)")
        XCTAssertTrue(tables.contains(PostgresTableInfo(schema: "public", name: "cat_view", kind: .view, isPartition: false)), "\(tables)")
        XCTAssertEqual(try db.columns(of: "cat_plain"), [
            PostgresColumnInfo(name: "patient", declaredType: "integer"),
            PostgresColumnInfo(name: "time", declaredType: "double precision"),
            PostgresColumnInfo(name: "sex", declaredType: "character varying(6)"),
            PostgresColumnInfo(name: "born", declaredType: "date"),
        ])
        XCTAssertNil(try db.columns(of: "no_such_table"))
        XCTAssertNil(try db.columns(of: "cat_plain\"; drop table cat_plain; --"))
        XCTAssertNil(try db.partitioning(of: "cat_plain"))
        XCTAssertNotNil(try db.columns(of: "cat_plain", schema: "public"))
    }

    func testForeignHashPartitionsAreFound() throws {
        let writer = try PostgresCluster.connect(writable: true)
        try writer.execute(PostgresSQL("SELECT sq_create_sharded_table($1, $2, $3)",
                                       [.text("cat_cohort"), .text("patient"), .text("patient integer, time double precision, status integer")]))
        try writer.execute(PostgresSQL("INSERT INTO cat_cohort SELECT g, g * 0.5, g % 2 FROM generate_series(1, 200) g"))
        let db = try PostgresCluster.connect()
        let partitioning = try XCTUnwrap(try db.partitioning(of: "cat_cohort"))
        XCTAssertEqual(partitioning.strategy, "hash")
        XCTAssertEqual(partitioning.key, "patient")
        XCTAssertEqual(partitioning.partitions, [
            .init(schema: "public", name: "cat_cohort_p0", bound: "FOR VALUES WITH (modulus 2, remainder 0)", isForeign: true, server: "shard1"),
            .init(schema: "public", name: "cat_cohort_p1", bound: "FOR VALUES WITH (modulus 2, remainder 1)", isForeign: true, server: "shard2"),
        ])
        XCTAssertTrue(partitioning.isForeign)
        let tables = try db.tables().filter { $0.name.hasPrefix("cat_cohort") }
        XCTAssertEqual(tables, [
            PostgresTableInfo(schema: "public", name: "cat_cohort", kind: .partitionedTable, isPartition: false),
            PostgresTableInfo(schema: "public", name: "cat_cohort_p0", kind: .foreignTable, isPartition: true),
            PostgresTableInfo(schema: "public", name: "cat_cohort_p1", kind: .foreignTable, isPartition: true),
        ])
        // The rows live on the shards, split by patient, and read back whole through the coordinator.
        let counts = try db.query(PostgresSQL("SELECT tableoid::regclass::text, count(*) FROM cat_cohort GROUP BY 1 ORDER BY 1")).rows
        XCTAssertEqual(counts.count, 2)
        let total = counts.reduce(Int64(0)) { sum, row in if case .integer(let n) = row[1] { return sum + n }; return sum }
        XCTAssertEqual(total, 200)
        XCTAssertEqual(try db.columns(of: "cat_cohort")?.map(\.name), ["patient", "time", "status"])
    }
}
