import XCTest
@testable import SQ

/// `describe` and the Cox design code a categorical variable's levels in one
/// place (`FactorLevels`): the same levels in the same order, the model's first
/// level its reference.
final class ModelFrameTests: XCTestCase {
    func session() throws -> Session {
        let s = try Session()
        let grades = ["mid", "high", "low", "mid", "low", "high", "low", "mid", "high", "low"]
        let rows: [[Value]] = (0..<40).map { (i: Int) -> [Value] in
            [.integer(Int64(i + 1)), .integer(Int64(i % 3 == 0 ? 0 : 1)), .text(grades[(i * 7) % grades.count])]
        }
        try s.register(table: "t", columns: ["time", "status", "grade"], rows: rows)
        try s.run("endpoint os = surv(time, status)")
        return s
    }

    func testDescribeAndTheCoxDesignCodeLevelsAlike() throws {
        let s = try session()
        guard case .describe(let described) = try XCTUnwrap(s.run("describe grade").first).value else {
            return XCTFail("not describe")
        }
        let levels = try XCTUnwrap(described.variables.first?.levels).map(\.level.description)
        XCTAssertEqual(levels, ["high", "low", "mid"])
        guard case .cox(let cox) = try XCTUnwrap(s.run("fit cox os ~ grade").first).value else { return XCTFail("not cox") }
        XCTAssertEqual(cox.terms.map(\.level), Array(levels.dropFirst()))
        XCTAssertEqual(Set(cox.terms.compactMap(\.reference)), [levels[0]])
        guard case .cox(let chosen) = try XCTUnwrap(s.run("fit cox os ~ factor(grade, ref = \"mid\")").first).value else {
            return XCTFail("not cox")
        }
        XCTAssertEqual(chosen.terms.map(\.level), ["high", "low"])
    }
}
