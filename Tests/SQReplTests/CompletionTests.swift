import XCTest
import SQ
@testable import SQRepl

/// Tab offers what may stand where the cursor is: statement words at the start,
/// endpoints after an analysis word, tables after `use`, columns in clauses.
final class CompletionTests: XCTestCase {
    func session() throws -> Session {
        let session = try Session()
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples").path
        try session.run("""
            import "\(samples)/data/lung.csv" as lung
            endpoint os = surv(time, status == 2, unit = days)
            let m = fit cox os ~ age
            """)
        return session
    }

    func testAStatementStartsWithAStatementWord() throws {
        let s = try session()
        let offered = Completion.candidates(for: "", line: "", session: s)
        XCTAssertTrue(offered.contains("km"))
        XCTAssertFalse(offered.contains("sex"), "no column where a statement starts")
        XCTAssertEqual(Completion.candidates(for: "lo", line: "lo", session: s), ["logrank"])
    }

    func testClausesOfferColumnsNotStatementWords() throws {
        let s = try session()
        let offered = Completion.candidates(for: "s", line: "km os by s", session: s)
        XCTAssertTrue(offered.contains("sex"))
        XCTAssertTrue(offered.contains("status"))
        XCTAssertFalse(offered.contains("schema"), "a statement word cannot follow `by`")
        XCTAssertTrue(Completion.candidates(for: "ph", line: "fit cox os ~ age + ph", session: s).contains("`ph.ecog`"))
    }

    func testEachPlaceOffersItsKindOfName() throws {
        let s = try session()
        XCTAssertEqual(Completion.candidates(for: "o", line: "km o", session: s), ["os"])
        XCTAssertEqual(Completion.candidates(for: "l", line: "use l", session: s), ["lung"])
        XCTAssertEqual(Completion.candidates(for: "c", line: "fit c", session: s), ["cox"])
        XCTAssertEqual(Completion.candidates(for: "", line: "check ph ", session: s), ["m"])
        XCTAssertEqual(Completion.candidates(for: "o", line: "count; km o", session: s), ["os"], "only the current statement counts")
    }
}

/// `describe` (issue 21): the statement word, columns after it, its options after `with`; `set` offers its settings.
final class DescribeCompletionTests: XCTestCase {
    func testDescribeAndMinCellAreOffered() throws {
        let session = try Session()
        try session.run("import \"\(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path)/samples/data/lung.csv\" as lung")
        XCTAssertEqual(Completion.candidates(for: "desc", line: "desc", session: session), ["describe"])
        XCTAssertTrue(Completion.candidates(for: "a", line: "describe a", session: session).contains("age"))
        XCTAssertEqual(Completion.candidates(for: "st", line: "describe age by sex with st", session: session), ["stats"])
        XCTAssertEqual(Completion.candidates(for: "min", line: "set min", session: session), ["min_cell"])
    }
}
