import XCTest
@testable import SQStore

/// Read-only databases stay untouched; raw SQL cannot write; values are data.
final class SafetyTests: XCTestCase {
    func makeFileDatabase() throws -> String {
        let path = try writeTemporary("", name: "cohort.db")
        try FileManager.default.removeItem(atPath: path)
        let db = try Database(path: path, writable: true)
        try db.execute(SQL("CREATE TABLE p (id INTEGER, site TEXT)"))
        try db.execute(SQL("INSERT INTO p VALUES (1, 'lung'), (2, 'liver')"))
        return path
    }

    func testAttachedReadOnlyRefusesWritesAndLeavesTheFileAlone() throws {
        let path = try makeFileDatabase()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let db = try Database()
        try db.attach(path: path, as: "cohort", writable: false)
        XCTAssertEqual(try db.rows("select count(*) from p").first, [.integer(2)])
        for statement in ["INSERT INTO cohort.p VALUES (3, 'x')", "UPDATE p SET site = 'y'", "DELETE FROM p",
                          "DROP TABLE cohort.p", "CREATE TABLE cohort.q (a)"] {
            XCTAssertThrowsError(try db.execute(SQL(statement)), statement)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
    }

    func testMainReadOnlyDatabase() throws {
        let path = try makeFileDatabase()
        let db = try Database(path: path, writable: false)
        XCTAssertThrowsError(try db.execute(SQL("DELETE FROM p"))) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .readOnly)
        }
        // Imports go to the connection's temp schema instead.
        let csv = try writeTemporary("a\n1\n")
        let report = try db.importCSV(path: csv, table: "extra")
        XCTAssertEqual(report.schema, "temp")
    }

    func testRawSQLGuard() throws {
        let path = try makeFileDatabase()
        let db = try Database()
        try db.attach(path: path, as: "cohort", writable: true)
        let target = try writeTemporary("", name: "copy.db")
        try FileManager.default.removeItem(atPath: target)
        let refused = [
            "drop table p", "create table z (a)",
            "attach database '\(target)' as other", "detach database cohort",
            "pragma journal_mode = delete", "pragma writable_schema = 1", "vacuum into '\(target)'",
            "select 1; drop table p", "begin",
        ]
        for statement in refused {
            XCTAssertThrowsError(try db.queryReadOnly(SQL(statement)), statement)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
        XCTAssertEqual(try db.queryReadOnly(SQL("select count(*) from p")).rows.first, [.integer(2)])
        // Rows of a database opened writable may change; nothing else may.
        XCTAssertEqual(try db.queryReadOnly(SQL("insert into p values (9, 'x')")).changedRows, 1)
        XCTAssertEqual(try db.queryReadOnly(SQL("update p set id = id where id = 9")).changedRows, 1)
        XCTAssertEqual(try db.queryReadOnly(SQL("select count(*) from p")).rows.first, [.integer(3)])
        let readOnly = try Database()
        try readOnly.attach(path: path, as: "cohort", writable: false)
        for statement in ["insert into p values (10, 'y')", "update p set id = 0", "delete from p"] {
            XCTAssertThrowsError(try readOnly.queryReadOnly(SQL(statement)), statement)
        }
        try readOnly.execute(SQL("CREATE TABLE own (a)"))
        XCTAssertThrowsError(try readOnly.queryReadOnly(SQL("insert into own values (1)")), "the session's own tables stay as imported")
        XCTAssertEqual(try db.queryReadOnly(SQL("pragma table_info(p)")).rows.count, 2)
        XCTAssertEqual(try db.queryReadOnly(SQL("with recursive n(i) as (select 1 union all select i + 1 from n where i < 5) select sum(i) from n")).rows.first, [.integer(15)])
    }

    func testBoundValuesAreData() throws {
        let db = try Database()
        try db.execute(SQL("CREATE TABLE t (s TEXT)"))
        let nasty = "'; drop table t; -- \"x\" ?"
        try db.execute(SQL("INSERT INTO t VALUES (?)", [.text(nasty)]))
        XCTAssertEqual(try db.queryReadOnly(SQL("select s from t where s = ?", [.text(nasty)])).rows, [[.text(nasty)]])
        XCTAssertThrowsError(try db.query(SQL("select ?", [])))
    }

    func testFetchColumnsTypesAndNullMasks() throws {
        let db = try Database()
        try db.execute(SQL("CREATE TABLE t (x REAL, s TEXT, n TEXT)"))
        try db.execute(SQL("INSERT INTO t VALUES (1.5, 'a', '2'), (NULL, NULL, '3.5'), (3, 'c', NULL)"))
        let columns = try db.fetchColumns(SQL("select x, s, n from t"), kinds: [.real, .text, .real])
        guard case .real(let x, let nulls) = columns[0], case .text(let s) = columns[1], case .real(let n, _) = columns[2] else {
            return XCTFail("wrong column kinds")
        }
        XCTAssertEqual(x[0], 1.5)
        XCTAssertEqual(nulls, [false, true, false])
        XCTAssertTrue(x[1].isNaN)
        XCTAssertEqual(s, ["a", nil, "c"])
        XCTAssertEqual(Array(n.prefix(2)), [2, 3.5])
        try db.execute(SQL("INSERT INTO t VALUES (1, 'x', 'abc')"))
        XCTAssertThrowsError(try db.fetchColumns(SQL("select n from t"), kinds: [.real])) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .notNumeric(column: 0, value: "abc"))
        }
    }

    func testTablesAndColumns() throws {
        let path = try makeFileDatabase()
        let db = try Database()
        try db.execute(SQL("CREATE TABLE local (a INTEGER)"))
        try db.attach(path: path, as: "cohort", writable: false)
        XCTAssertEqual(try db.tables().map(\.name), ["local", "p"])
        XCTAssertEqual(try db.tables().map(\.schema), ["main", "cohort"])
        XCTAssertEqual(try db.columns(of: "p")?.map(\.name), ["id", "site"])
        XCTAssertNil(try db.columns(of: "nope"))
    }

    func testInterruptStopsALongQuery() throws {
        let db = try Database()
        let started = expectation(description: "interrupt sent")
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) {
            db.interrupt()
            started.fulfill()
        }
        XCTAssertThrowsError(try db.query(SQL("with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"))) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .interrupted)
        }
        wait(for: [started], timeout: 5)
    }
}
