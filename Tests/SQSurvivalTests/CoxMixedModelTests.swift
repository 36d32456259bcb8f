import XCTest
@testable import SQSurvival

/// The mixed-effects Cox model against R coxme 2.2-22 at its true optimum
/// (Tests/Fixtures/R/coxme_reference.R): fixed coef and se ≤ 1e-4 relative,
/// variance ≤ 1e-3, integrated log-likelihood ≤ 1e-6.
final class CoxMixedModelTests: XCTestCase {
    /// Largest relative error per quantity, printed for the closing note.
    private func check(_ name: String, ties: Ties = .efron, fixed: Double? = nil,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let c = try MixedFixtures.load(name)
        let fit = try CoxMixedModel.fit(c.data, group: c.group,
                                        options: CoxMixedOptions(cox: CoxOptions(ties: ties), variance: fixed))
        let comparison = MixedFixtures.Comparison(c, name: name, file: file, line: line)
        let close = comparison.close
        XCTAssertEqual(fit.n, Int(try c.value("n")), file: file, line: line)
        XCTAssertEqual(fit.events, Int(try c.value("events")), file: file, line: line)
        XCTAssertEqual(fit.groups, Int(try c.value("groups")), file: file, line: line)
        XCTAssertEqual(fit.sparseGroups, Int(try c.value("sparse")), file: file, line: line)
        XCTAssertTrue(fit.converged, file: file, line: line)
        try close(fit.randomVariance, "variance", 1e-3, "variance")
        try close(fit.logLikelihoodIntegrated, "loglik_integrated", 1e-6, "integrated")
        try close(fit.logLikelihoodPenalized, "loglik_penalized", 1e-4, "penalized")
        try close(fit.logLikelihoodNull, "loglik_null", 1e-9, "null")
        try close(fit.logLikelihoodCox, "loglik_cox", 1e-9, "cox")
        for j in 0..<fit.coefficients.count {
            try close(fit.coefficients[j], "coef.\(j + 1)", 1e-4, "coef")
            try close(fit.standardErrors[j], "se.\(j + 1)", 1e-4, "se")
        }
        for k in 0..<fit.groups {
            XCTAssertEqual(c.groupValues[k], try c.value("group.\(k + 1)"), file: file, line: line)
            let expected = try c.value("b.\(k + 1)")
            XCTAssertEqual(fit.randomEffects[k], expected, accuracy: 1e-3 * max(1, abs(expected)),
                           "\(name) b.\(k + 1)", file: file, line: line)
        }
        print("coxme \(name) outer \(fit.outerIterations) final \(fit.iterations): " + comparison.summary)
    }

    func testRatsAllSparse() throws { try check("rats") }
    func testRatsStrata() throws { try check("rats_strata") }
    func testKidneyDense() throws { try check("kidney") }
    func testKidneyBreslow() throws { try check("kidney_breslow", ties: .breslow) }
    func testKidneyFixedVariance() throws { try check("kidney_fixed", fixed: 0.5) }
    func testCGDCountingProcessPartlySparse() throws { try check("cgd") }
    func testSeedLikeCohort() throws { try check("cohort") }
    func testRandomInterceptWithoutFixedEffects() throws { try check("cohort_random_only") }
    func testFixedVarianceAtTheGaussianFrailtysTheta() throws {
        try check("cohort_at_gauss_theta", fixed: try MixedFixtures.load("cohort_at_gauss_theta").value("variance"))
    }
}
