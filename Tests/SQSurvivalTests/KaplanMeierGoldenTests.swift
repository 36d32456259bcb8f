import XCTest
@testable import SQSurvival

/// Kaplan–Meier curves, medians and `summary(times, extend = TRUE)` against
/// R survfit on lung, veteran, ovarian, aml, heart (counting process) and
/// edge cases (median on a flat stretch at 0.5, all-censored group).
final class KaplanMeierGoldenTests: XCTestCase {
    func assertSame(_ actual: [Double], _ expected: [Double]?, _ what: String, tolerance: Double,
                    file: StaticString = #filePath, line: UInt = #line) {
        guard let expected else { return XCTFail("no reference for \(what)", file: file, line: line) }
        XCTAssertEqual(actual.count, expected.count, "\(what): length", file: file, line: line)
        for (i, (a, e)) in zip(actual, expected).enumerated() {
            if e.isNaN { XCTAssertTrue(a.isNaN, "\(what)[\(i)]: R gives NA, SQ \(a)", file: file, line: line); continue }
            if a == e { continue }   // equal, infinities included
            let error = abs(a - e) / max(abs(e), 1e-300)
            XCTAssert(error <= tolerance || abs(a - e) < 1e-14, "\(what)[\(i)]: SQ \(a) vs R \(e)", file: file, line: line)
        }
    }

    func check(_ name: String) throws {
        let input = try Fixtures.columns("km_\(name)_input.csv")
        let expected = try Fixtures.expected("km_\(name)_expected.csv")
        let conf = try XCTUnwrap(expected["-1.conf"]?.first)
        let confType = [ConfidenceType.log, .logLog, .plain][Int(try XCTUnwrap(expected["-1.conf_type"]?.first))]
        let at = try XCTUnwrap(expected["-1.at"])
        let time = try XCTUnwrap(input["time"]), status = try XCTUnwrap(input["status"]), group = try XCTUnwrap(input["group"])
        let groups = Set(group).sorted()
        XCTAssertFalse(groups.isEmpty)
        for g in groups {
            let rows = group.indices.filter { group[$0] == g }
            let curve = try KaplanMeier.fit(time: rows.map { time[$0] }, event: rows.map { status[$0] == 1 },
                                            entry: input["start"].map { start in rows.map { start[$0] } },
                                            conf: conf, confType: confType)
            let k = "\(Int(g))."
            assertSame(curve.time, expected[k + "time"], "\(name) time", tolerance: 1e-12)
            assertSame(curve.nRisk, expected[k + "n.risk"], "\(name) n.risk", tolerance: 1e-12)
            assertSame(curve.nEvent, expected[k + "n.event"], "\(name) n.event", tolerance: 1e-12)
            assertSame(curve.survival, expected[k + "surv"], "\(name) surv", tolerance: 1e-9)
            assertSame(curve.standardError, expected[k + "std.err"], "\(name) std.err", tolerance: 1e-9)
            assertSame(curve.lower, expected[k + "lower"], "\(name) lower", tolerance: 1e-6)
            assertSame(curve.upper, expected[k + "upper"], "\(name) upper", tolerance: 1e-6)
            let median = curve.median()
            assertSame([median.estimate ?? .nan], expected[k + "median"], "\(name) median", tolerance: 1e-9)
            assertSame([median.lower ?? .nan], expected[k + "median_lower"], "\(name) median lower", tolerance: 1e-6)
            assertSame([median.upper ?? .nan], expected[k + "median_upper"], "\(name) median upper", tolerance: 1e-6)
            let summary = curve.summary(at: at)
            assertSame(summary.map(\.survival), expected[k + "at_surv"], "\(name) at surv", tolerance: 1e-9)
            assertSame(summary.map(\.nRisk), expected[k + "at_n.risk"], "\(name) at n.risk", tolerance: 1e-12)
            assertSame(summary.map(\.lower), expected[k + "at_lower"], "\(name) at lower", tolerance: 1e-6)
            assertSame(summary.map(\.upper), expected[k + "at_upper"], "\(name) at upper", tolerance: 1e-6)
        }
    }

    func testLungBySex() throws { try check("lung_sex") }
    func testVeteranLogLogAt90Percent() throws { try check("veteran_loglog") }
    func testVeteranPlain() throws { try check("veteran_plain") }
    func testOvarianMedianNotReached() throws { try check("ovarian") }
    func testAML() throws { try check("aml") }
    func testHeartCountingProcess() throws { try check("heart") }
    func testMedianOnAFlatStretchAtOneHalf() throws { try check("flat_half") }
    func testAllCensoredGroup() throws { try check("censored") }
    func testReverseKaplanMeierCurve() throws { try check("followup_veteran") }

    func testFollowUpIsTheReverseCurvesMedian() throws {
        let input = try Fixtures.columns("km_followup_veteran_input.csv")
        let expected = try Fixtures.expected("km_followup_veteran_expected.csv")
        // The input already has events and censorings swapped; swap back for FollowUp.
        let followUp = try FollowUp.reverseKaplanMeier(time: try XCTUnwrap(input["time"]),
                                                       event: try XCTUnwrap(input["status"]).map { $0 == 0 })
        assertSame([followUp.estimate ?? .nan], expected["0.median"], "follow-up median", tolerance: 1e-9)
        assertSame([followUp.lower ?? .nan], expected["0.median_lower"], "follow-up lower", tolerance: 1e-6)
        assertSame([followUp.upper ?? .nan], expected["0.median_upper"], "follow-up upper", tolerance: 1e-6)
    }

    func testInvalidInputIsAnError() {
        XCTAssertThrowsError(try KaplanMeier.fit(time: [1, 2], event: [true]))
        XCTAssertThrowsError(try KaplanMeier.fit(time: [], event: []))
        XCTAssertThrowsError(try KaplanMeier.fit(time: [1, .nan], event: [true, false]))
        XCTAssertThrowsError(try KaplanMeier.fit(time: [1, 2], event: [true, true], entry: [0, 2]))
    }

    func testNoCensoringGivesTheEmpiricalSurvivalFunction() throws {
        let times: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
        let curve = try KaplanMeier.fit(time: times, event: Array(repeating: true, count: times.count))
        for (t, s) in zip(curve.time, curve.survival) {
            XCTAssertEqual(s, Double(times.filter { $0 > t }.count) / Double(times.count), accuracy: 1e-15)
        }
    }
}
