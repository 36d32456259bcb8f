import XCTest
@testable import SQSurvival

/// The edge cases of random-effect Cox models: what cannot be estimated says
/// so, the boundary θ = 0 is reported, and long fits stop when asked.
final class CoxMixedEdgeCaseTests: XCTestCase {
    /// Pairs whose members fail at opposite ends of follow-up: the pairs are
    /// less alike than chance, so the variance estimate falls to the boundary 0.
    private func antiCorrelatedPairs() -> (CoxData, [Int]) {
        var time: [Double] = [], x: [Double] = [], group: [Int] = []
        for g in 0..<60 {
            time += [Double(g + 1), Double(130 - g)]
            x += [Double(g % 3), Double((g + 1) % 2)]
            group += [g, g]
        }
        return (CoxData(time: time, event: time.map { _ in true }, covariates: [x]), group)
    }

    func testVarianceAtTheBoundaryIsReportedWithZeroTest() throws {
        let (data, group) = antiCorrelatedPairs()
        let fit = try CoxMixedModel.fit(data, group: group)
        XCTAssertTrue(fit.atBoundary)
        XCTAssertLessThan(fit.randomVariance, 1e-6)
        XCTAssertEqual(fit.randomEffectTest.statistic, 0)
        XCTAssertEqual(fit.randomEffectTest.p, 1, accuracy: 1e-12)
        XCTAssertTrue(fit.warnings.contains { $0.message.contains("boundary 0") })
        // At θ → 0 the model is the plain Cox model.
        let cox = try CoxModel.fit(data)
        XCTAssertEqual(fit.coefficients[0], cox.coefficients[0], accuracy: 1e-4)
        XCTAssertEqual(fit.logLikelihoodIntegrated, cox.logLikelihood, accuracy: 1e-4)
    }

    func testEveryGroupOfSizeOneIsNotIdentifiable() throws {
        let c = try MixedFixtures.load("kidney")
        let singletons = Array(0..<c.data.count)
        XCTAssertThrowsError(try CoxMixedModel.fit(c.data, group: singletons)) { error in
            XCTAssertTrue("\(error)".contains("every group has one row"), "\(error)")
        }
        XCTAssertThrowsError(try FrailtyModel.fit(c.data, group: singletons)) { error in
            XCTAssertTrue("\(error)".contains("every group has one row"), "\(error)")
        }
        // A fixed variance is still a well-defined penalised fit.
        let fixed = try CoxMixedModel.fit(c.data, group: singletons, options: CoxMixedOptions(variance: 0.5))
        XCTAssertEqual(fixed.randomVariance, 0.5)
        XCTAssertTrue(fixed.converged)
    }

    func testASingleGroupCannotCarryAVariance() throws {
        let c = try MixedFixtures.load("kidney")
        let one = [Int](repeating: 0, count: c.data.count)
        XCTAssertThrowsError(try CoxMixedModel.fit(c.data, group: one)) { error in
            XCTAssertTrue("\(error)".contains("single group"), "\(error)")
        }
        XCTAssertThrowsError(try FrailtyModel.fit(c.data, group: one)) { error in
            XCTAssertTrue("\(error)".contains("single group"), "\(error)")
        }
    }

    func testNonConvergenceWarnsAndShowsTheLastValues() throws {
        let c = try MixedFixtures.load("cgd")
        let fit = try CoxMixedModel.fit(c.data, group: c.group,
                                        options: CoxMixedOptions(cox: CoxOptions(maxIterations: 1)))
        XCTAssertFalse(fit.converged)
        XCTAssertEqual(fit.iterations, 1)
        XCTAssertTrue(fit.warnings.contains { $0.message.contains("did not converge in 1 iterations") })
        XCTAssertTrue(fit.coefficients.allSatisfy(\.isFinite))
        XCTAssertNotEqual(fit.coefficients[0], try c.value("coef.1"))
    }

    func testStopRequestEndsTheFitBetweenIterations() throws {
        let c = try MixedFixtures.load("cohort")
        final class Counter: @unchecked Sendable {
            var calls = 0
            let lock = NSLock()
            func next() -> Int { lock.lock(); defer { lock.unlock() }; calls += 1; return calls }
        }
        let counter = Counter()
        let options = CoxOptions(shouldStop: { counter.next() > 25 })
        XCTAssertThrowsError(try CoxMixedModel.fit(c.data, group: c.group, options: CoxMixedOptions(cox: options))) {
            XCTAssertEqual($0 as? SurvivalError, .cancelled)
        }
        XCTAssertThrowsError(try FrailtyModel.fit(c.data, group: c.group, options: FrailtyOptions(cox: options))) {
            XCTAssertEqual($0 as? SurvivalError, .cancelled)
        }
    }

    func testSparseRuleFollowsCoxme() {
        // 60 levels: the ones holding at most 2% of the rows are sparse, ordered first.
        var codes: [Int] = []
        for g in 0..<60 { codes += [Int](repeating: g, count: g < 5 ? 20 : 2) }
        let layout = RandomInterceptLayout(codes: codes, levels: 60)
        XCTAssertEqual(layout.sparse, 55)
        XCTAssertEqual(layout.position[5], 0)
        XCTAssertEqual(layout.position[0], 55)
        // Fewer than 50 levels: all dense.
        XCTAssertEqual(RandomInterceptLayout(codes: Array(0..<49) + Array(0..<49), levels: 49).sparse, 0)
    }
}

extension CoxMixedEdgeCaseTests {
    /// `(1 | g)` alone can be fitted (as coxme); frailty() alone cannot (as coxph).
    func testFrailtyWithoutFixedEffectsSaysSo() throws {
        let c = try MixedFixtures.load("cohort_random_only")
        XCTAssertTrue(c.data.covariates.isEmpty)
        XCTAssertThrowsError(try FrailtyModel.fit(c.data, group: c.group)) { error in
            XCTAssertTrue("\(error)".contains("at least one covariate"), "\(error)")
        }
    }
}

extension CoxMixedEdgeCaseTests {
    /// A column the plain Cox model would drop is an error in a random-effect model.
    func testCollinearColumnIsAnError() throws {
        let c = try MixedFixtures.load("kidney")
        var data = c.data
        data.covariates.append(data.covariates[0].map { 2 * $0 })
        for fit in [{ _ = try CoxMixedModel.fit(data, group: c.group) }, { _ = try FrailtyModel.fit(data, group: c.group) }] {
            XCTAssertThrowsError(try fit()) { error in
                XCTAssertTrue("\(error)".contains("covariate 3 is constant or collinear"), "\(error)")
            }
        }
    }
}
