import Foundation
import XCTest

/// Issue 18: inputs that hung or were silently taken, through `sq run` as a shell calls it.
extension CommandLineTests {
    func testARepeatedParamIsRefused() throws {
        let run = try sq(["--param", "sex=1", "--param", "sex=2"], input: "count\n")
        XCTAssertEqual(run.status, 64, run.stderr)
        XCTAssertTrue(run.stderr.contains("--param sex is given twice"), run.stderr)
    }
}
