import XCTest
@testable import SQSurvival

/// The Newton–Raphson loop's hooks against R: an offset in the linear predictor
/// (`coxph(… + offset(0.5 * sex))`) and a penalty called back at every step
/// (`ridge(age, ph.ecog, theta = 10, scale = FALSE)`, fitted by coxpenal.fit),
/// from `Tests/Fixtures/R/cox_offset_reference.R`.
final class CoxPenaltyTests: XCTestCase {
    /// R's ridge(): P = θ/2 Σ β² on the original scale; the loop works on the
    /// scaled design, where β = β_s · s.
    struct Ridge: CoxPenalty {
        let theta: Double
        let scales: [Double]

        func terms(at beta: [Double]) -> CoxPenaltyTerms {
            var penalty = 0.0
            for j in beta.indices { penalty += 0.5 * theta * pow(beta[j] * scales[j], 2) }
            return CoxPenaltyTerms(
                penalty: penalty, gradient: beta.indices.map { theta * scales[$0] * scales[$0] * beta[$0] },
                curvature: .diagonal(scales.map { theta * $0 * $0 }))
        }
    }

    func testOffsetMatchesR() throws {
        let r = try CoxFixtures.load("offset")
        let fit = try CoxModel.fit(r.data)
        XCTAssertEqual(fit.logLikelihoodNull, try r.value("loglik0"), accuracy: 1e-9)
        XCTAssertEqual(fit.logLikelihood, try r.value("loglik"), accuracy: 1e-9)
        for j in 0..<2 {
            XCTAssertEqual(fit.coefficients[j], try r.value("coef\(j + 1)"), accuracy: 1e-8)
            XCTAssertEqual(fit.standardErrors[j], try r.value("se\(j + 1)"), accuracy: 1e-8)
        }
        XCTAssertEqual(fit.iterations, try r.integer("iter"))
    }

    func testOffsetIsAFixedCoefficient() throws {
        // Fitting x1 with offset β̂₂ x₂ reproduces the full model's β̂₁ and ℓ.
        var data = try CoxFixtures.load("offset").data
        data.offset = nil
        let full = try CoxModel.fit(data)
        var reduced = data
        reduced.covariates = [data.covariates[0]]
        reduced.offset = data.covariates[1].map { full.coefficients[1] * $0 }
        let fit = try CoxModel.fit(reduced)
        XCTAssertEqual(fit.coefficients[0], full.coefficients[0], accuracy: 1e-7)
        XCTAssertEqual(fit.logLikelihood, full.logLikelihood, accuracy: 1e-9)
    }

    func testRidgePenaltyMatchesCoxpenal() throws {
        let r = try CoxFixtures.load("ridge")
        let sets = CoxRiskSets(r.data)
        let options = CoxOptions()
        let fit = try sets.maximise(
            options: options, countingProcess: false, penalty: Ridge(theta: 10, scales: sets.scales),
            rules: .coxpenal(epsilon: options.epsilon, maxIterations: options.maxIterations))
        XCTAssertTrue(fit.converged)
        XCTAssertEqual(fit.logLikelihoodNull, try r.value("loglik0"), accuracy: 1e-9)
        XCTAssertEqual(fit.logLikelihood, try r.value("loglik"), accuracy: 1e-7)
        XCTAssertEqual(fit.logLikelihood - fit.penalizedLogLikelihood, try r.value("penalty"), accuracy: 1e-7)
        for j in 0..<2 {
            XCTAssertEqual(fit.beta[j], try r.value("coef\(j + 1)"), accuracy: 1e-7)
            XCTAssertEqual(fit.standardError(j), try r.value("se\(j + 1)"), accuracy: 1e-7)
        }
    }

    func testHeldFixedPenaltyPinsItsCoefficients() throws {
        // coxpenal's flag: the penalised coordinate stays at its start, the rest is the reduced fit.
        struct Pin: CoxPenalty {
            func terms(at beta: [Double]) -> CoxPenaltyTerms {
                CoxPenaltyTerms(penalty: 0, gradient: [0], curvature: .diagonal([0]), holdsFixed: true)
            }
        }
        var data = try CoxFixtures.load("offset").data
        data.offset = nil
        let sets = CoxRiskSets(data)
        let fit = try sets.maximise(options: CoxOptions(), countingProcess: false, penalty: Pin(),
                                    rules: .coxpenal(epsilon: 1e-9, maxIterations: 20))
        var reduced = data
        reduced.covariates = [data.covariates[1]]
        let alone = try CoxModel.fit(reduced)
        XCTAssertEqual(fit.beta[0], 0)
        XCTAssertEqual(fit.beta[1], alone.coefficients[0], accuracy: 1e-7)
        XCTAssertEqual(fit.logLikelihood, alone.logLikelihood, accuracy: 1e-9)
    }
}
