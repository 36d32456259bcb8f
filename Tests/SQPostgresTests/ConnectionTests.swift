import Foundation
import SQPostgres
import XCTest

final class ConnectionTests: XCTestCase {
    func testConnectsAndRunsAQuery() throws {
        let db = try PostgresCluster.connect()
        let result = try db.query(PostgresSQL("SELECT 1 + 1 AS two, current_user AS who"))
        XCTAssertEqual(result.columnNames, ["two", "who"])
        XCTAssertEqual(result.rows, [[.integer(2), .text("sq")]])
        XCTAssertGreaterThanOrEqual(db.serverVersion, 150000)
        XCTAssertFalse(db.isWritable)
    }

    func testTLSIsUsedWhenTheServerOffersIt() throws {
        // The coordinator has a certificate (scripts/pg-cluster.sh); libpq's default sslmode=prefer takes it.
        let db = try PostgresCluster.connect()
        XCTAssertTrue(db.usesTLS)
        let ssl = try db.query(PostgresSQL("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
        XCTAssertEqual(ssl.rows, [[.integer(1)]])
    }

    func testPasswordFromTheURLLogsIn() throws {
        try PostgresCluster.require()
        let url = "postgresql://\(PostgresCluster.passwordRole):\(PostgresCluster.password)@127.0.0.1:\(PostgresCluster.coordinatorPort)/sq"
        let db = try PostgresConnection(url: url)
        XCTAssertEqual(try db.query(PostgresSQL("SELECT current_user")).rows, [[.text(PostgresCluster.passwordRole)]])
        XCTAssertFalse(db.description.contains(PostgresCluster.password), db.description)
        XCTAssertFalse(db.url.description.contains(PostgresCluster.password))
        XCTAssertTrue(db.description.contains("sq_password:***@127.0.0.1"), db.description)
    }

    func testPasswordFromPGPASSWORDLogsIn() throws {
        try PostgresCluster.require()
        setenv("PGPASSWORD", PostgresCluster.password, 1)
        defer { unsetenv("PGPASSWORD") }
        let db = try PostgresConnection(url: "postgresql://\(PostgresCluster.passwordRole)@127.0.0.1:\(PostgresCluster.coordinatorPort)/sq")
        XCTAssertEqual(try db.query(PostgresSQL("SELECT current_user")).rows, [[.text(PostgresCluster.passwordRole)]])
    }

    func testWrongPasswordIsNotInTheError() throws {
        try PostgresCluster.require()
        let secret = "Wr0ng-s3cret-pw"
        let url = "postgresql://\(PostgresCluster.passwordRole):\(secret)@127.0.0.1:\(PostgresCluster.coordinatorPort)/sq"
        XCTAssertThrowsError(try PostgresConnection(url: url)) { error in
            let error = error as! PostgresError
            XCTAssertEqual(error.kind, .connection)
            XCTAssertTrue(error.message.contains("password authentication failed"), error.message)
            for text in [error.message, error.description, String(describing: error), "\(error)", String(reflecting: error)] {
                XCTAssertFalse(text.contains(secret), text)
            }
        }
    }

    func testPasswordOfAnUnreachableServerIsNotInTheError() throws {
        let secret = "p@ss:w/rd%"
        let encoded = "p%40ss%3Aw%2Frd%25"
        XCTAssertThrowsError(try PostgresConnection(url: "postgresql://someone:\(encoded)@127.0.0.1:1/sq")) { error in
            let error = error as! PostgresError
            XCTAssertEqual(error.kind, .connection)
            XCTAssertTrue(error.message.contains("someone:***@127.0.0.1:1/sq"), error.message)
            for text in [error.message, String(reflecting: error)] {
                XCTAssertFalse(text.contains(secret), text)
                XCTAssertFalse(text.contains(encoded), text)
            }
        }
    }

    func testURLRedaction() throws {
        XCTAssertEqual(try PostgresURL("postgresql://u:s3cr3t@db.example.org:5432/registry?sslmode=require").redacted,
                       "postgresql://u:***@db.example.org:5432/registry?sslmode=require")
        XCTAssertEqual(try PostgresURL("postgresql://u@h/db").redacted, "postgresql://u@h/db")
        XCTAssertEqual(try PostgresURL("postgresql://u@h/db?sslmode=require&password=s3cr3t&connect_timeout=5").redacted,
                       "postgresql://u@h/db?sslmode=require&password=***&connect_timeout=5")
        XCTAssertEqual(try PostgresURL("postgresql://u:a%40b@h1:5432,h2:5433/db").redacted, "postgresql://u:***@h1:5432,h2:5433/db")
        XCTAssertEqual(try PostgresURL("postgres://h").redacted, "postgres://h")
        XCTAssertThrowsError(try PostgresURL("mysql://u:secret@h/db")) { error in
            XCTAssertFalse("\(error)".contains("secret"), "\(error)")
        }
    }

    func testPasswordInAQueryParameterIsNotInTheError() throws {
        try PostgresCluster.require()
        let secret = "Qu3ry-s3cret"
        let url = "postgresql://\(PostgresCluster.passwordRole)@127.0.0.1:\(PostgresCluster.coordinatorPort)/sq?password=\(secret)"
        XCTAssertThrowsError(try PostgresConnection(url: url)) { error in
            XCTAssertTrue("\(error)".contains("password=***"), "\(error)")
            XCTAssertFalse(String(reflecting: error).contains(secret), String(reflecting: error))
        }
    }

    func testOnlyOneStatementAtATime() throws {
        let db = try PostgresCluster.connect()
        XCTAssertThrowsError(try db.query(PostgresSQL("SELECT 1; SELECT 2"))) { error in
            XCTAssertEqual((error as! PostgresError).sqlstate, "42601", "\(error)")
        }
        XCTAssertEqual(try db.query(PostgresSQL("SELECT 3")).rows, [[.integer(3)]])
    }

    func testServerErrorCarriesSQLStateAndStatement() throws {
        let db = try PostgresCluster.connect()
        XCTAssertThrowsError(try db.query(PostgresSQL("SELECT no_such_column FROM pg_class"))) { error in
            let error = error as! PostgresError
            XCTAssertEqual(error.kind, .server(sqlstate: "42703"))
            XCTAssertTrue(error.message.contains("no_such_column"), error.message)
            XCTAssertEqual(error.sql, "SELECT no_such_column FROM pg_class")
        }
    }
}
