import Foundation
import SQPostgres
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

    /// Efron's log partial likelihood from the per-time sums (Efron 1977; R survival's
    /// coxfit6: risk sets by a backward pass over the times of each stratum).
    /// Breslow's when `efron` is false: every tied event sees the whole risk set.
    private func logLikelihood(_ sums: PostgresCoxSums, efron: Bool = true) -> Double {
        var loglik = 0.0
        var start = 0
        while start < sums.time.count {
            var end = start
            while end < sums.time.count, sums.strata.allSatisfy({ $0[end] == $0[start] }) { end += 1 }
            var riskSet = 0.0
            for i in (start..<end).reversed() {
                riskSet += sums.risk[i]
                let d = sums.events[i]
                guard d > 0 else { continue }
                loglik += sums.eventEta[i]
                if !efron {
                    loglik -= sums.eventWeight[i] * log(riskSet)
                    continue
                }
                for k in 0..<Int(d) {
                    loglik -= sums.eventWeight[i] / d * log(riskSet - Double(k) / d * sums.eventRisk[i])
                }
            }
            start = end
        }
        return loglik
    }

    /// R's log-likelihoods at β = 0 and at its estimate follow from the sums, to 1e-9.
    private func checkLogLikelihoods(_ name: String, strata: [String], efron: Bool) throws {
        let fixture = try load(name)
        let covariates = fixture.covariates
        let beta = try fixture.coefficients()
        let means = covariates.map { name in fixture.column(name).reduce(0, +) / Double(fixture.rows.count) }
        let db = try PostgresCluster.connect()
        for source in try sources(db, case: name, strata: strata) {
            let atZero = try PostgresCoxSums.fetch(source, covariates: covariates, beta: beta.map { _ in 0 }, efron: efron, on: db)
            let atFit = try PostgresCoxSums.fetch(source, covariates: covariates, beta: beta, centers: means, efron: efron, on: db)
            let loglik0 = try XCTUnwrap(fixture.expected["loglik0"]), loglik = try XCTUnwrap(fixture.expected["loglik"])
            XCTAssertEqual(logLikelihood(atZero, efron: efron), loglik0, accuracy: abs(loglik0) * 1e-9, "\(name) \(source.relations)")
            XCTAssertEqual(logLikelihood(atFit, efron: efron), loglik, accuracy: abs(loglik) * 1e-9, "\(name) \(source.relations)")
            XCTAssertEqual(atFit.riskX.count, covariates.count)
            XCTAssertEqual(atFit.riskXX.count, covariates.count * (covariates.count + 1) / 2)
            XCTAssertEqual(atFit.events.reduce(0, +), fixture.expected["events"])
            XCTAssertEqual(atFit.eventRisk.isEmpty, !efron)
        }
    }

    func testCoxSumsGiveRsEfronLogLikelihoodWithStrata() throws {
        try checkLogLikelihoods("lung_strata", strata: ["strata"], efron: true)
    }

    func testCoxSumsGiveRsBreslowLogLikelihood() throws {
        try checkLogLikelihoods("pbc_breslow", strata: [], efron: false)
    }

    func testCoxSumsGiveRsEfronLogLikelihoodWithSixCovariates() throws {
        try checkLogLikelihoods("veteran", strata: [], efron: true)
    }

    func testCoxSumsMatchTheRows() throws {
        let rows = try rows()
        let beta = [0.01, -0.3], centers = [60.0, 1.0]
        let db = try PostgresCluster.connect()
        for source in try sources(db, strata: []) {
            let sums = try PostgresCoxSums.fetch(source, covariates: ["x1", "x2"], beta: beta, centers: centers, efron: false, on: db)
            XCTAssertTrue(sums.eventRisk.isEmpty)
            let times = Array(Set(rows.map(\.time))).sorted()
            XCTAssertEqual(sums.time, times)
            for (i, t) in times.enumerated() {
                var risk = 0.0, riskX = [0.0, 0.0], riskXX = [0.0, 0.0, 0.0], events = 0.0, eventEta = 0.0
                for row in rows where row.time == t {
                    let x = [row.x1 - centers[0], row.x2 - centers[1]]
                    let eta = beta[0] * x[0] + beta[1] * x[1]
                    let r = exp(eta)
                    risk += r
                    riskX[0] += r * x[0]; riskX[1] += r * x[1]
                    riskXX[0] += r * x[0] * x[0]; riskXX[1] += r * x[0] * x[1]; riskXX[2] += r * x[1] * x[1]
                    events += row.status
                    eventEta += row.status * eta
                }
                XCTAssertEqual(sums.risk[i], risk, accuracy: risk * 1e-12)
                for j in 0..<2 { XCTAssertEqual(sums.riskX[j][i], riskX[j], accuracy: 1e-9 * max(1, abs(riskX[j]))) }
                for j in 0..<3 { XCTAssertEqual(sums.riskXX[j][i], riskXX[j], accuracy: 1e-9 * max(1, abs(riskXX[j]))) }
                XCTAssertEqual(sums.events[i], events)
                XCTAssertEqual(sums.eventWeight[i], events)
                XCTAssertEqual(sums.eventEta[i], eventEta, accuracy: 1e-9 * max(1, abs(eventEta)))
            }
        }
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
                    PostgresPushdown.coxSums(source, covariates: ["x1", "x2"], beta: [0.01, 0.4], centers: [62, 1])] {
            let text = try plan(sql)
            XCTAssertEqual(text.components(separatedBy: "Async Foreign Scan").count - 1, 2, text)
            XCTAssertTrue(text.contains("Relations: Aggregate on (public.pd_lung_strata_sharded_p0)"), text)
            XCTAssertTrue(text.contains("Relations: Aggregate on (public.pd_lung_strata_sharded_p1)"), text)
            XCTAssertTrue(text.contains("GROUP BY"), text)
        }
        // The same GROUP BY over the partitioned parent brings every row to the coordinator.
        let naive = try plan(PostgresSQL("SELECT strata, time, count(*), sum(status) FROM pd_lung_strata_sharded GROUP BY 1, 2"))
        XCTAssertFalse(naive.contains("Relations: Aggregate on"), naive)
        XCTAssertTrue(naive.contains("Foreign Scan"), naive)
    }
}
