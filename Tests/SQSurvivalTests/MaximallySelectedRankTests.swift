import XCTest
@testable import SQSurvival

/// The maximally selected log-rank statistic against R maxstat
/// (Tests/Fixtures/R/cutpoint_reference.R → cutpoint_expected.txt).
final class MaximallySelectedRankTests: XCTestCase {
    var expected: [String: Double] = [:]

    override func setUpWithError() throws {
        expected = try Fixtures.keyed("cutpoint_expected.txt")
    }

    func relativeError(_ actual: Double, _ key: String) throws -> Double {
        let reference = try XCTUnwrap(expected[key], "no reference \(key)")
        return abs(actual - reference) / max(abs(reference), 1e-300)
    }

    /// Complete rows of (time, event, x) from one of the R data sets.
    func scan(_ file: String, x name: String, event: (Double) -> Bool) throws -> MaximallySelectedRank.Scan {
        let data = try Fixtures.columns("../data/\(file).csv")
        let time = try XCTUnwrap(data["time"]), status = try XCTUnwrap(data["status"]), x = try XCTUnwrap(data[name])
        let rows = time.indices.filter { time[$0].isFinite && status[$0].isFinite && x[$0].isFinite }
        return try MaximallySelectedRank.logRank(time: rows.map { time[$0] }, event: rows.map { event(status[$0]) },
                                                 x: rows.map { x[$0] })
    }

    func check(_ scan: MaximallySelectedRank.Scan, _ case: String) throws {
        let k = "maxstat.\(`case`)"
        XCTAssertEqual(Double(scan.n), expected["\(k).n"], k)
        XCTAssertEqual(Double(scan.cutoffs.count), expected["\(k).candidates"], k)
        XCTAssertLessThanOrEqual(try relativeError(scan.cutoff, "\(k).cutoff"), 1e-12, k)
        XCTAssertLessThanOrEqual(try relativeError(scan.cutoffs[0], "\(k).first_cutoff"), 1e-12, k)
        XCTAssertLessThanOrEqual(try relativeError(scan.cutoffs[scan.cutoffs.count - 1], "\(k).last_cutoff"), 1e-12, k)
        XCTAssertLessThanOrEqual(try relativeError(scan.statistic, "\(k).statistic"), 1e-9, k)
        XCTAssertLessThanOrEqual(try relativeError(scan.p, "\(k).p"), 1e-9, k)
    }

    func testBilirubinInPBCWithTheWholeScan() throws {
        let result = try scan("pbc", x: "bili") { $0 == 2 }
        try check(result, "pbc_bili")
        for (i, (cutoff, statistic)) in zip(result.cutoffs, result.statistics).enumerated() {
            XCTAssertLessThanOrEqual(try relativeError(cutoff, "maxstat.pbc_bili.scan.\(i + 1).cutoff"), 1e-12)
            XCTAssertLessThanOrEqual(try relativeError(statistic, "maxstat.pbc_bili.scan.\(i + 1).statistic"), 1e-9)
        }
    }

    func testAgeInPBCLungAndKarnofskyInVeteran() throws {
        try check(try scan("pbc", x: "age") { $0 == 2 }, "pbc_age")
        try check(try scan("lung", x: "age") { $0 == 2 }, "lung_age")
        try check(try scan("lung", x: "meal.cal") { $0 == 2 }, "lung_meal")
        try check(try scan("veteran", x: "karno") { $0 == 1 }, "veteran_karno")
    }

    func testLogRankScoresWithTiesShareTheLastRank() {
        // Times 1, 2, 2, 3 (events at 1 and both 2s): the tied pair takes rank 3,
        // so each adds 1/(4 − 3 + 1) = 1/2.
        let scores = MaximallySelectedRank.logRankScores(time: [2, 1, 2, 3], event: [true, true, true, false])
        let expected = [1 - (0.25 + 1), 1 - 0.25, 1 - (0.25 + 1), 0 - (0.25 + 1)]
        for (s, e) in zip(scores, expected) { XCTAssertEqual(s, e, accuracy: 1e-15) }
    }

    func testLausenPValueBoundaries() {
        XCTAssertEqual(MaximallySelectedRank.lausen92(0.5, minprop: 0.1, maxprop: 0.9), 1)
        XCTAssertEqual(MaximallySelectedRank.lausen92(40, minprop: 0.1, maxprop: 0.9), 0)
    }

    func testErrorsSayWhatIsWrong() {
        XCTAssertThrowsError(try MaximallySelectedRank.logRank(time: [1, 2, 3], event: [false, false, false], x: [1, 2, 3])) {
            XCTAssertEqual($0 as? SurvivalError, .noEvents)
        }
        XCTAssertThrowsError(try MaximallySelectedRank.scan(scores: [1, 0, 1, 0], x: [5, 5, 5, 5])) { error in
            XCTAssertTrue("\(error)".contains("minprop") || "\(error)".contains("no cutoff"), "\(error)")
        }
    }
}
