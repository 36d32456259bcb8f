import PropertyBased
import SQSurvival
import Testing

/// Invariances of the Cox partial likelihood, on generated cohorts. Fits that
/// warn (a coefficient running to infinity on a small sample) are skipped: their
/// coefficients are where the iterations stopped, not an optimum.
@Suite struct CoxProperties {
    static func fit(_ patients: [Patient], x: (Patient) -> Double, ties: Ties = .efron) throws -> CoxFit? {
        guard patients.contains(where: \.event) else { return nil }
        let data = CoxData(time: patients.map(\.time), event: patients.map(\.event), covariates: [patients.map(x)])
        let fit = try CoxModel.fit(data, options: CoxOptions(ties: ties))
        return fit.converged && fit.warnings.isEmpty && !fit.aliased[0] ? fit : nil
    }

    /// β is unchanged when a constant is added to the covariate (the partial
    /// likelihood cancels exp(βc)); the log-likelihood too.
    @Test func shiftingACovariateLeavesTheCoefficient() async throws {
        await propertyCheck(count: 200, input: zip(Cohorts.patients, Gen.double(in: -1e3...1e3))) { patients, shift in
            guard let a = try Self.fit(patients, x: \.x), let b = try Self.fit(patients, x: { $0.x + shift }) else { return }
            #expect(close(a.coefficients[0], b.coefficients[0], 1e-6), "β \(a.coefficients[0]) vs \(b.coefficients[0]) after shift \(shift)")
            #expect(close(a.logLikelihood, b.logLikelihood, 1e-8))
            #expect(close(a.concordance, b.concordance, 1e-12))
        }
    }

    /// Multiplying the covariate by c divides β and its standard error by c;
    /// z, p and the likelihood stay.
    @Test func scalingACovariateScalesTheCoefficientInversely() async throws {
        let scales = Gen.element(of: [1e-9, 1e-3, 0.5, 7, 1e4, 1e9]).map { $0! }
        await propertyCheck(count: 200, input: zip(Cohorts.patients, scales)) { patients, scale in
            guard let a = try Self.fit(patients, x: \.x), let b = try Self.fit(patients, x: { $0.x * scale }) else { return }
            #expect(close(a.coefficients[0], b.coefficients[0] * scale, 1e-6), "β \(a.coefficients[0]) vs \(b.coefficients[0]) × \(scale)")
            #expect(close(a.standardErrors[0], b.standardErrors[0] * scale, 1e-6))
            #expect(close(a.zScores[0], b.zScores[0], 1e-6))
            #expect(close(a.logLikelihood, b.logLikelihood, 1e-8))
        }
    }

    @Test func rowOrderDoesNotChangeTheFit() async throws {
        await propertyCheck(count: 200, input: Cohorts.shuffledPatients) { patients, seed in
            let shuffled = patients.shuffled(seed: seed)
            for ties in [Ties.efron, .breslow] {
                guard let a = try Self.fit(patients, x: \.x, ties: ties),
                      let b = try Self.fit(shuffled, x: \.x, ties: ties) else { continue }
                #expect(close(a.coefficients[0], b.coefficients[0], 1e-9))
                #expect(close(a.standardErrors[0], b.standardErrors[0], 1e-9))
                #expect(close(a.logLikelihood, b.logLikelihood, 1e-10))
                #expect(close(a.score.statistic, b.score.statistic, 1e-9))
                #expect(close(a.concordance, b.concordance, 1e-12))
            }
        }
    }
}
