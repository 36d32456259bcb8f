import Foundation
import XCTest
import SQStore
@testable import SQ

/// The session's columnar copies never serve stale data: a replaced table, a
/// file changed by another connection, then the same statement again gives
/// the new answer; filters and derived columns still come from SQLite.
final class ColumnCacheTests: XCTestCase {
    func write(_ text: String, _ path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func events(_ s: Session, _ statement: String) throws -> Int {
        try XCTUnwrap(s.run(statement).first?.km?.strata.first?.events)
    }

    func testAReplacedTableGivesTheNewAnswer() throws {
        let dir = try temporaryDirectory()
        try write("time,dead,x\n1,1,1\n2,1,2\n3,0,3\n", dir + "/a.csv")
        try write("time,dead,x\n1,0,1\n2,0,2\n3,1,3\n4,1,4\n", dir + "/b.csv")
        let s = try Session()
        try s.run("import \"\(dir)/a.csv\" as t\nendpoint e = surv(time, dead)")
        XCTAssertEqual(try events(s, "km e"), 2)
        XCTAssertEqual(try events(s, "km e"), 2)
        XCTAssertGreaterThan(s.columnCache.served, 0, "the second statement reads the copy")
        try s.run("import \"\(dir)/b.csv\" as t replace")
        XCTAssertEqual(try events(s, "km e"), 2)
        XCTAssertEqual(try XCTUnwrap(s.run("km e").first?.km?.strata.first?.n), 4)
        XCTAssertEqual(try events(s, "km e where x > 3"), 1, "a filter is SQLite's")
        XCTAssertEqual(try events(s, "km e where x * 2 > 7"), 1)
    }

    func testAnotherImportKeepsEarlierCopiesAndAnswers() throws {
        let dir = try temporaryDirectory()
        try write("time,dead\n1,1\n2,1\n3,0\n", dir + "/a.csv")
        try write("time,dead\n1,0\n", dir + "/b.csv")
        let s = try Session()
        try s.run("import \"\(dir)/a.csv\" as a\nimport \"\(dir)/b.csv\" as b\nendpoint e = surv(time, dead)")
        XCTAssertEqual(try events(s, "km e from a"), 2)
        XCTAssertEqual(try events(s, "km e from a"), 2)
    }

    func testAFileChangedByAnotherConnectionGivesTheNewAnswer() throws {
        let path = try temporaryDirectory() + "/registry.db"
        let writer = try Database(path: path, writable: true)
        try writer.execute(SQL("CREATE TABLE cohort (time REAL, dead INTEGER, age REAL)"))
        for (t, d, a) in [(1.0, 1, 50.0), (2, 1, 60), (3, 0, 70)] {
            try writer.execute(SQL("INSERT INTO cohort VALUES (?, ?, ?)", [.real(t), .integer(Int64(d)), .real(a)]))
        }
        let s = try Session()
        try s.run("open \"\(path)\"\nuse cohort\nendpoint e = surv(time, dead)")
        XCTAssertEqual(try events(s, "km e"), 2)
        XCTAssertEqual(try events(s, "km e"), 2)
        try writer.execute(SQL("UPDATE cohort SET dead = 1 WHERE time = 3"))
        XCTAssertEqual(try events(s, "km e"), 3, "another connection's commit invalidates the copy")
        try writer.execute(SQL("DELETE FROM cohort WHERE time = 1"))
        XCTAssertEqual(try XCTUnwrap(s.run("km e").first?.km?.strata.first?.n), 2)
        XCTAssertEqual(try events(s, "km e where age > 55"), 2)
    }

    func testCachedAndUncachedFetchesAgree() throws {
        let s = try Session()
        try s.run("""
            import "\(Repository.path("Tests/Fixtures/data/pbc.csv"))" as pbc
            endpoint os = surv(time, status == 2)
            """)
        let statement = "fit cox os ~ age + log(bili) + factor(edema) + sex where trt is not null"
        let first = try XCTUnwrap(s.run(statement).first?.cox)
        let second = try XCTUnwrap(s.run(statement).first?.cox)
        s.columnCache.invalidateAll()
        let fresh = try XCTUnwrap(s.run(statement).first?.cox)
        for model in [second, fresh] {
            XCTAssertEqual(model.terms.map(\.coefficient), first.terms.map(\.coefficient))
            XCTAssertEqual(model.n, first.n)
        }
    }
}

/// `sql` changes a database opened `writable`, and only that; the copy of a
/// table it changed is not served again.
final class WritableSQLTests: XCTestCase {
    func testSQLOnAWritableDatabaseChangesItAndTheNextStatementSeesIt() throws {
        let path = try temporaryDirectory() + "/registry.db"
        let setup = try Database(path: path, writable: true)
        try setup.execute(SQL("CREATE TABLE cohort (time REAL, dead INTEGER)"))
        for (t, d) in [(1.0, 1), (2, 1), (3, 0)] {
            try setup.execute(SQL("INSERT INTO cohort VALUES (?, ?)", [.real(t), .integer(Int64(d))]))
        }
        let s = try Session()
        try s.run("open \"\(path)\" writable as registry\nuse cohort\nendpoint e = surv(time, dead)")
        XCTAssertEqual(try XCTUnwrap(s.run("km e").first?.km?.strata.first?.events), 2)
        XCTAssertEqual(try XCTUnwrap(s.run("km e").first?.km?.strata.first?.events), 2)
        let changed = try XCTUnwrap(s.run("sql \"update registry.cohort set dead = 1 where time = ?\", 3").first)
        guard case .info(let info) = changed.value else { return XCTFail("no message") }
        XCTAssertEqual(info.message, "sql changed 1 row")
        XCTAssertEqual(try XCTUnwrap(s.run("km e").first?.km?.strata.first?.events), 3)
        XCTAssertEqual(try setup.query(SQL("SELECT sum(dead) FROM cohort")).rows.first, [.integer(3)], "the file itself changed")
    }

    func testSQLChangesNothingElse() throws {
        let path = try temporaryDirectory() + "/registry.db"
        let setup = try Database(path: path, writable: true)
        try setup.execute(SQL("CREATE TABLE cohort (time REAL, dead INTEGER)"))
        try setup.execute(SQL("INSERT INTO cohort VALUES (1, 1)"))
        let s = try Session()
        try s.run("open \"\(path)\" as registry\nimport \"\(Repository.path("Tests/Fixtures/data/lung.csv"))\" as lung")
        for statement in ["sql \"update registry.cohort set dead = 0\"", "sql \"delete from lung\"",
                          "sql \"create table registry.x (a)\"", "sql \"insert into temp.y values (1)\""] {
            XCTAssertThrowsError(try s.run(statement), statement)
        }
        XCTAssertEqual(try setup.query(SQL("SELECT dead FROM cohort")).rows.first, [.integer(1)])
        XCTAssertEqual(try s.run("count").first?.table?.rows.first?.last, .integer(228))
    }
}
