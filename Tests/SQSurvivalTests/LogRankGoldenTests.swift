import XCTest
@testable import SQSurvival

/// survdiff (rho = 0) on lung (2 groups), veteran celltype (4 groups),
/// veteran treatment stratified by celltype, and aml.
final class LogRankGoldenTests: XCTestCase {
    func check(_ name: String) throws {
        let input = try Fixtures.columns("logrank_\(name)_input.csv")
        let expected = try Fixtures.keyed("logrank_\(name)_expected.csv")
        let test = try LogRank.test(time: try XCTUnwrap(input["time"]), event: try XCTUnwrap(input["status"]).map { $0 == 1 },
                                    group: try XCTUnwrap(input["group"]).map { Int($0) },
                                    strata: input["strata"].map { $0.map { Int($0) } })
        func close(_ a: Double, _ key: String, _ tolerance: Double = 1e-9) {
            guard let e = expected[key] else { return XCTFail("no \(key)") }
            XCTAssertLessThanOrEqual(abs(a - e) / max(abs(e), 1e-300), tolerance, "\(name) \(key): SQ \(a) vs R \(e)")
        }
        close(test.chiSquare, "chisq")
        close(Double(test.df), "df")
        close(test.p, "p", 1e-8)
        for g in test.observed.indices {
            close(test.observed[g], "observed\(g)")
            close(test.expected[g], "expected\(g)")
        }
    }

    func testLungTwoGroups() throws { try check("lung_sex") }
    func testVeteranFourGroups() throws { try check("veteran_celltype") }
    func testStratified() throws { try check("veteran_strata") }
    func testAML() throws { try check("aml") }

    func testAGroupWithoutRowsIsIgnored() throws {
        let test = try LogRank.test(time: [1, 2, 3, 4, 5, 6], event: [true, true, false, true, true, false], group: [0, 0, 0, 2, 2, 2])
        XCTAssertEqual(test.df, 1)
        XCTAssertEqual(test.n, [3, 0, 3])
        XCTAssertTrue(test.chiSquare.isFinite)
    }
}
