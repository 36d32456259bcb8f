import CSQLite
import XCTest
@testable import SQStore

/// Issue 18 §12: raw `sql` reached `fts3_tokenizer()` (a heap address out, a
/// chosen pointer in: a segfault). Every connection SQ opens is hardened, and
/// raw `sql` may call only the functions of the allow-list.
final class SQLiteHardeningTests: XCTestCase {
    func testEveryConnectionIsHardened() throws {
        let path = try writeTemporary("", name: "h.db")
        try FileManager.default.removeItem(atPath: path)
        for db in [try Database(), try Database(path: path, writable: true)] {
            XCTAssertEqual(SQLiteHardening.current(db.handle, SQLITE_DBCONFIG_DEFENSIVE), 1)
            XCTAssertEqual(SQLiteHardening.current(db.handle, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER), 0)
            XCTAssertEqual(SQLiteHardening.current(db.handle, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION), 0)
            XCTAssertEqual(SQLiteHardening.current(db.handle, SQLITE_DBCONFIG_TRUSTED_SCHEMA), 0)
            XCTAssertEqual(sqlite3_limit(db.handle, SQLITE_LIMIT_LENGTH, -1), 100_000_000)
        }
    }

    func testAValueCannotTakeAGigabyte() throws {
        let db = try Database()
        XCTAssertThrowsError(try db.queryReadOnly(SQL("select length(randomblob(1000000000))")))
        XCTAssertEqual(try db.queryReadOnly(SQL("select length(randomblob(1000000))")).rows.first, [.integer(1_000_000)])
    }

    func testAllowedFunctionsWork() throws {
        let db = try Database()
        try db.execute(SQL("CREATE TABLE p (id INTEGER, site TEXT, t REAL)"))
        try db.execute(SQL("INSERT INTO p VALUES (1, 'lung', 2.5), (2, 'liver', 4)"))
        let row = try db.queryReadOnly(SQL("""
            select count(*), sum(id), upper(min(site)), abs(-3), round(ln(exp(1)), 6), log10(100), sqrt(16),
                   coalesce(null, 7), julianday('2000-01-02') - julianday(date('2000-01-01')), max(t),
                   group_concat(site, '|'), json_extract('{"a": 5}', '$.a'), printf('%.2f', 1.25), typeof(1)
            from p where site like 'l%'
            """)).rows.first
        XCTAssertEqual(row, [.integer(2), .integer(3), .text("LIVER"), .integer(3), .real(1), .real(2), .real(4),
                             .integer(7), .real(1), .real(4), .text("lung|liver"), .integer(5), .text("1.25"), .text("integer")])
        let ranked = try db.queryReadOnly(SQL("select id, row_number() over (order by t desc) from p order by id")).rows
        XCTAssertEqual(ranked, [[.integer(1), .integer(2)], [.integer(2), .integer(1)]])
    }

    func testFunctionsOutsideTheListAreRefusedByName() throws {
        let db = try Database()
        for (statement, function) in [("select fts3_tokenizer('simple')", "fts3_tokenizer"),
                                      ("select hex(fts3_tokenizer('simple'))", "fts3_tokenizer"),
                                      ("select fts3_tokenizer('x', x'0000000000000000')", "fts3_tokenizer"),
                                      ("select load_extension('/tmp/evil.so')", "load_extension"),
                                      ("select sqlite_compileoption_get(0)", "sqlite_compileoption_get"),
                                      ("select 1 where FTS3_TOKENIZER('simple') is not null", "fts3_tokenizer")] {
            XCTAssertThrowsError(try db.queryReadOnly(SQL(statement)), statement) { error in
                let store = error as? StoreError
                XCTAssertEqual(store?.kind, .rejected, statement)
                XCTAssertTrue(store?.description.contains("may not call the SQL function `\(function)`") == true, "\(statement): \(error)")
            }
        }
        // The connection still works after a refusal (the authorizer is removed).
        XCTAssertEqual(try db.queryReadOnly(SQL("select 1 + 1")).rows.first, [.integer(2)])
    }

    func testAViewInAnOpenedFileCannotCallAnUnsafeFunction() throws {
        // A crafted database file: with an untrusted schema, SQLite itself refuses
        // a non-innocuous function inside a view, in SQ's own queries as well.
        let path = try writeTemporary("", name: "evil.db")
        try FileManager.default.removeItem(atPath: path)
        let maker = try Database(path: path, writable: true)
        try maker.execute(SQL("CREATE TABLE t (a)"))
        try maker.execute(SQL("CREATE VIEW v AS SELECT fts3_tokenizer('simple') AS leak FROM t"))
        try maker.execute(SQL("INSERT INTO t VALUES (1)"))
        let db = try Database()
        try db.attach(path: path, as: "evil", writable: false)
        XCTAssertThrowsError(try db.query(SQL("SELECT leak FROM evil.v")))
        XCTAssertThrowsError(try db.queryReadOnly(SQL("select leak from v")))
        XCTAssertEqual(try db.queryReadOnly(SQL("select count(*) from t")).rows.first, [.integer(1)])
    }
}
