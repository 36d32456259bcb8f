import XCTest
@testable import SQSurvival

/// A risk-set skeleton reused across fits gives the fit made without it, and
/// one made for other data is not used.
final class CoxSkeletonTests: XCTestCase {
    func testReusedSkeletonGivesTheSameFit() throws {
        for name in ["pbc", "cgd", "colon"] {
            let golden = try CoxFixtures.load(name)
            let skeleton = CoxRiskSkeleton(golden.data)
            XCTAssertTrue(skeleton.matches(golden.data))
            let plain = try CoxModel.fit(golden.data)
            let reused = try CoxModel.fit(golden.data, skeleton: skeleton)
            XCTAssertEqual(plain.coefficients, reused.coefficients, name)
            XCTAssertEqual(plain.standardErrors, reused.standardErrors, name)
            XCTAssertEqual(plain.concordance, reused.concordance, name)
            // Fewer covariates, same endpoint and rows: the skeleton still fits.
            var fewer = golden.data
            fewer.covariates = Array(fewer.covariates.prefix(1))
            XCTAssertTrue(skeleton.matches(fewer))
            XCTAssertEqual(try CoxModel.fit(fewer).coefficients, try CoxModel.fit(fewer, skeleton: skeleton).coefficients)
        }
    }

    func testASkeletonOfOtherDataIsNotUsed() throws {
        let pbc = try CoxFixtures.load("pbc").data
        let cgd = try CoxFixtures.load("cgd").data
        let wrong = CoxRiskSkeleton(pbc)
        XCTAssertFalse(wrong.matches(cgd))
        XCTAssertEqual(try CoxModel.fit(cgd).coefficients, try CoxModel.fit(cgd, skeleton: wrong).coefficients)
    }
}
