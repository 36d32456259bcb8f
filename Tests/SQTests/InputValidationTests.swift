import Foundation
import XCTest
import SQStore
@testable import SQ

/// Issue 18, smaller cases: a second `open` of a file said "no tables", and
/// negative survival times were taken without a word.
final class InputValidationTests: XCTestCase {
    func testASecondOpenOfTheSameFileListsItsTables() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/cohort.db"
        let maker = try Database(path: path, writable: true)
        try maker.execute(SQL("CREATE TABLE p (time REAL, status INTEGER)"))
        try maker.execute(SQL("INSERT INTO p VALUES (1, 1), (2, 0)"))
        let session = try Session()
        let first = try session.run("open \"\(path)\" as a").first
        let second = try session.run("open \"\(path)\" as b").first
        guard case .info(let one) = first?.value, case .info(let two) = second?.value else { return XCTFail("no info results") }
        XCTAssertTrue(one.message.hasSuffix("as a: p"), one.message)
        XCTAssertTrue(two.message.hasSuffix("as b: p"), two.message)
    }

    func testNegativeSurvivalTimesAreAnError() throws {
        let session = try Session()
        try session.register(table: "n", columns: ["time", "status"],
                             rows: [[.integer(-5), .integer(1)], [.integer(3), .integer(1)], [.real(-2.5), .integer(0)], [.integer(4), .integer(1)]])
        try session.run("endpoint os = surv(time, status)")
        for statement in ["km os", "logrank os by status", "fit cox os ~ status", "followup os"] {
            XCTAssertThrowsError(try session.run(statement), statement) { error in
                XCTAssertEqual((error as? SQError)?.kind, .script, statement)
                XCTAssertTrue((error as? SQError)?.message.contains("2 rows have a negative survival time (the smallest is -5)") == true, "\(statement): \(error)")
            }
        }
        // Without them the analyses run; a zero time is a time.
        XCTAssertEqual(try session.run("km os where time >= 0").first?.km?.strata.first?.n, 2)
    }
}
