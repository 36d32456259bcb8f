import XCTest
@testable import SQSurvival

/// survdiff (rho = 0) on lung (2 groups), veteran celltype (4 groups),
/// veteran treatment stratified by celltype, and aml.
final class LogRankGoldenTests: XCTestCase {
    /// `timeScale` ≠ 1 divides the times (order and ties kept, whole numbers
    /// no longer): the sorting tally instead of the counting one, same answer.
    func check(_ name: String, timeScale: Double = 1) throws {
        let input = try Fixtures.columns("logrank_\(name)_input.csv")
        let expected = try Fixtures.keyed("logrank_\(name)_expected.csv")
        let test = try LogRank.test(time: try XCTUnwrap(input["time"]).map { $0 / timeScale }, event: try XCTUnwrap(input["status"]).map { $0 == 1 },
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

    func testTimesThatAreNotWholeNumbersAreSorted() throws {
        try check("lung_sex", timeScale: 7)
        try check("veteran_celltype", timeScale: 7)
        try check("veteran_strata", timeScale: 7)
    }

    func testBothTalliesAgreeToTheLastBit() throws {
        // Day-resolution ties, three groups, two strata: the counting tally and the sort agree exactly.
        var state: UInt64 = 7
        func uniform() -> Double {   // Knuth's MMIX linear congruential generator
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1.0p-53
        }
        let n = 5_000
        let time = (0..<n).map { _ in (uniform() * 400).rounded(.up) }
        let event = (0..<n).map { _ in uniform() < 0.6 }
        let group = (0..<n).map { _ in Int(uniform() * 3) }
        let strata = (0..<n).map { _ in Int(uniform() * 2) }
        for s in [nil, strata] {
            var counted = LogRankSums(groups: 3), sorted = LogRankSums(groups: 3)
            XCTAssertTrue(LogRankTally.byWholeTimes(time: time, event: event, group: group, groups: 3, strata: s, into: &counted))
            LogRankTally.bySorting(time: time, event: event, group: group, groups: 3, strata: s, into: &sorted)
            XCTAssertEqual(counted.observed, sorted.observed)
            XCTAssertEqual(counted.expected, sorted.expected)
            XCTAssertEqual(counted.variance, sorted.variance)
        }
        var unused = LogRankSums(groups: 3)
        XCTAssertFalse(LogRankTally.byWholeTimes(time: time.map { $0 + 0.5 }, event: event, group: group, groups: 3,
                                                 strata: nil, into: &unused))
    }

    func testAGroupWithoutRowsIsIgnored() throws {
        let test = try LogRank.test(time: [1, 2, 3, 4, 5, 6], event: [true, true, false, true, true, false], group: [0, 0, 0, 2, 2, 2])
        XCTAssertEqual(test.df, 1)
        XCTAssertEqual(test.n, [3, 0, 3])
        XCTAssertTrue(test.chiSquare.isFinite)
    }
}
