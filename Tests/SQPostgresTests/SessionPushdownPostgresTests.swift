import SQBackend
import SQPostgres
@testable import SQ
import XCTest

/// `km`, `logrank`, `followup` and `count` read aggregated on PostgreSQL (one
/// row per distinct combination of the columns they use, with its count):
/// the same results as `with pushdown = false` and as SQLite, on one table and
/// on the table partitioned over the two shards, with fewer bytes received.
final class SessionPushdownPostgresTests: XCTestCase {
    static let statements = [
        "km os by sex at 1y, 2y",
        "km os where age > 60",
        "logrank os by sex",
        "logrank os by `ph.ecog` with strata = inst",
        "followup os",
        "count by sex, `ph.ecog`",
    ]

    func session(on table: String) throws -> Session {
        try SessionFixture.load("samples/data/lung.csv", as: "pg_lung", sharded: true)
        let session = try SessionFixture.postgresSession()
        try session.run("use \(table)\nendpoint os = surv(time, status == 2, unit = days)")
        return session
    }

    /// R's lung data in SQLite, with the endpoint the PostgreSQL sessions define.
    func sqliteLung() throws -> Session {
        let sqlite = try Session()
        try sqlite.run("""
            import "\(SessionFixture.path("samples/data/lung.csv"))" as lung
            endpoint os = surv(time, status == 2, unit = days)
            """)
        return sqlite
    }

    func bytes(_ session: Session) -> Int { (session.backend as? PostgresBackend)?.connection.bytesReceived ?? -1 }

    func testAggregatedEqualsRowsAndSQLite() throws {
        let sqlite = try sqliteLung()
        for table in ["pg_lung", "pg_lung_sharded"] {
            let postgres = try session(on: table)
            for statement in Self.statements {
                let aggregated = try postgres.run(statement).last
                let rows = try postgres.run(Self.withoutPushdown(statement)).last
                try assertSameResult(aggregated, rows, tolerance: 0)
                try assertSameResult(aggregated, sqlite.run(statement).last)
            }
        }
    }

    static func withoutPushdown(_ statement: String) -> String { with(statement, "pushdown = false") }

    /// The statement with one more option.
    static func with(_ statement: String, _ option: String) -> String {
        statement + (statement.contains(" with ") ? ", " : " with ") + option
    }

    func testShardedTableIsAggregatedPerForeignPartition() throws {
        let postgres = try session(on: "pg_lung_sharded")
        let backend = try XCTUnwrap(postgres.backend as? PostgresBackend)
        let parts = try backend.pushdownRelations(of: .identifier("pg_lung_sharded"))
        XCTAssertEqual(parts.count, 2)
        XCTAssertEqual(try backend.pushdownRelations(of: .identifier("pg_lung")).count, 1)
    }

    /// Registry data has many patients per (group, day, event): lung 40 times
    /// over. The aggregate sends what lung alone would; the rows, 40 times that.
    func testFewerBytesWhenRowsShareTheirValues() throws {
        _ = try session(on: "pg_lung")
        let db = try PostgresCluster.connect(writable: true)
        try db.execute(.init("DROP TABLE IF EXISTS pg_lung_40"))
        try db.execute(.init("CREATE TABLE pg_lung_40 AS SELECT l.* FROM pg_lung l, generate_series(1, 40) AS copy"))
        let postgres = try session(on: "pg_lung_40")
        for statement in Self.statements {
            let before = bytes(postgres)
            let aggregated = try postgres.run(statement).last
            let aggregatedBytes = bytes(postgres) - before
            let rows = try postgres.run(Self.withoutPushdown(statement)).last
            let rowBytes = bytes(postgres) - before - aggregatedBytes
            try assertSameResult(aggregated, rows, tolerance: 0)
            XCTAssertLessThan(aggregatedBytes * 10, rowBytes, statement)
        }
    }

    func testPushdownIsTrueOrFalseAndOnlyWhereItMeansSomething() throws {
        let postgres = try session(on: "pg_lung")
        XCTAssertThrowsError(try postgres.run("km os with pushdown = 3")) { error in
            XCTAssertTrue("\(error)".contains("`pushdown` is true or false"), "\(error)")
        }
        XCTAssertThrowsError(try postgres.run("each os ~ age with pushdown = false")) { error in
            XCTAssertTrue("\(error)".contains("has no option `pushdown`"), "\(error)")
        }
        let sqlite = try sqliteLung()
        let noted = try XCTUnwrap(sqlite.run("km os with pushdown = true").last)
        XCTAssertEqual(noted.warnings, ["`pushdown` applies on PostgreSQL; SQLite reads the rows where they are, so it was ignored"])
        XCTAssertEqual(try sqlite.run("km os").last?.warnings, [])
    }

    static let coxStatements = [
        "fit cox os ~ age + sex",
        "fit cox os ~ age + `ph.ecog` + strata(sex) with ties = breslow",
        "fit cox os ~ age + (`ph.karno` / 10) + `wt.loss` where age > 50",
        "fit cox os ~ (sex == 2) + log(age) + strata(inst, `ph.ecog`)",
        "fit cox os ~ age + factor(`ph.ecog`)",
        "fit cox os ~ factor(`ph.ecog`, ref = \"1\") + `wt.loss` + strata(sex) with ties = breslow",
        "fit cox os ~ age * sex",
        "fit cox os ~ factor(sex) * (`ph.karno` / 10) + strata(`ph.ecog`)",
        "fit cox os ~ age + age:factor(sex)",
        "fit cox os ~ age + sex + `ph.ecog` with iter = 2",
        "fit cox os ~ age + sex with iter = 0",
    ]

    /// `fit cox` from the database's sums (CoxPushdownRunner.swift) against
    /// `pushdown = false` and SQLite, on one table and on the sharded one:
    /// coefficients, standard errors, tests, concordance, the dropped-rows
    /// warning, factors' levels and references, interactions (with R's
    /// contrast rule); `cluster()` is fitted from rows with a note saying so, and
    /// `check ph` after a fit from sums fits the rows then.
    func testCoxFromSumsEqualsRowsAndSQLite() throws {
        let sqlite = try sqliteLung()
        for table in ["pg_lung", "pg_lung_sharded"] {
            let postgres = try session(on: table)
            // The concordance asked for, to compare it too (under pushdown it is skipped by default).
            for statement in Self.coxStatements.map({ Self.with($0, "concordance = true") }) {
                let pushed = try XCTUnwrap(postgres.run(statement).last)
                XCTAssertEqual(pushed.statementWarnings, [], "\(table): \(statement)")
                let rows = try postgres.run(Self.withoutPushdown(statement)).last
                let onSQLite = try sqlite.run(statement).last
                try assertSameResult(pushed, rows)
                try assertSameResult(pushed, onSQLite)
                guard case .cox(let cox) = pushed.value, case .cox(let expected)? = onSQLite?.value else { return XCTFail(statement) }
                XCTAssertEqual(cox.n, expected.n, statement)
                XCTAssertEqual(cox.nDropped, expected.nDropped, statement)
                XCTAssertEqual(cox.diagnostics.map(\.message), expected.diagnostics.map(\.message), statement)
                XCTAssertEqual(cox.iterations, expected.iterations, statement)
            }
            let clustered = "fit cox os ~ age + sex + cluster(inst)"
            let fetched = try XCTUnwrap(postgres.run(clustered).last)
            XCTAssertTrue(fetched.statementWarnings.contains { $0.message.contains("fetched its rows") && $0.message.contains("cluster") },
                          "\(fetched.statementWarnings)")
            try assertSameResult(fetched, sqlite.run(clustered).last)
            for script in ["let m = fit cox os ~ age + sex + factor(`ph.ecog`) with concordance = true", "check ph m"] {
                try assertSameResult(postgres.run(script).last, sqlite.run(script).last)
            }
        }
    }

    /// lung 1,000 times over (228,000 rows): a fit from sums receives one row per
    /// iteration and a few counts, under 1% of the rows `pushdown = false`
    /// fetches; by default it skips the concordance (which would fetch a row per
    /// distinct linear predictor) with a note saying so, and gives the same fit
    /// as the rows without it.
    func testCoxFromSumsReceivesFewerBytes() throws {
        _ = try session(on: "pg_lung")
        let db = try PostgresCluster.connect(writable: true)
        try db.execute(.init("DROP TABLE IF EXISTS pg_lung_1000"))
        try db.execute(.init("CREATE TABLE pg_lung_1000 AS SELECT l.* FROM pg_lung l, generate_series(1, 1000) AS copy"))
        try db.execute(.init("GRANT SELECT ON pg_lung_1000 TO PUBLIC"))
        let postgres = try session(on: "pg_lung_1000")
        let statement = "fit cox os ~ age + sex + `ph.ecog`"
        let before = bytes(postgres)
        let pushed = try XCTUnwrap(postgres.run(statement).last)
        let pushedBytes = bytes(postgres) - before
        let rows = try postgres.run(Self.with(statement, "pushdown = false, concordance = false")).last
        let rowBytes = bytes(postgres) - before - pushedBytes
        try assertSameResult(pushed, rows)
        XCTAssertLessThan(pushedBytes * 100, rowBytes, "\(pushedBytes) bytes from sums, \(rowBytes) from rows")
        guard case .cox(let cox) = pushed.value else { return XCTFail("not a Cox result") }
        XCTAssertNil(cox.concordance)
        XCTAssertNil(cox.concordanceSE)
        XCTAssertEqual(pushed.statementWarnings.map(\.message), [
            "the concordance was not computed: it would fetch every row's time, event and linear predictor from PostgreSQL;"
                + " `with concordance = true` computes it",
        ])
        XCTAssertEqual(pushed.statementWarnings.first?.severity, .note)
        // Asked for, it is the rows' own.
        let withConcordance = try postgres.run(Self.with(statement, "concordance = true")).last
        XCTAssertEqual(withConcordance?.statementWarnings, [])
        try assertSameResult(withConcordance, postgres.run(Self.withoutPushdown(statement)).last)
    }
}
