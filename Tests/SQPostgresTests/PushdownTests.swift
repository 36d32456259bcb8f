import Foundation
import SQPostgres
import XCTest

final class PushdownTests: XCTestCase {
    static let single = "pd_lung", sharded = "pd_lung_sharded"
    nonisolated(unsafe) static var loaded: [LungFixture.Row]?

    private func rows() throws -> [LungFixture.Row] {
        if let loaded = Self.loaded { return loaded }
        let rows = try LungFixture.load(single: Self.single, sharded: Self.sharded)
        Self.loaded = rows
        return rows
    }

    private func sources(_ db: PostgresConnection, strata: [String] = ["sex"]) throws -> [PostgresSurvivalSource] {
        try [Self.single, Self.sharded].map {
            try PostgresSurvivalSource.table($0, on: db, time: "time", event: "status", strata: strata)
        }
    }

    func testShardedTableIsReadPartitionByPartition() throws {
        _ = try rows()
        let db = try PostgresCluster.connect()
        let sources = try sources(db)
        XCTAssertEqual(sources[0].relations, ["\"pd_lung\""])
        XCTAssertEqual(sources[1].relations, ["\"public\".\"pd_lung_sharded_p0\"", "\"public\".\"pd_lung_sharded_p1\""])
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
            XCTAssertEqual(counts.events.reduce(0, +), try LungFixture.expected()["events"])
            XCTAssertEqual(counts.n.reduce(0, +), try LungFixture.expected()["n"])
        }
    }

    /// Efron's log partial likelihood from the per-time sums (Efron 1977; R survival's
    /// coxfit6: risk sets by a backward pass over the times of each stratum).
    private func efronLogLikelihood(_ sums: PostgresCoxSums) -> Double {
        var loglik = 0.0
        var start = 0
        while start < sums.time.count {
            var end = start
            while end < sums.time.count, sums.strata[0][end] == sums.strata[0][start] { end += 1 }
            var riskSet = 0.0
            for i in (start..<end).reversed() {
                riskSet += sums.risk[i]
                let d = sums.events[i]
                guard d > 0 else { continue }
                loglik += sums.eventEta[i]
                for k in 0..<Int(d) {
                    loglik -= sums.eventWeight[i] / d * log(riskSet - Double(k) / d * sums.eventRisk[i])
                }
            }
            start = end
        }
        return loglik
    }

    func testCoxSumsGiveRsLogLikelihood() throws {
        let rows = try rows()
        let expected = try LungFixture.expected()
        let beta = [try XCTUnwrap(expected["coef.1"]), try XCTUnwrap(expected["coef.2"])]
        let means = [rows.map(\.x1).reduce(0, +) / Double(rows.count), rows.map(\.x2).reduce(0, +) / Double(rows.count)]
        let db = try PostgresCluster.connect()
        for source in try sources(db) {
            let atZero = try PostgresCoxSums.fetch(source, covariates: ["age", "ecog"], beta: [0, 0], on: db)
            let atFit = try PostgresCoxSums.fetch(source, covariates: ["age", "ecog"], beta: beta, centers: means, on: db)
            let loglik0 = try XCTUnwrap(expected["loglik0"]), loglik = try XCTUnwrap(expected["loglik"])
            XCTAssertEqual(efronLogLikelihood(atZero), loglik0, accuracy: abs(loglik0) * 1e-9, "\(source.relations)")
            XCTAssertEqual(efronLogLikelihood(atFit), loglik, accuracy: abs(loglik) * 1e-9, "\(source.relations)")
            XCTAssertEqual(atFit.riskX.count, 2)
            XCTAssertEqual(atFit.riskXX.count, 3)
            XCTAssertEqual(atFit.events.reduce(0, +), expected["events"])
        }
    }

    func testCoxSumsMatchTheRows() throws {
        let rows = try rows()
        let beta = [0.01, -0.3], centers = [60.0, 1.0]
        let db = try PostgresCluster.connect()
        for source in try sources(db, strata: []) {
            let sums = try PostgresCoxSums.fetch(source, covariates: ["age", "ecog"], beta: beta, centers: centers, efron: false, on: db)
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
                    PostgresPushdown.coxSums(source, covariates: ["age", "ecog"], beta: [0.01, 0.4], centers: [62, 1])] {
            let text = try plan(sql)
            XCTAssertEqual(text.components(separatedBy: "Async Foreign Scan").count - 1, 2, text)
            XCTAssertTrue(text.contains("Relations: Aggregate on (public.pd_lung_sharded_p0)"), text)
            XCTAssertTrue(text.contains("Relations: Aggregate on (public.pd_lung_sharded_p1)"), text)
            XCTAssertTrue(text.contains("GROUP BY"), text)
        }
        // The same GROUP BY over the partitioned parent brings every row to the coordinator.
        let naive = try plan(PostgresSQL("SELECT sex, time, count(*), sum(status) FROM pd_lung_sharded GROUP BY 1, 2"))
        XCTAssertFalse(naive.contains("Relations: Aggregate on"), naive)
        XCTAssertTrue(naive.contains("Foreign Scan"), naive)
    }
}
