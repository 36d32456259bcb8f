import XCTest
@testable import SQSurvival

/// Cox fits against R `coxph` (golden files from Tests/Fixtures/R/cox_reference.R).
final class CoxModelTests: XCTestCase {
    /// Compares every number `summary(coxph)` prints; returns the largest relative error.
    @discardableResult
    func check(_ name: String, ties: Ties = .efron, replacing: [String: Double] = [:],
               file: StaticString = #filePath, line: UInt = #line) throws -> Double {
        let golden = try CoxFixtures.load(name)
        let fit = try CoxModel.fit(golden.data, options: CoxOptions(ties: ties))
        var worst = 0.0
        func close(_ actual: Double, _ key: String) throws {
            let expected = try replacing[key] ?? golden.value(key)
            worst = max(worst, Tolerance.relativeError(actual, expected))
            Tolerance.assertClose(actual, expected, "\(name) \(key)", file: file, line: line)
        }
        XCTAssertEqual(fit.n, try golden.integer("n"), file: file, line: line)
        XCTAssertEqual(fit.events, try golden.integer("events"), file: file, line: line)
        XCTAssertEqual(fit.iterations, try golden.integer("iter"), "\(name) iterations", file: file, line: line)
        XCTAssertTrue(fit.converged, file: file, line: line)
        try close(fit.logLikelihoodNull, "loglik0")
        try close(fit.logLikelihood, "loglik")
        for (test, key) in [(fit.likelihoodRatio, "lr"), (fit.wald, "wald"), (fit.score, "score")] {
            try close(test.statistic, key)
            XCTAssertEqual(test.df, try golden.integer("\(key)_df"), "\(name) \(key) df", file: file, line: line)
            try close(test.p, "\(key)_p")
        }
        if golden.expected["robust_score"] != nil {
            let robust = try XCTUnwrap(fit.robustScore, file: file, line: line)
            try close(robust.statistic, "robust_score")
            try close(robust.p, "robust_score_p")
        } else {
            XCTAssertNil(fit.robustScore, file: file, line: line)
        }
        try close(fit.concordanceCounts.concordant, "concordant")
        try close(fit.concordanceCounts.discordant, "discordant")
        try close(fit.concordanceCounts.tiedX, "tied_x")
        try close(fit.concordanceCounts.tiedY, "tied_y")
        try close(fit.concordanceCounts.tiedXY, "tied_xy")
        try close(fit.concordance, "concordance")
        try close(fit.concordanceSE, "concordance_se")
        for j in 0..<fit.coefficients.count {
            let k = "\(j + 1)"
            try close(fit.coefficients[j], "coef.\(k)")
            try close(fit.standardErrors[j], "se.\(k)")
            try close(fit.naiveStandardErrors[j], "naive_se.\(k)")
            try close(fit.zScores[j], "z.\(k)")
            try close(fit.pValues[j], "p.\(k)")
            try close(fit.lower[j], "lower.\(k)")
            try close(fit.upper[j], "upper.\(k)")
        }
        print("max relative error \(name): \(worst)")
        return worst
    }

    func testPBCMayoModel() throws { try check("pbc") }
    func testPBCBreslow() throws { try check("pbc_breslow", ties: .breslow) }
    func testFactorWithChosenReference() throws { try check("veteran") }
    func testFactorWithChosenReferenceBreslow() throws { try check("veteran_breslow", ties: .breslow) }
    func testNumericByNumericInteraction() throws { try check("lung_interaction") }
    func testFactorByNumericInteraction() throws { try check("veteran_interaction") }
    func testStrata() throws { try check("lung_strata") }
    func testHeavilyTiedStrataAndCluster() throws { try check("colon") }
    func testCountingProcessWithCluster() throws { try check("cgd") }
    func testCountingProcessStrataBreslow() throws { try check("cgd_strata", ties: .breslow) }
    func testCountingProcessHeart() throws { try check("heart") }
    func testStratumWithoutEventsAndConstantCovariate() throws { try check("odd_strata") }

    func testCollinearColumnIsDroppedWithWarning() throws {
        try check("collinear")
        let fit = try CoxModel.fit(try CoxFixtures.load("collinear").data)
        XCTAssertEqual(fit.aliased, [false, false, true, false])
        XCTAssertTrue(fit.coefficients[2].isNaN)
        XCTAssertEqual(fit.variance[2], [0, 0, 0, 0])
        XCTAssertEqual(fit.warnings.map(\.column), [2])
        XCTAssertEqual(fit.likelihoodRatio.df, 3)
    }

    /// Separation: R stops once the log-likelihood converges and warns about the
    /// column; the estimate itself drifts along a flat ridge, so the coefficient
    /// is checked for size and the well-determined quantities to R's precision.
    func testMonotoneLikelihoodWarnsAndFinishes() throws {
        let golden = try CoxFixtures.load("monotone")
        let fit = try CoxModel.fit(golden.data)
        XCTAssertTrue(fit.converged)
        XCTAssertEqual(fit.warnings.map(\.column), [0])
        XCTAssertTrue(fit.warnings[0].message.contains("coefficient may be infinite"))
        XCTAssertGreaterThan(fit.coefficients[0], 15)
        XCTAssertTrue(fit.coefficients.allSatisfy(\.isFinite))
        XCTAssertTrue(fit.standardErrors.allSatisfy(\.isFinite))
        Tolerance.assertClose(fit.logLikelihood, try golden.value("loglik"), "loglik")
        Tolerance.assertClose(fit.logLikelihoodNull, try golden.value("loglik0"), "loglik0")
        Tolerance.assertClose(fit.score.statistic, try golden.value("score"), "score")
        Tolerance.assertClose(fit.concordance, try golden.value("concordance"), "concordance")
        Tolerance.assertClose(fit.coefficients[1], try golden.value("coef.2"), "coef.2", tolerance: 1e-4)
    }

    /// Covariates in the billions and in the billionths: same fit as R.
    /// The Wald test is R's for the same model on its own scale
    /// (Tests/Fixtures/R/scale_reference.R): R's Wald test of the rescaled
    /// model is an artifact of its Cholesky tolerance.
    func testHugeAndTinyCovariateScales() throws {
        let text = try String(contentsOf: CoxFixtures.directory.appendingPathComponent("scale_pbc_expected.txt"), encoding: .utf8)
        var unscaled: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",")
            unscaled[String(parts[0])] = Double(parts[1])
        }
        XCTAssertEqual(unscaled.count, 2)
        try check("scaled", replacing: unscaled)
    }

    /// One risk set for every row (all times equal), Efron and Breslow.
    func testPerfectlyTiedTimes() throws {
        try check("all_tied")
        try check("all_tied_breslow", ties: .breslow)
    }

    /// A single event: ph.ecog separates it (R warns that its coefficient may be
    /// infinite after 20 iterations); age, the likelihood and the tests match R.
    func testSingleEvent() throws {
        let golden = try CoxFixtures.load("single_event")
        let fit = try CoxModel.fit(golden.data)
        XCTAssertEqual(fit.events, 1)
        XCTAssertEqual(fit.iterations, try golden.integer("iter"))
        XCTAssertTrue(fit.warnings.contains { $0.column == 1 && $0.message.contains("may be infinite") }, "\(fit.warnings)")
        for (actual, key) in [(fit.logLikelihood, "loglik"), (fit.logLikelihoodNull, "loglik0"),
                              (fit.score.statistic, "score"), (fit.likelihoodRatio.statistic, "lr"),
                              (fit.concordance, "concordance"), (fit.coefficients[0], "coef.1"),
                              (fit.standardErrors[0], "se.1")] {
            Tolerance.assertClose(actual, try golden.value(key), key, tolerance: 1e-6)
        }
        Tolerance.assertClose(fit.coefficients[1], try golden.value("coef.2"), "coef.2", tolerance: 1e-4)
    }
}
