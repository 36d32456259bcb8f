import XCTest
@testable import SQSurvival

/// Tail probabilities against R (values from pchisq(lower.tail = FALSE), pnorm, qnorm).
final class DistributionsTests: XCTestCase {
    func close(_ a: Double, _ e: Double, _ tolerance: Double = 1e-12, _ what: String = "") {
        XCTAssertLessThanOrEqual(abs(a - e) / abs(e), tolerance, "\(what): \(a) vs \(e)")
    }

    func testChiSquareTails() {
        // Expected values printed by R 4.2 with format(..., digits = 17).
        close(ChiSquared.upperTail(3.841458820694124, df: 1), 0.05, 1e-12, "chisq 1 df at 95%")
        close(ChiSquared.upperTail(10.326741954885632, df: 1), 0.0013111645203554882, 1e-12, "lung logrank")
        close(ChiSquared.upperTail(100, df: 1), 1.5239706048321054e-23, 1e-10, "far tail")
        close(ChiSquared.upperTail(0.5, df: 3), 0.91889141165467592, 1e-12, "df 3")
        close(ChiSquared.upperTail(30.5, df: 5), 1.1755952593577873e-05, 1e-11, "df 5")
        close(ChiSquared.upperTail(500, df: 20), 2.9102668730273100e-93, 1e-9, "very far tail")
        XCTAssertEqual(ChiSquared.upperTail(0, df: 2), 1)
    }

    func testNormal() {
        close(Normal.quantile(0.975), 1.959963984540054, 1e-14, "qnorm(0.975)")
        close(Normal.quantile(0.95), 1.6448536269514715, 1e-14, "qnorm(0.95)")
        close(Normal.quantile(1e-10), -6.3613409024040557, 1e-13, "qnorm(1e-10)")
        close(Normal.twoSidedP(1.959963984540054), 0.05, 1e-13, "two-sided")
        close(Normal.upperTail(8), 6.2209605742717849e-16, 1e-12, "pnorm(8, lower = FALSE)")
        close(Normal.cdf(-1), 0.15865525393145705, 1e-14, "pnorm(-1)")
    }
}
