import Foundation
@testable import SQPostgres
@testable import SQSurvival
import XCTest

final class PushdownTests: XCTestCase {
    nonisolated(unsafe) static var loaded: [String: RCoxCase] = [:]

    /// R's case, loaded once per run into `pd_NAME` and `pd_NAME_sharded`.
    private func load(_ name: String) throws -> RCoxCase {
        if let loaded = Self.loaded[name] { return loaded }
        let fixture = try RCoxCase(name)
        try fixture.load(single: "pd_\(name)", sharded: "pd_\(name)_sharded")
        Self.loaded[name] = fixture
        return fixture
    }

    private func rows() throws -> [LungRow] {
        let lung = try load("lung_strata")
        return lung.rows.map { LungRow(time: $0[0], status: $0[1], stratum: $0[2], x1: $0[3], x2: $0[4]) }
    }

    struct LungRow { var time, status, stratum, x1, x2: Double }

    private func sources(_ db: PostgresConnection, case name: String = "lung_strata", strata: [String] = ["strata"]) throws -> [PostgresSurvivalSource] {
        try ["pd_\(name)", "pd_\(name)_sharded"].map {
            try PostgresSurvivalSource.table($0, on: db, time: "time", event: "status", strata: strata)
        }
    }

    func testShardedTableIsReadPartitionByPartition() throws {
        _ = try rows()
        let db = try PostgresCluster.connect()
        let sources = try sources(db)
        XCTAssertEqual(sources[0].relations, ["\"pd_lung_strata\""])
        XCTAssertEqual(sources[1].relations, ["\"public\".\"pd_lung_strata_sharded_p0\"", "\"public\".\"pd_lung_strata_sharded_p1\""])
    }

    func testEventCountsMatchTheRows() throws {
        let rows = try rows()
        let db = try PostgresCluster.connect()
        // The counts straight from the rows, grouped here.
        var expected: [String: (n: Double, events: Double)] = [:]
        for row in rows {
            let key = "\(Int(row.stratum))|\(row.time)"
            expected[key, default: (0, 0)].n += 1
            expected[key, default: (0, 0)].events += row.status
        }
        for source in try sources(db) {
            let counts = try PostgresEventCounts.fetch(source, on: db)
            XCTAssertEqual(counts.time.count, expected.count, "\(source.relations)")
            for i in counts.time.indices {
                let key = "\(counts.strata[0][i] ?? "-")|\(counts.time[i])"
                XCTAssertEqual(counts.n[i], expected[key]?.n, key)
                XCTAssertEqual(counts.events[i], expected[key]?.events, key)
                XCTAssertEqual(counts.weightedN[i], counts.n[i])
                XCTAssertEqual(counts.weightedEvents[i], counts.events[i])
                if i > 0, counts.strata[0][i] == counts.strata[0][i - 1] { XCTAssertLessThan(counts.time[i - 1], counts.time[i]) }
            }
            XCTAssertEqual(counts.events.reduce(0, +), try load("lung_strata").expected["events"])
            XCTAssertEqual(counts.n.reduce(0, +), try load("lung_strata").expected["n"])
        }
    }

    /// The statement's derivatives at β with the events' own terms added as
    /// `PostgresCoxNewton.fit` adds them: Σ w·x̃_j over the events is the deaths'
    /// Σ r·x̃_j at β = 0, and Σ w·η = Σ_j β_j Σ w·x̃_j.
    private func derivatives(_ source: PostgresSurvivalSource, covariates: [String], beta: [Double], centers: [Double],
                             efron: Bool, on db: PostgresConnection) throws -> (loglik: Double, score: [Double], information: [Double], events: Double) {
        let zero = try PostgresCoxDerivatives.fetch(source, covariates: covariates, beta: beta.map { _ in 0 }, centers: centers, efron: efron, on: db)
        let at = try PostgresCoxDerivatives.fetch(source, covariates: covariates, beta: beta, centers: centers, efron: efron, on: db)
        let loglik = at.logLikelihood + zip(beta, zero.eventsX).reduce(0) { $0 + $1.0 * $1.1 }
        return (loglik, zip(at.score, zero.eventsX).map { $0 + $1 }, at.information, at.events)
    }

    /// SQ's own engine on the same rows (`CoxRiskSets.evaluate`, the SQLite path's
    /// likelihood) at β: log-likelihood, score and information, back from the
    /// engine's scaled columns x·s (β/s, U_j = U_s,j / s_j, I_jk = I_s,jk / (s_j s_k)).
    private func engine(_ fixture: RCoxCase, strata: [String], beta: [Double], efron: Bool) -> CoxLikelihoodValue {
        let data = CoxData(time: fixture.column("time"), event: fixture.column("status").map { $0 == 1 },
                           covariates: fixture.covariates.map(fixture.column),
                           strata: strata.isEmpty ? nil : fixture.column(strata[0]).map { Int($0) })
        let sets = CoxRiskSets(data), s = sets.scales, p = beta.count
        var value = sets.evaluate(beta: zip(beta, s).map { $0 / $1 }, ties: efron ? .efron : .breslow)
        value.score = zip(value.score, s).map { $0 / $1 }
        for j in 0..<p { for k in 0..<p { value.information[j * p + k] /= s[j] * s[k] } }
        return value
    }

    /// R's log-likelihoods at β = 0 and at its estimate follow from one row of the
    /// statement each, to 1e-9, and the standard errors from its information (1e-6);
    /// halfway to the estimate the log-likelihood, score and information are SQ's
    /// engine's on the same rows (1e-9).
    private func checkDerivatives(_ name: String, strata: [String], efron: Bool) throws {
        let fixture = try load(name)
        let covariates = fixture.covariates, p = covariates.count
        let beta = try fixture.coefficients()
        let means = covariates.map { name in fixture.column(name).reduce(0, +) / Double(fixture.rows.count) }
        let db = try PostgresCluster.connect()
        for source in try sources(db, case: name, strata: strata) {
            let label = "\(name) \(source.relations)"
            let atZero = try derivatives(source, covariates: covariates, beta: beta.map { _ in 0 }, centers: means, efron: efron, on: db)
            let atFit = try derivatives(source, covariates: covariates, beta: beta, centers: means, efron: efron, on: db)
            let loglik0 = try XCTUnwrap(fixture.expected["loglik0"]), loglik = try XCTUnwrap(fixture.expected["loglik"])
            XCTAssertEqual(atZero.loglik, loglik0, accuracy: abs(loglik0) * 1e-9, label)
            XCTAssertEqual(atFit.loglik, loglik, accuracy: abs(loglik) * 1e-9, label)
            XCTAssertEqual(atFit.events, fixture.expected["events"], label)
            // R's standard errors are the inverse information's diagonal at its estimate.
            let variance = try XCTUnwrap(PostgresCoxNewton.inverse(atFit.information, p), label)
            for j in 0..<p {
                let se = try XCTUnwrap(fixture.expected["se.\(j + 1)"])
                XCTAssertEqual(variance[j * p + j].squareRoot(), se, accuracy: 1e-6 * se, "\(label) se \(j + 1)")
            }
            let half = beta.map { $0 / 2 }
            let pushed = try derivatives(source, covariates: covariates, beta: half, centers: means, efron: efron, on: db)
            let expected = engine(fixture, strata: strata, beta: half, efron: efron)
            XCTAssertEqual(pushed.loglik, expected.logLikelihood, accuracy: abs(expected.logLikelihood) * 1e-9, label)
            let scale = expected.information.map(abs).max() ?? 1
            for j in 0..<p {
                XCTAssertEqual(pushed.score[j], expected.score[j], accuracy: 1e-9 * max(abs(expected.score[j]), scale), "\(label) score \(j + 1)")
            }
            for q in 0..<(p * p) {
                XCTAssertEqual(pushed.information[q], expected.information[q], accuracy: 1e-9 * scale, "\(label) information \(q)")
            }
        }
    }

    func testCoxDerivativesGiveRsEfronFitWithStrata() throws {
        try checkDerivatives("lung_strata", strata: ["strata"], efron: true)
    }

    func testCoxDerivativesGiveRsBreslowFit() throws {
        try checkDerivatives("pbc_breslow", strata: [], efron: false)
    }

    func testCoxDerivativesGiveRsEfronFitWithSixCovariates() throws {
        try checkDerivatives("veteran", strata: [], efron: true)
    }

    /// One row per step, whatever the rows: 2 + 2p + p(p+1)/2 numbers.
    func testCoxDerivativesAreOneRow() throws {
        _ = try rows()
        let db = try PostgresCluster.connect()
        for source in try sources(db) {
            let sql = PostgresPushdown.coxDerivatives(source, covariates: ["x1", "x2"], beta: [0.01, -0.3], centers: [60, 1])
            let result = try db.query(sql)
            XCTAssertEqual(result.rows.count, 1, "\(source.relations)")
            XCTAssertEqual(result.rows.first?.count, 2 + 2 * 2 + 3, "\(source.relations)")
        }
    }

    /// One relation: the grouping runs in parallel workers (Partial HashAggregate
    /// under a Gather) and exp(η) is evaluated once per row, in the row subquery,
    /// inside the read-only transaction with its own `work_mem`.
    func testOneRelationIsAggregatedInParallelWithExpOnce() throws {
        _ = try rows()
        let db = try PostgresCluster.connect()
        // The test table is small: make parallel plans free so the planner shows the shape it takes at scale.
        for setting in ["parallel_setup_cost = 0", "parallel_tuple_cost = 0", "min_parallel_table_scan_size = 0"] {
            try db.execute(PostgresSQL("SET \(setting)"))
        }
        let source = try sources(db)[0]
        let sql = PostgresPushdown.coxDerivatives(source, covariates: ["x1", "x2"], beta: [0.01, -0.3], centers: [60, 1])
        let plan = try db.fetchColumns(PostgresSQL("EXPLAIN (VERBOSE, COSTS OFF) " + sql.text, sql.arguments), kinds: [.text],
                                       settings: PostgresPushdown.coxSettings(source))
        guard case .text(let lines) = plan[0] else { return XCTFail("no plan") }
        let text = lines.compactMap { $0 }.joined(separator: "\n")
        XCTAssertTrue(text.contains("Partial HashAggregate"), text)
        XCTAssertTrue(text.contains("Gather"), text)
        XCTAssertTrue(text.contains("Parallel Seq Scan"), text)
        XCTAssertEqual(text.components(separatedBy: "exp(").count - 1, 1, text)
        let memory = try db.fetchColumns(PostgresSQL("SELECT current_setting('work_mem'), current_setting('enable_sort'), current_setting('transaction_read_only')"),
                                         kinds: [.text, .text, .text], settings: PostgresPushdown.coxSettings(source))
        XCTAssertEqual(memory.map { column -> String? in if case .text(let values) = column { return values.first ?? nil }; return nil },
                       ["64MB", "off", "on"])
        // Set for the statement alone.
        let after = try db.fetchColumns(PostgresSQL("SELECT current_setting('work_mem')"), kinds: [.text])
        if case .text(let values) = after[0] { XCTAssertNotEqual(values.first ?? nil, "64MB") }
    }

    func testShardedAggregatesArePushedDown() throws {
        _ = try rows()
        let db = try PostgresCluster.connect()
        let source = try sources(db)[1]
        func plan(_ sql: PostgresSQL) throws -> String {
            try db.query(PostgresSQL("EXPLAIN (VERBOSE, COSTS OFF) " + sql.text, sql.arguments)).rows
                .compactMap { if case .text(let line) = $0.first { return line }; return nil }.joined(separator: "\n")
        }
        for sql in [PostgresPushdown.eventCounts(source),
                    PostgresPushdown.coxDerivatives(source, covariates: ["x1", "x2"], beta: [0.01, 0.4], centers: [62, 1])] {
            let text = try plan(sql)
            XCTAssertEqual(text.components(separatedBy: "Async Foreign Scan").count - 1, 2, text)
            XCTAssertTrue(text.contains("Relations: Aggregate on (public.pd_lung_strata_sharded_p0)"), text)
            XCTAssertTrue(text.contains("Relations: Aggregate on (public.pd_lung_strata_sharded_p1)"), text)
            XCTAssertTrue(text.contains("GROUP BY"), text)
        }
        // The naive GROUP BY over the partitioned parent brings every row to the coordinator.
        let naive = try plan(PostgresSQL("SELECT strata, time, count(*), sum(status) FROM pd_lung_strata_sharded GROUP BY 1, 2"))
        XCTAssertFalse(naive.contains("Relations: Aggregate on"), naive)
        XCTAssertTrue(naive.contains("Foreign Scan"), naive)
    }

    /// Ten covariates on a sharded table with many rows per (time, event), as
    /// registry data: costed as PostgreSQL costs them by default, the 68 sums
    /// are as dear on the coordinator as on a shard and it fetched the rows to
    /// group them; with the statement's own settings each partition's grouping
    /// is sent to its shard.
    func testWideCoxGroupingStaysOnTheShards() throws {
        _ = try rows()
        let writer = try PostgresCluster.connect(writable: true)
        let columns = "id integer, time double precision, status double precision, x1 double precision, x2 double precision"
        try writer.execute(PostgresSQL("SELECT sq_create_sharded_table('pd_wide_sharded', 'id', $1)", [.text(columns)]))
        try writer.execute(PostgresSQL("INSERT INTO pd_wide_sharded SELECT g, g % 50, g % 2, (g % 7) / 7.0, (g % 11) / 11.0 FROM generate_series(1, 20000) AS g"))
        let db = try PostgresCluster.connect()
        let source = try PostgresSurvivalSource.table("pd_wide_sharded", on: db, time: "time", event: "status")
        let ten = (0..<10).map { "(x\($0 % 2 + 1) + \($0))" }
        let sql = PostgresPushdown.coxDerivatives(source, covariates: ten, beta: ten.map { _ in 0.01 }, centers: ten.map { _ in 1 })
        func plan(_ settings: [String]) throws -> String {
            let explained = try db.fetchColumns(PostgresSQL("EXPLAIN (VERBOSE, COSTS OFF) " + sql.text, sql.arguments), kinds: [.text],
                                                settings: settings)
            guard case .text(let lines) = explained[0] else { return "" }
            return lines.compactMap { $0 }.joined(separator: "\n")
        }
        let pushed = try plan(PostgresPushdown.coxSettings(source))
        XCTAssertTrue(pushed.contains("Relations: Aggregate on (public.pd_wide_sharded_p0)"), pushed)
        XCTAssertTrue(pushed.contains("Relations: Aggregate on (public.pd_wide_sharded_p1)"), pushed)
        let fetched = try plan(PostgresPushdown.aggregateSettings + ["enable_sort = off"])
        XCTAssertFalse(fetched.contains("Relations: Aggregate on"), fetched)
        XCTAssertEqual(try PostgresCoxDerivatives.fetch(source, covariates: ten, beta: ten.map { _ in 0.01 }, centers: ten.map { _ in 1 }, on: db).events, 10000)
    }
}
