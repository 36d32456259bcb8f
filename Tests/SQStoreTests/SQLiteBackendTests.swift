import Foundation
import XCTest
@testable import SQStore

/// The statements the session leaves to its backend, on SQLite.
final class SQLiteBackendTests: XCTestCase {
    func testRowCountOfARelationWithBoundArguments() throws {
        let backend = try SQLiteBackend()
        try backend.register(table: "t", columns: ["x"], rows: (1...10).map { [.integer($0)] }, replace: false)
        let relation: SQLFragment = "(SELECT \(identifier: "x") FROM \(identifier: "t") WHERE \(identifier: "x") > \(bind: .integer(3))) AS \(identifier: "c")"
        XCTAssertEqual(try backend.rowCount(of: relation), 7)
    }

    func testRegisteredColumnTypesFollowTheValues() throws {
        let backend = try SQLiteBackend()
        try backend.register(table: "t", columns: ["i", "r", "mixed", "s", "empty"],
                             rows: [[.integer(1), .real(1.5), .integer(2), .text("a"), .null],
                                    [.null, .real(2), .real(2.5), .null, .null]], replace: false)
        let columns = try XCTUnwrap(backend.columns(of: "t"))
        XCTAssertEqual(columns.map(\.declaredType), ["INTEGER", "REAL", "REAL", "TEXT", "TEXT"])
        XCTAssertEqual(try backend.database.rows("SELECT count(*) FROM t"), [[.integer(2)]])
        XCTAssertThrowsError(try backend.register(table: "t", columns: ["x"], rows: [], replace: false)) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .tableExists)
        }
        try backend.register(table: "t", columns: ["x"], rows: [[.text("new")]], replace: true)
        XCTAssertEqual(try backend.columns(of: "t")?.map(\.name), ["x"])
    }

    func testARowOfTheWrongWidthRegistersNothing() throws {
        let backend = try SQLiteBackend()
        XCTAssertThrowsError(try backend.register(table: "t", columns: ["a", "b"], rows: [[.integer(1), .integer(2)], [.integer(3)]], replace: false))
        XCTAssertNil(try backend.columns(of: "t"))

    }

    func testNumericColumnsOfACSVSkipRowsWithAMissingValueAndKeepNothing() throws {
        let path = try writeTemporary("time,surv,extra\n0,1,a\n1,,b\n2,0.5,c\n")
        let backend = try SQLiteBackend()
        let columns = try XCTUnwrap(backend.readNumericColumns(csv: path, count: 2, shouldStop: nil))
        XCTAssertEqual(columns, [[0, 2], [1, 0.5]])
        XCTAssertEqual(try backend.tables().map(\.name), [])
        XCTAssertNil(try backend.readNumericColumns(csv: path, count: 4, shouldStop: nil))
    }

    func testAClosedBackendRefusesStatements() throws {
        let backend = try SQLiteBackend()
        backend.close()
        XCTAssertThrowsError(try backend.tables())
        backend.interrupt()   // harmless after close
    }

    func testTheDialectRendersPlaceholdersAsQuestionMarks() {
        let backend = try? SQLiteBackend()
        let fragment: SQLFragment = "\(identifier: "a\"b") = \(bind: .integer(1)) AND \(bind: .integer(2))"
        XCTAssertEqual(backend?.dialect.placeholder(7), "?")
        XCTAssertEqual(fragment.rendered(by: SQLiteDialect()).text, #""a""b" = ? AND ?"#)
    }
}
