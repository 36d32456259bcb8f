import Dispatch
import Foundation
import SQPostgres
import XCTest

final class CancelTests: XCTestCase {
    func testCancelFromAnotherThreadStopsASleep() throws {
        let db = try PostgresCluster.connect()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { db.cancel() }
        let start = Date()
        XCTAssertThrowsError(try db.query(PostgresSQL("SELECT pg_sleep(30)"))) { error in
            let error = error as! PostgresError
            XCTAssertEqual(error.kind, .cancelled)
            XCTAssertEqual(error.message, "cancelled")
            XCTAssertEqual(error.sqlstate, "57014")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.5)
        // The connection is usable again, and an old cancel does not stop the next statement.
        XCTAssertEqual(try db.query(PostgresSQL("SELECT 7")).rows, [[.integer(7)]])
    }

    func testCancelStopsAColumnFetch() throws {
        let db = try PostgresCluster.connect()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { db.cancel() }
        let start = Date()
        XCTAssertThrowsError(try db.fetchColumns(
            PostgresSQL("SELECT g::float8 FROM generate_series(1, 1000) g, pg_sleep(30)"), kinds: [.real])) { error in
            XCTAssertEqual((error as! PostgresError).kind, .cancelled, "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.5)
    }

    func testStatementTimeout() throws {
        let db = try PostgresCluster.connect(statementTimeout: 0.3)
        XCTAssertEqual(db.statementTimeout, 0.3)
        let start = Date()
        XCTAssertThrowsError(try db.query(PostgresSQL("SELECT pg_sleep(10)"))) { error in
            let error = error as! PostgresError
            XCTAssertEqual(error.kind, .timedOut)
            XCTAssertTrue(error.message.contains("time limit"), error.message)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.5)
        XCTAssertEqual(try db.query(PostgresSQL("SHOW statement_timeout")).rows, [[.text("300ms")]])
        try db.setStatementTimeout(nil)
        XCTAssertNil(db.statementTimeout)
        XCTAssertEqual(try db.query(PostgresSQL("SELECT 1 FROM pg_sleep(0.5)")).rows, [[.integer(1)]])
    }
}
