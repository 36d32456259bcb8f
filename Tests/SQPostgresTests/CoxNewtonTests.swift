import SQPostgres
import SQSurvival
import XCTest

/// `PostgresCoxNewton` on R's Cox cases (Tests/Fixtures/R/cox_reference.R), on
/// one table and on the table partitioned over the two shards: coefficients,
/// standard errors and log-likelihoods against coxph (1e-6) and against SQ's
/// own engine on the same rows (`CoxModel`, 1e-9 relative).
final class CoxNewtonTests: XCTestCase {
    func check(_ name: String, strata: [String] = [], efron: Bool) throws {
        let fixture = try RCoxCase(name)
        try fixture.load(single: "nw_\(name)", sharded: "nw_\(name)_sharded")
        let covariates = fixture.covariates
        let strataCodes: [Int]? = strata.isEmpty ? nil : fixture.column(strata[0]).map { Int($0) }
        let rows = try CoxModel.fit(CoxData(time: fixture.column("time"), event: fixture.column("status").map { $0 == 1 },
                                            covariates: covariates.map(fixture.column), strata: strataCodes),
                                    options: CoxOptions(ties: efron ? .efron : .breslow))
        let r = try fixture.coefficients()
        let db = try PostgresCluster.connect()
        for table in ["nw_\(name)", "nw_\(name)_sharded"] {
            let source = try PostgresSurvivalSource.table(table, on: db, time: "time", event: "status", strata: strata)
            let bytesBefore = db.bytesReceived
            let fit = try PostgresCoxNewton.fit(source, covariates: covariates, efron: efron, on: db)
            XCTAssertTrue(fit.converged, table)
            for j in covariates.indices {
                XCTAssertEqual(fit.coefficients[j], r[j], accuracy: 1e-6 * abs(r[j]), "\(table) coef \(j + 1)")
                let se = try XCTUnwrap(fixture.expected["se.\(j + 1)"])
                XCTAssertEqual(fit.standardErrors[j], se, accuracy: 1e-6 * se, "\(table) se \(j + 1)")
                XCTAssertEqual(fit.coefficients[j], rows.coefficients[j], accuracy: 1e-9 * abs(rows.coefficients[j]), "\(table) coef \(j + 1) vs SQ")
                XCTAssertEqual(fit.standardErrors[j], rows.standardErrors[j], accuracy: 1e-9 * rows.standardErrors[j], "\(table) se \(j + 1) vs SQ")
            }
            let loglik = try XCTUnwrap(fixture.expected["loglik"]), loglik0 = try XCTUnwrap(fixture.expected["loglik0"])
            XCTAssertEqual(fit.logLikelihood, loglik, accuracy: 1e-9 * abs(loglik), table)
            XCTAssertEqual(fit.logLikelihoodNull, loglik0, accuracy: 1e-9 * abs(loglik0), table)
            XCTAssertEqual(fit.logLikelihood, rows.logLikelihood, accuracy: 1e-9 * abs(loglik), table)
            XCTAssertEqual(fit.events, fixture.expected["events"])
            // Only sums crossed: a few rows per distinct time and iteration, never the table.
            XCTAssertGreaterThan(db.bytesReceived, bytesBefore)
        }
    }

    func testPBCEfron() throws { try check("pbc", efron: true) }
    func testPBCBreslow() throws { try check("pbc_breslow", efron: false) }
    func testVeteranEfron() throws { try check("veteran", efron: true) }
    func testLungEfronWithStrata() throws { try check("lung_strata", strata: ["strata"], efron: true) }

    /// Case weights (Tests/Fixtures/R/cox_weights_reference.R): every sum weighted,
    /// Efron's tied deaths by their mean weight, as coxph(weights = w). The
    /// standard errors are the model-based ones (coxph's `naive.var`): for
    /// non-integer weights coxph reports robust ones, which need every row's
    /// score residual, not sums.
    func checkWeighted(_ name: String, efron: Bool) throws {
        let fixture = try RCoxCase(name)
        try fixture.load(single: "nw_\(name)", sharded: "nw_\(name)_sharded")
        let r = try fixture.coefficients()
        let db = try PostgresCluster.connect()
        for table in ["nw_\(name)", "nw_\(name)_sharded"] {
            let source = try PostgresSurvivalSource.table(table, on: db, time: "time", event: "status", weight: "weight")
            let fit = try PostgresCoxNewton.fit(source, covariates: fixture.covariates, efron: efron, on: db)
            XCTAssertTrue(fit.converged, table)
            for j in fixture.covariates.indices {
                XCTAssertEqual(fit.coefficients[j], r[j], accuracy: 1e-6 * abs(r[j]), "\(table) coef \(j + 1)")
                let se = try XCTUnwrap(fixture.expected["naive_se.\(j + 1)"])
                XCTAssertEqual(fit.standardErrors[j], se, accuracy: 1e-6 * se, "\(table) se \(j + 1)")
            }
            let loglik = try XCTUnwrap(fixture.expected["loglik"]), loglik0 = try XCTUnwrap(fixture.expected["loglik0"])
            XCTAssertEqual(fit.logLikelihood, loglik, accuracy: 1e-9 * abs(loglik), table)
            XCTAssertEqual(fit.logLikelihoodNull, loglik0, accuracy: 1e-9 * abs(loglik0), table)
        }
    }

    func testWeightedEfron() throws { try checkWeighted("weighted_efron", efron: true) }
    func testWeightedBreslow() throws { try checkWeighted("weighted_breslow", efron: false) }
}
