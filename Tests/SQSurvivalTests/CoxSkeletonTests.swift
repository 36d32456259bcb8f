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

    /// The skeleton keeps the last fit's design: a later fit copies the columns
    /// it shares (same values, other storage too) and builds the others, and a
    /// column whose values changed is built again — each fit equal to a fit
    /// made from nothing.
    func testTheLastDesignIsReusedOnlyForEqualColumns() throws {
        for name in ["pbc", "colon"] {
            let data = try CoxFixtures.load(name).data
            let skeleton = CoxRiskSkeleton(data)
            func sameAsFresh(_ model: CoxData, _ what: String) throws {
                let fresh = try CoxModel.fit(model), reused = try CoxModel.fit(model, skeleton: skeleton)
                XCTAssertEqual(fresh.coefficients, reused.coefficients, "\(name): \(what)")
                XCTAssertEqual(fresh.standardErrors, reused.standardErrors, "\(name): \(what)")
                XCTAssertEqual(fresh.logLikelihood, reused.logLikelihood, "\(name): \(what)")
            }
            try sameAsFresh(data, "all columns")
            var reversed = data
            reversed.covariates = data.covariates.reversed().map { Array($0) }   // other storage, same values
            try sameAsFresh(reversed, "the columns in another order")
            var changed = data
            changed.covariates[0] = data.covariates[0].map { $0 * 2 + 1 }
            try sameAsFresh(changed, "the first column's values changed")
            var subset = data
            subset.covariates = Array(data.covariates.suffix(2))
            try sameAsFresh(subset, "two of the columns")
            try sameAsFresh(data, "all columns again")
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
