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

    func testProceduresStartAStatementAndFunctionsStandInExpressions() throws {
        let s = try session()
        try s.run("function double_age(x) = x * 2\nprocedure my_report(ep)\n  km ep\nend")
        XCTAssertEqual(Completion.candidates(for: "my", line: "my", session: s), ["my_report"])
        XCTAssertEqual(Completion.candidates(for: "tab", line: "tab", session: s), ["table2", "tables"])
        XCTAssertEqual(Completion.candidates(for: "double", line: "count where double", session: s), ["double_age"])
        XCTAssertTrue(Completion.candidates(for: "tfi", line: "define t = tfi", session: s).contains("tfi_group"))
        XCTAssertFalse(Completion.candidates(for: "", line: "count by ", session: s).contains("my_report"), "a procedure is not a column")
    }

    func testEffectModificationStatementsAndTheirPlots() throws {
        let s = try session()
        try s.run("let c = cutpoint os ~ age")
        XCTAssertEqual(Completion.candidates(for: "cu", line: "cu", session: s), ["cutpoint"])
        // The prelude's procedures stand where a statement starts too.
        XCTAssertEqual(Completion.candidates(for: "su", line: "su", session: s), ["subgroup_forest", "subgroups", "survival_report"])
        XCTAssertEqual(Completion.candidates(for: "int", line: "int", session: s), ["interaction"])
        XCTAssertEqual(Completion.candidates(for: "o", line: "cutpoint o", session: s), ["os"])
        XCTAssertEqual(Completion.candidates(for: "cu", line: "plot cu", session: s), ["cutpoint"])
        XCTAssertEqual(Completion.candidates(for: "", line: "plot cutpoint ", session: s), ["c", "m"])
        XCTAssertTrue(Completion.candidates(for: "ad", line: "cutpoint os ~ age by sex ad", session: s).contains("adjust"))
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

/// `show m random` (issue 20): `random` is offered after a kept name.
final class RandomEffectCompletionTests: XCTestCase {
    func testShowOffersRandomAfterAName() throws {
        let session = try Session()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        try session.run("""
            import "\(root)/Tests/Fixtures/data/seedlike_cohort.csv" as t
            endpoint pfs = surv(pfs_months, progressed)
            let m = fit cox pfs ~ margin + (1 | patient_id) with variance = 0.5
            """)
        XCTAssertEqual(Completion.candidates(for: "", line: "show ", session: session), ["m"])
        XCTAssertEqual(Completion.candidates(for: "r", line: "show m r", session: session), ["random"])
    }
}
