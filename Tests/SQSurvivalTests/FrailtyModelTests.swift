import XCTest
@testable import SQSurvival

/// Gamma and gaussian frailty against R coxph + frailty() (survival 3.5-3;
/// Tests/Fixtures/R/coxme_reference.R): coef and se ≤ 1e-4 relative, θ ≤ 1e-3.
final class FrailtyModelTests: XCTestCase {
    private func check(_ name: String, _ distribution: FrailtyDistribution, theta: Double? = nil, ties: Ties = .efron,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let c = try MixedFixtures.load(name)
        let fit = try FrailtyModel.fit(c.data, group: c.group,
                                       options: FrailtyOptions(cox: CoxOptions(ties: ties), distribution: distribution, theta: theta))
        let comparison = MixedFixtures.Comparison(c, name: name, file: file, line: line)
        let close = comparison.close
        XCTAssertEqual(fit.n, Int(try c.value("n")), file: file, line: line)
        XCTAssertEqual(fit.groups, Int(try c.value("groups")), file: file, line: line)
        try close(fit.theta, "theta", 1e-3, "theta")
        try close(fit.logLikelihoodNull, "loglik_null", 1e-9, "null")
        try close(fit.logLikelihood, "loglik_penalized", 1e-6, "loglik")
        if distribution == .gamma { try close(fit.logLikelihoodIntegrated, "loglik_integrated", 1e-6, "integrated") }
        if name == "gauss_cohort" {
            // The Laplace-integrated likelihood at coxph's θ is coxme's at that fixed variance.
            let coxme = try MixedFixtures.load("cohort_at_gauss_theta")
            XCTAssertEqual(try coxme.value("variance"), fit.theta, accuracy: 1e-12)
            let expected = try coxme.value("loglik_integrated")
            XCTAssertLessThanOrEqual(Tolerance.relativeError(fit.logLikelihoodIntegrated, expected), 1e-6)
            XCTAssertLessThanOrEqual(Tolerance.relativeError(fit.logLikelihoodPenalized,
                                                             try coxme.value("loglik_penalized")), 1e-6)
        }
        XCTAssertEqual(fit.outerIterations, Int(try c.value("outer")), "\(name) outer iterations", file: file, line: line)
        for j in 0..<fit.coefficients.count {
            try close(fit.coefficients[j], "coef.\(j + 1)", 1e-4, "coef")
            try close(fit.standardErrors[j], "se.\(j + 1)", 1e-4, "se")
        }
        for k in 0..<fit.groups {
            let expected = try c.value("b.\(k + 1)")
            XCTAssertEqual(fit.randomEffects[k], expected, accuracy: 1e-3 * max(1, abs(expected)),
                           "\(name) b.\(k + 1)", file: file, line: line)
        }
        print("frailty \(name): " + comparison.summary)
    }

    func testGammaKidney() throws { try check("gamma_kidney", .gamma) }
    func testGammaRats() throws { try check("gamma_rats", .gamma) }
    func testGammaCGDCountingProcess() throws { try check("gamma_cgd", .gamma) }
    func testGammaSeedLikeCohort() throws { try check("gamma_cohort", .gamma) }
    func testGammaFixedTheta() throws { try check("gamma_kidney_fixed", .gamma, theta: 0.5) }
    func testGammaStrata() throws { try check("gamma_rats_strata", .gamma) }
    func testGammaBreslow() throws { try check("gamma_kidney_breslow", .gamma, ties: .breslow) }
    func testGaussianKidney() throws { try check("gauss_kidney", .gaussian) }
    func testGaussianRats() throws { try check("gauss_rats", .gaussian) }
    func testGaussianSeedLikeCohort() throws { try check("gauss_cohort", .gaussian) }
    func testGaussianFixedTheta() throws { try check("gauss_kidney_fixed", .gaussian, theta: 0.5) }
}
