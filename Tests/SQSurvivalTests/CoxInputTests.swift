import XCTest
@testable import SQSurvival

/// Input checking: the errors an analyst sees instead of a silent wrong fit.
final class CoxInputTests: XCTestCase {
    func testAllCensoredIsAClearError() {
        let data = CoxData(time: [1, 2, 3], event: [false, false, false], covariates: [[0, 1, 0]])
        XCTAssertThrowsError(try CoxModel.fit(data)) { XCTAssertEqual($0 as? SurvivalError, .noEvents) }
    }

    func testEmptyInputIsAnError() {
        let data = CoxData(time: [], event: [], covariates: [[]])
        XCTAssertThrowsError(try CoxModel.fit(data)) { XCTAssertEqual($0 as? SurvivalError, .noObservations) }
    }

    func testMismatchedLengthsAreReported() {
        let data = CoxData(time: [1, 2, 3], event: [true, false, true], covariates: [[0, 1]])
        XCTAssertThrowsError(try CoxModel.fit(data)) {
            guard case .mismatchedLengths = $0 as? SurvivalError else { return XCTFail("\($0)") }
        }
    }

    func testStopMustFollowStart() {
        let data = CoxData(time: [1, 2, 3], event: [true, false, true], entry: [0, 2, 1],
                           covariates: [[0, 1, 1]])
        XCTAssertThrowsError(try CoxModel.fit(data)) {
            guard case .invalidValue(let message) = $0 as? SurvivalError else { return XCTFail("\($0)") }
            XCTAssertTrue(message.contains("row 2"))
        }
    }

    func testNonFiniteCovariateIsRejected() {
        let data = CoxData(time: [1, 2, 3], event: [true, false, true], covariates: [[0, .nan, 1]])
        XCTAssertThrowsError(try CoxModel.fit(data)) {
            guard case .invalidValue = $0 as? SurvivalError else { return XCTFail("\($0)") }
        }
    }

    /// A constant column cannot be estimated: it is aliased, not an error.
    func testConstantColumnIsDropped() throws {
        let golden = try CoxFixtures.load("pbc")
        var data = golden.data
        data.covariates.append([Double](repeating: 2.5, count: data.count))
        let fit = try CoxModel.fit(data)
        XCTAssertEqual(fit.aliased.last, true)
        XCTAssertTrue(fit.coefficients.last?.isNaN ?? false)
        XCTAssertEqual(fit.warnings.compactMap(\.column), [5])
        Tolerance.assertClose(fit.coefficients[0], try golden.value("coef.1"), "coef.1")
        Tolerance.assertClose(fit.logLikelihood, try golden.value("loglik"), "loglik")
    }

    /// Found by the property tests: a covariate whose spread is subnormal. R's
    /// coxph stops with "missing value where TRUE/FALSE needed"; SQ finishes and
    /// says the coefficient may be infinite instead of printing a huge β as fact.
    func testSubnormalCovariateWarnsInsteadOfReportingAHugeCoefficient() throws {
        let data = CoxData(time: [1, 1, 1], event: [true, false, true], covariates: [[0, 0, -2.5032080908206025e-308]])
        let fit = try CoxModel.fit(data)
        XCTAssertEqual(fit.warnings.compactMap(\.column), [0])
        XCTAssertTrue(fit.warnings[0].message.contains("may be infinite"))
    }
}

/// The two-core likelihood evaluation (group sums and the weighted Gram
/// matrix split between the cores) against the one-core one, on data large
/// enough to take it by default: the same numbers up to the order of the sums.
final class CoxParallelPassTests: XCTestCase {
    func testSplitPassEqualsTheSinglePass() throws {
        var state: UInt64 = 42
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        let n = 30_000, p = 10
        let covariates = (0..<p).map { j in (0..<n).map { _ in j < 5 ? uniform() * 4 - 2 : (uniform() < 0.4 ? 1 : 0) } }
        let time = (0..<n).map { _ in (uniform() * 400).rounded(.up) }
        let entry = time.map { t in uniform() < 0.5 ? 0 : (t * uniform() * 0.9).rounded(.down) }
        let event = (0..<n).map { _ in uniform() < 0.7 }
        for strata in [nil, (0..<n).map { $0 % 3 }] {
            for start in [nil, entry] {
                let sets = CoxRiskSets(CoxData(time: time, event: event, entry: start, covariates: covariates, strata: strata))
                let beta = (0..<p).map { 0.1 * Double($0 % 4) - 0.15 }
                for ties in [Ties.efron, .breslow] {
                    let single = sets.evaluate(beta: beta, ties: ties, parallel: false)
                    let split = sets.evaluate(beta: beta, ties: ties, parallel: true)
                    let byDefault = sets.evaluate(beta: beta, ties: ties)
                    let context = "strata \(strata != nil), (start, stop] \(start != nil), \(ties)"
                    Tolerance.assertClose(split.logLikelihood, single.logLikelihood, "loglik, " + context, tolerance: 1e-12)
                    for j in 0..<p {
                        XCTAssertEqual(split.score[j], single.score[j], accuracy: 1e-9 * max(1, abs(single.score[j])), "score, " + context)
                    }
                    // Off-diagonal entries are differences of much larger sums: measured against the largest entry.
                    let scale = single.information.map(abs).max() ?? 1
                    for k in 0..<(p * p) {
                        XCTAssertEqual(split.information[k], single.information[k], accuracy: 1e-12 * scale, "information, " + context)
                        XCTAssertEqual(byDefault.information[k], split.information[k], "by default the split path, " + context)
                    }
                }
            }
        }
    }

    /// Large data take the two-core paths (columns centred concurrently, the
    /// design scattered in two blocks, the information split between two
    /// passes, the concordance sweeps side by side). Every row of R's pbc
    /// Breslow fit repeated k times multiplies the Breslow log-likelihood by k
    /// up to a constant, so β is R's and each standard error R's over √k.
    func testLargeDataTakeTheParallelPathsToRsAnswer() throws {
        let golden = try CoxFixtures.load("pbc_breslow")
        let k = 500
        let base = golden.data
        let data = CoxData(time: Array(repeating: base.time, count: k).flatMap { $0 },
                           event: Array(repeating: base.event, count: k).flatMap { $0 },
                           covariates: base.covariates.map { column in Array(repeating: column, count: k).flatMap { $0 } })
        XCTAssertGreaterThanOrEqual(data.count * data.covariates.count, 1_000_000, "large enough for every parallel path")
        let fit = try CoxModel.fit(data, options: CoxOptions(ties: .breslow))
        for j in 0..<base.covariates.count {
            Tolerance.assertClose(fit.coefficients[j], try golden.value("coef.\(j + 1)"), "coef.\(j + 1)", tolerance: 1e-6)
            Tolerance.assertClose(fit.standardErrors[j] * Double(k).squareRoot(), try golden.value("se.\(j + 1)"),
                                  "se.\(j + 1)", tolerance: 1e-6)
        }
    }
}
