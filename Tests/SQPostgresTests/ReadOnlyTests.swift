import Foundation
import SQPostgres
import XCTest

/// Read-only is PostgreSQL's to enforce, and values stay data.
final class ReadOnlyTests: XCTestCase {
    private func makeTable(_ name: String) throws {
        let writer = try PostgresCluster.connect(writable: true)
        try writer.execute(PostgresSQL("DROP TABLE IF EXISTS \(name)"))
        try writer.execute(PostgresSQL("CREATE TABLE \(name) (id integer, name text)"))
        try writer.execute(PostgresSQL("INSERT INTO \(name) VALUES (1, 'one')"))
    }

    private func count(_ table: String) throws -> PostgresValue? {
        try PostgresCluster.connect().query(PostgresSQL("SELECT count(*) FROM \(table)")).rows.first?.first
    }

    func testInsertFailsWhileNotWritable() throws {
        try makeTable("ro_t")
        let db = try PostgresCluster.connect()
        XCTAssertThrowsError(try db.execute(PostgresSQL("INSERT INTO ro_t VALUES ($1, $2)", [.integer(2), .text("two")]))) { error in
            let error = error as! PostgresError
            XCTAssertEqual(error.kind, .readOnly)
            XCTAssertEqual(error.sqlstate, "25006")
            XCTAssertTrue(error.message.contains("cannot execute INSERT in a read-only transaction"), error.message)
        }
        for statement in ["DELETE FROM ro_t", "DROP TABLE ro_t", "CREATE TABLE ro_other (x int)", "UPDATE ro_t SET id = 5"] {
            XCTAssertThrowsError(try db.execute(PostgresSQL(statement)), statement) { error in
                XCTAssertEqual((error as! PostgresError).kind, .readOnly, "\(statement): \(error)")
            }
        }
        XCTAssertEqual(try count("ro_t"), .integer(1))
        // The connection is still good after the refusals.
        XCTAssertEqual(try db.query(PostgresSQL("SELECT name FROM ro_t")).rows, [[.text("one")]])
    }

    func testReadOnlyCannotBeSwitchedOffFromSQL() throws {
        try makeTable("ro_switch")
        let db = try PostgresCluster.connect()
        // Each is refused by PostgreSQL, or succeeds without making the next statement writable.
        for attempt in ["SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
                        "SET default_transaction_read_only = off",
                        "SET TRANSACTION READ WRITE",
                        "COMMIT",
                        "ROLLBACK"] {
            _ = try? db.execute(PostgresSQL(attempt))
            XCTAssertThrowsError(try db.execute(PostgresSQL("INSERT INTO ro_switch VALUES (9, 'x')")), attempt) { error in
                XCTAssertEqual((error as! PostgresError).kind, .readOnly, "after \(attempt): \(error)")
            }
        }
        XCTAssertThrowsError(try db.execute(PostgresSQL(
            "DO $$ BEGIN SET TRANSACTION READ WRITE; INSERT INTO ro_switch VALUES (9, 'x'); END $$"))) { error in
            XCTAssertNotNil((error as! PostgresError).sqlstate, "\(error)")
        }
        XCTAssertEqual(try count("ro_switch"), .integer(1))
    }

    func testWritableConnectionWrites() throws {
        try makeTable("rw_t")
        let db = try PostgresCluster.connect(writable: true)
        let result = try db.query(PostgresSQL("INSERT INTO rw_t VALUES ($1, $2), ($3, $4)", [.integer(2), .text("b"), .integer(3), .text("c")]))
        XCTAssertEqual(result.changedRows, 2)
        XCTAssertEqual(try db.query(PostgresSQL("SELECT * FROM rw_t")).changedRows, 0)
        XCTAssertEqual(try db.query(PostgresSQL("DELETE FROM rw_t WHERE id > $1", [.integer(1)])).changedRows, 2)
        XCTAssertEqual(try db.query(PostgresSQL("INSERT INTO rw_t VALUES (2, 'b'), (3, 'c') RETURNING id")).rows, [[.integer(2)], [.integer(3)]])
        XCTAssertEqual(try count("rw_t"), .integer(3))
    }

    func testInjectedTextStaysData() throws {
        try makeTable("inj_t")
        let evil = "'; drop table inj_t; --"
        let writer = try PostgresCluster.connect(writable: true)
        try writer.execute(PostgresSQL("INSERT INTO inj_t VALUES ($1, $2)", [.integer(2), .text(evil)]))
        let reader = try PostgresCluster.connect()
        XCTAssertEqual(try reader.query(PostgresSQL("SELECT id FROM inj_t WHERE name = $1", [.text(evil)])).rows, [[.integer(2)]])
        XCTAssertEqual(try reader.query(PostgresSQL("SELECT $1::text", [.text(evil)])).rows, [[.text(evil)]])
        XCTAssertEqual(try count("inj_t"), .integer(2))
        let tables = try reader.tables().map(\.name)
        XCTAssertTrue(tables.contains("inj_t"), "\(tables)")
    }

    func testParameterCountMismatchIsAnError() throws {
        let db = try PostgresCluster.connect()
        XCTAssertThrowsError(try db.query(PostgresSQL("SELECT $1::int + $2::int", [.integer(1)]))) { error in
            XCTAssertEqual((error as! PostgresError).sqlstate, "08P01", "\(error)")
        }
        XCTAssertEqual(try db.query(PostgresSQL("SELECT $1::int + $2::int", [.integer(1), .integer(2)])).rows, [[.integer(3)]])
    }
}
