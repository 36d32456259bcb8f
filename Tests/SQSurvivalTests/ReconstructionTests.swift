import XCTest
@testable import SQSurvival

/// Guyot reconstruction of a known R survfit curve (lung, sex = 1) gives back
/// n exactly, the events within a few and the median within 2%.
final class ReconstructionTests: XCTestCase {
    func table(_ file: String) throws -> [String: [Double]] {
        let url = Fixtures.directory.deletingLastPathComponent().appendingPathComponent("data/\(file)")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map { $0.replacingOccurrences(of: "\"", with: "") }
        var columns = [String: [Double]](uniqueKeysWithValues: header.map { ($0, []) })
        for line in lines.dropFirst() {
            for (name, field) in zip(header, line.split(separator: ",")) { columns[name]?.append(Double(field) ?? .nan) }
        }
        return columns
    }

    func testKnownCurveIsRebuilt() throws {
        let curve = try table("reconstruct_curve.csv"), risk = try table("reconstruct_atrisk.csv")
        let expected = try Fixtures.keyed("reconstruct_expected.csv")
        for totalEvents in [nil, Int(try XCTUnwrap(expected["events"]))] {
            let rebuilt = try Reconstruction.guyot(curveTime: try XCTUnwrap(curve["time"]), curveSurvival: try XCTUnwrap(curve["survival"]),
                                                   riskTime: try XCTUnwrap(risk["time"]), atRisk: try XCTUnwrap(risk["n_risk"]),
                                                   totalEvents: totalEvents)
            XCTAssertEqual(Double(rebuilt.time.count), expected["n"], "n exactly")
            let events = Double(rebuilt.event.filter { $0 }.count)
            XCTAssertLessThanOrEqual(abs(events - (expected["events"] ?? 0)), 3, "events within a few: \(events)")
            let median = try KaplanMeier.fit(time: rebuilt.time, event: rebuilt.event).median().estimate
            let reference = try XCTUnwrap(expected["median"])
            XCTAssertLessThanOrEqual(abs((median ?? 0) - reference) / reference, 0.02, "median \(String(describing: median)) vs \(reference)")
            XCTAssertLessThan(rebuilt.maximumDifference, 0.02)
            print("reconstruction (total events \(totalEvents.map(String.init) ?? "unknown")): n \(rebuilt.time.count), events \(events), median \(median ?? .nan), max difference \(rebuilt.maximumDifference)")
        }
    }

    func testInputIsCleaned() throws {
        let rebuilt = try Reconstruction.guyot(curveTime: [0, 10, 5, 20, 30], curveSurvival: [100, 70, 80, 72, 50],
                                               riskTime: [0, 15], atRisk: [50, 30])
        XCTAssertTrue(rebuilt.warnings.contains("survival read as percentages"))
        XCTAssertTrue(rebuilt.warnings.contains("curve points sorted by time"))
        XCTAssertTrue(rebuilt.warnings.contains { $0.contains("non-increasing") })
        XCTAssertEqual(rebuilt.time.count, 50)
        XCTAssertThrowsError(try Reconstruction.guyot(curveTime: [0, 1], curveSurvival: [1, 0.5], riskTime: [5, 1], atRisk: [10, 5]))
    }
}
