import XCTest
import SQSyntax
@testable import SQ

/// Issue 18 §14: `limit 9223372036854775807`, `list time limit 99999999999999999999`
/// and `set min_cell = 1e20` trapped (SIGILL) converting a Double to an Int.
/// Every whole-number setting and option range-checks, with an error at the value.
final class WholeNumberTests: XCTestCase {
    func session() throws -> Session {
        let session = try Session()
        try session.register(table: "t", columns: ["time", "status", "g"],
                             rows: (0..<20).map { [.integer(Int64($0 + 1)), .integer(Int64($0 % 2)), .integer(Int64($0 % 3))] })
        try session.run("endpoint os = surv(time, status)")
        return session
    }

    func assertError(_ source: String, _ message: String, column: Int? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let session = try session()
        XCTAssertThrowsError(try session.run(source), source, file: file, line: line) { error in
            guard let error = error as? SQError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(error.kind, .script, source, file: file, line: line)
            XCTAssertTrue(error.message.contains(message), "\(source): \(error.message)", file: file, line: line)
            if let column { XCTAssertEqual(error.column, column, source, file: file, line: line) }
        }
    }

    func testOutOfRangeWholeNumbersAreErrorsNotTraps() throws {
        try assertError("list time limit 99999999999999999999", "beyond what SQ holds exactly", column: 17)
        try assertError("list time limit 9223372036854775807", "beyond what SQ holds exactly", column: 17)
        try assertError("list time limit 100000000000000000000", "`limit` takes a whole number of rows, 0 to 2,147,483,647", column: 17)
        try assertError("list time limit 2.5", "`limit` takes a whole number")
        try assertError("set min_cell = 1e20", "`min_cell` is a whole number of patients, 0 to 1,000,000,000", column: 16)
        try assertError("set min_cell = 2.5", "`min_cell` is a whole number")
        try assertError("set time_limit = 1e300", "`time_limit` is at most")
        try assertError("fit cox os ~ g with iter = 0.5", "`iter` must be a whole number from 0 to 1,000", column: 28)
        try assertError("fit cox os ~ g with iter = 1e30", "`iter` must be a whole number from 0 to 1,000")
        try assertError("reconstruct ipd from \"c.csv\" with atrisk = \"a.csv\", events = 100000000000000000000 as r",
                        "`events` is a whole number of patients")
    }

    func testWholeNumbersInRangeStillWork() throws {
        let session = try session()
        XCTAssertEqual(try session.run("list time limit 3").first?.table?.rows.count, 3)
        XCTAssertEqual(try session.run("list time limit 2147483647").first?.table?.rows.count, 20)
        XCTAssertNoThrow(try session.run("set min_cell = 1000000000\ncount by g"))
        XCTAssertLessThanOrEqual(try session.run("fit cox os ~ g with iter = 3").first?.cox?.iterations ?? 99, 3)
        // A whole number beyond 64 bits binds as a real, not a trap; one within stays an integer.
        let row = try session.run("sql \"select ?, ?, typeof(?)\", 100000000000000000000, -9007199254740992, 9007199254740992").first?.table?.rows.first
        XCTAssertEqual(row, [.real(1e20), .integer(-9007199254740992), .text("integer")])
        // A factor's reference written as a huge whole number is a missing level, not a trap.
        XCTAssertThrowsError(try session.run("fit cox os ~ factor(g, ref = 100000000000000000000)"))
    }

    func testTheLexerRefusesInexactWholeNumbers() {
        for (text, exact) in [("9007199254740992", true), ("9007199254740993", false), ("18446744073709551616", true),
                              ("9223372036854775807", false), ("00012", true), ("1e300", true)] {
            let diagnostics = Lexer.tokenize("x = \(text)").diagnostics
            XCTAssertEqual(diagnostics.isEmpty, exact, "\(text): \(diagnostics.map(\.message))")
            if !exact { XCTAssertEqual(diagnostics.count, 1, text) }
        }
    }
}
