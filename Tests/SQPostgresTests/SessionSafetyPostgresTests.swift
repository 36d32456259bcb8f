import Foundation
import SQ
import XCTest

/// What a Session on PostgreSQL guarantees against a real server: values stay
/// data, a read-only session cannot write (PostgreSQL refuses), `time_limit`
/// cancels the server's statement, and no message shows the password.
final class SessionSafetyPostgresTests: XCTestCase {
    override func setUpWithError() throws {
        try SessionFixture.load("Tests/Fixtures/data/veteran.csv", as: "pg_veteran")
    }

    func rowCount(_ table: String) throws -> Int64 {
        let db = try PostgresCluster.connect()
        guard case .integer(let n)? = try db.query(.init("SELECT count(*) FROM \(table)")).rows.first?.first else { return -1 }
        return n
    }

    func testInjectionThroughAFilterStaysData() throws {
        let before = try rowCount("pg_veteran")
        let session = try SessionFixture.postgresSession(writable: true)
        let results = try session.run("""
            use pg_veteran
            cohort hostile = where celltype == "'; drop table pg_veteran; --"
            cohort quoted = where celltype == "squamous' or '1' = '1"
            count by celltype where celltype <> "'); drop table pg_veteran; --"
            """)
        XCTAssertEqual(results.map { "\($0.value.kind)" }.prefix(2), ["info", "info"])
        guard case .info(let hostile) = results[0].value, case .info(let quoted) = results[1].value else { return XCTFail("no cohort info") }
        XCTAssertEqual(hostile.message, "cohort hostile: 0 rows")
        XCTAssertEqual(quoted.message, "cohort quoted: 0 rows")
        XCTAssertEqual(try rowCount("pg_veteran"), before)
        // Bound values of the user's own `sql` are data too.
        let rows = try session.run("sql \"SELECT count(*) AS n FROM pg_veteran WHERE celltype = $1\", \"'; drop table pg_veteran; --\"")
        guard case .table(let table) = rows.last?.value else { return XCTFail("no table") }
        XCTAssertEqual(table.rows.first?.first, .integer(0))
        XCTAssertEqual(try rowCount("pg_veteran"), before)
    }

    func testReadOnlySessionIsRefusedByPostgreSQL() throws {
        let session = try SessionFixture.postgresSession()
        for statement in ["sql \"INSERT INTO pg_veteran (trt) VALUES (1)\"",
                          "sql \"DELETE FROM pg_veteran\"",
                          "sql \"CREATE TABLE sq_should_not_exist (x integer)\""] {
            XCTAssertThrowsError(try session.run(statement), statement) { error in
                XCTAssertTrue("\(error)".contains("read-only"), "\(error)")
            }
        }
        XCTAssertThrowsError(try session.run("import \"\(SessionFixture.path("samples/data/lung.csv"))\" as lung")) { error in
            XCTAssertTrue("\(error)".contains("is not supported on PostgreSQL"), "\(error)")
        }
        XCTAssertEqual(try rowCount("pg_veteran"), 137)
    }

    func testWritableSessionWritesThroughSQL() throws {
        let session = try SessionFixture.postgresSession(writable: true)
        try session.run("sql \"DROP TABLE IF EXISTS pg_written\"")
        try session.run("sql \"CREATE TABLE pg_written AS SELECT * FROM pg_veteran WHERE trt = 1\"")
        let changed = try session.run("sql \"DELETE FROM pg_written WHERE karno < $1\", 50")
        guard case .info(let info) = changed.last?.value else { return XCTFail("no info") }
        XCTAssertTrue(info.message.hasPrefix("sql changed "), info.message)
        XCTAssertLessThan(try rowCount("pg_written"), 69)
    }

    func testTimeLimitCancelsTheServersStatement() throws {
        let db = try PostgresCluster.connect(writable: true)
        try db.execute(.init("""
            CREATE OR REPLACE VIEW pg_slow_veteran AS
            SELECT v.* FROM pg_veteran v CROSS JOIN LATERAL (SELECT pg_sleep(0.2 + 0 * v.time) AS s) AS slow
            """))
        defer { try? db.execute(.init("DROP VIEW IF EXISTS pg_slow_veteran")) }
        let session = try SessionFixture.postgresSession()
        try session.run("""
            set time_limit = 0.5
            use pg_slow_veteran
            endpoint v = surv(time, status == 1)
            """)
        for statement in ["km v", "sql \"SELECT pg_sleep(30)\""] {
            let start = Date()
            XCTAssertThrowsError(try session.run(statement), statement) { error in
                XCTAssertEqual((error as? SQError)?.kind, .timeLimit, "\(error)")
            }
            XCTAssertLessThan(Date().timeIntervalSince(start), 5, statement)
        }
        // The session goes on after a cancelled statement.
        try session.run("set time_limit = 0\nuse pg_veteran\nendpoint v = surv(time, status == 1)")
        guard case .km = try session.run("km v").last?.value else { return XCTFail("no km after the cancel") }
    }

    func testCancelFromAnotherThread() throws {
        let session = try SessionFixture.postgresSession()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { session.cancel() }
        let start = Date()
        XCTAssertThrowsError(try session.run("sql \"SELECT pg_sleep(30)\"")) { error in
            XCTAssertEqual((error as? SQError)?.kind, .cancelled, "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    func testOpenPostgresShowsNoPassword() throws {
        try PostgresCluster.require()
        let secret = PostgresCluster.password
        let url = "postgresql://\(PostgresCluster.passwordRole):\(secret)@127.0.0.1:\(PostgresCluster.coordinatorPort)/sq"
        let session = try Session()
        let opened = try session.run("open postgres \"\(url)\"")
        guard case .info(let info) = opened.last?.value else { return XCTFail("no info") }
        XCTAssertTrue(info.message.hasPrefix("opened PostgreSQL postgresql://\(PostgresCluster.passwordRole):***@127.0.0.1"), info.message)
        XCTAssertFalse(info.message.contains(secret), info.message)
        XCTAssertFalse(opened.last?.statement.contains(secret) ?? true, opened.last?.statement ?? "")
        // The session now reads the server's tables.
        try session.run("use pg_veteran\nendpoint v = surv(time, status == 1)")
        guard case .km = try session.run("km v").last?.value else { return XCTFail("no km on the opened server") }
        // A wrong password, an unknown host: the message names the URL redacted.
        let wrong = url.replacingOccurrences(of: secret, with: "not-\(secret)")
        XCTAssertThrowsError(try Session().run("open postgres \"\(wrong)\"")) { error in
            XCTAssertEqual((error as? SQError)?.kind, .missingInput)
            XCTAssertFalse("\(error)".contains(secret), "\(error)")
            XCTAssertFalse((error as? SQError)?.sourceLine.contains(secret) ?? true, "\(error)")
            XCTAssertTrue("\(error)".contains(":***@"), "\(error)")
        }
        XCTAssertThrowsError(try Session(postgres: wrong)) { error in
            XCTAssertFalse("\(error)".contains(secret), "\(error)")
        }
        XCTAssertThrowsError(try Session().run("open postgres \"mysql://x@y/z\"")) { error in
            XCTAssertTrue("\(error)".contains("postgresql://"), "\(error)")
        }
    }
}
