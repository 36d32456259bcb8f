import CSQLite
import Foundation
import XCTest
@testable import SQStore

/// Issue 18 §16: an import did not stop for Ctrl-C. It polls its stop flag in
/// both passes, and a stopped import leaves no table (nor an open transaction).
final class ImportCancellationTests: XCTestCase {
    /// 40,960 rows: the stop flag is polled 10 times in the first pass, then again while inserting.
    func bigFile() throws -> String {
        var text = "time,status,label\n"
        for i in 0..<40_960 { text += "\(i % 997),\(i % 2),row\(i)\n" }
        return try writeTemporary(text)
    }

    final class Counter: @unchecked Sendable { var calls = 0 }

    func testAStopDuringTheInsertPassRollsBack() throws {
        let path = try bigFile()
        for alsoInterruptSQLite in [false, true] {
            let db = try Database()
            let counter = Counter()
            XCTAssertThrowsError(try db.importCSV(path: path, table: "t", shouldStop: {
                counter.calls += 1
                guard counter.calls == 15 else { return false }
                // Ctrl-C in the REPL also calls sqlite3_interrupt, which stays pending for the ROLLBACK.
                if alsoInterruptSQLite { db.interruptFromSignalHandler() }
                return true
            })) { error in
                XCTAssertEqual((error as? StoreError)?.kind, .interrupted)
            }
            XCTAssertEqual(counter.calls, 15)
            XCTAssertFalse(try db.tableExists("t", schema: "main"), "no half table")
            XCTAssertNotEqual(sqlite3_get_autocommit(db.handle), 0, "no transaction left open")
            // The connection works and the same import now succeeds.
            XCTAssertEqual(try db.importCSV(path: path, table: "t").rowCount, 40_960)
            XCTAssertEqual(try db.rows("select count(*) from t").first, [.integer(40_960)])
        }
    }

    func testAStoppedReplaceKeepsTheOldTable() throws {
        let db = try Database()
        _ = try db.importCSV(path: try writeTemporary("a\n1\n2\n"), table: "t")
        let counter = Counter()
        XCTAssertThrowsError(try db.importCSV(path: try bigFile(), table: "t", replace: true, shouldStop: {
            counter.calls += 1
            return counter.calls == 12
        }))
        XCTAssertEqual(try db.rows("select count(*), sum(a) from t").first, [.integer(2), .integer(3)])
    }

    func testAStopInTheFirstPassCreatesNothing() throws {
        let db = try Database()
        XCTAssertThrowsError(try db.importCSV(path: try bigFile(), table: "t", shouldStop: { true }))
        XCTAssertFalse(try db.tableExists("t", schema: "main"))
    }
}
