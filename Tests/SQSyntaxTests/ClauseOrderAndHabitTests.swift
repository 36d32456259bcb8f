import XCTest
@testable import SQSyntax

/// Issue 24: clauses in any order (each once), and errors that answer R habits
/// with the SQ spelling, each at the right place.
final class ClauseOrderAndHabitTests: XCTestCase {
    func analysis(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> AnalysisStatement? {
        let program = Parser.parse(source)
        XCTAssertEqual(program.diagnostics.map(\.description), [], source, file: file, line: line)
        guard let first = program.statements.first, case .analysis(let a) = first.kind else { return nil }
        return a
    }

    /// The single error of `source`: its message, hints and the text under its span.
    func failure(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> (message: String, hints: [String], at: String) {
        let program = Parser.parse(source)
        XCTAssertEqual(program.diagnostics.count, 1, program.diagnostics.map(\.description).joined(separator: "\n"), file: file, line: line)
        guard let d = program.diagnostics.first else { return ("", [], "") }
        return (d.message, d.hints, String(SourceFile(name: "t", text: source).text(of: d.span)))
    }

    func testKaplanMeierClausesInAnyOrder() throws {
        let a = try XCTUnwrap(analysis("km os with conf_type = log-log at 6mo"))
        guard case .km(_, let by, let at) = a.analysis else { return XCTFail("not km") }
        XCTAssertTrue(by.isEmpty)
        XCTAssertEqual(at.count, 1)
        XCTAssertEqual(a.options.map { $0.label?.text }, ["conf_type"])
        let b = try XCTUnwrap(analysis("km os where age > 50 at 1y, 2y from lung by sex with conf = 0.9"))
        guard case .km(_, let by2, let at2) = b.analysis else { return XCTFail("not km") }
        XCTAssertEqual(by2.count, 1)
        XCTAssertEqual(at2.count, 2)
        XCTAssertEqual(b.source?.text, "lung")
        XCTAssertNotNil(b.filter)
    }

    func testLogrankByAfterOptionsAndFilter() throws {
        let a = try XCTUnwrap(analysis("logrank ev by rx with strata = sex where etype = 1"))
        guard case .logrank(_, let by) = a.analysis else { return XCTFail("not logrank") }
        XCTAssertEqual(by.count, 1)
        XCTAssertNotNil(a.filter)
        let b = try XCTUnwrap(analysis("logrank ev with strata = sex by rx"))
        guard case .logrank(_, let by2) = b.analysis else { return XCTFail("not logrank") }
        XCTAssertEqual(by2.count, 1)
        XCTAssertEqual(b.options.count, 1)
    }

    func testEachClauseOnceAndOnlyWhereItBelongs() {
        let twice = failure("km os at 1y where age > 1 at 2y")
        XCTAssertEqual(twice.message, "`at` given twice in `km`")
        XCTAssertEqual(twice.at, "at")
        XCTAssertEqual(twice.hints, ["give every value in one clause: `at a, b`"])
        let foreign = failure("fit cox os ~ age by sex")
        XCTAssertEqual(foreign.message, "`fit cox` takes no `by` clause")
        XCTAssertEqual(foreign.hints, ["its clauses, in any order: `from`, `where`, `with`"])
        let ordered = failure("cutpoint os ~ x where a = 1 by g")
        XCTAssertEqual(ordered.message, "`by` cannot stand here in `cutpoint`")
        XCTAssertTrue(ordered.hints[0].contains("right after the variable"))
    }

    func testArithmeticInAFormulaTermSaysToParenthesise() throws {
        let slash = failure("fit cox os ~ age / 10 + sex")
        XCTAssertEqual(slash.at, "/")
        XCTAssertEqual(slash.hints.first?.hasPrefix("write `(age / 10)`"), true)
        XCTAssertNotNil(analysis("fit cox os ~ (age / 10) + sex"))
    }

    func testADanglingPlusBeforeABlankLineIsReportedAtThePlus() {
        let program = Parser.parse("fit cox os ~ age +\n\nkm os\n")
        XCTAssertEqual(program.diagnostics.count, 1)
        XCTAssertEqual(program.diagnostics.first?.span.line, 1)
        XCTAssertEqual(program.diagnostics.first?.span.column, 18)
        XCTAssertEqual(program.statements.count, 1, "`km os` still parses as its own statement")
        XCTAssertTrue(Parser.parse("fit cox os ~ age +").isIncomplete, "at the end of input it is unfinished (the REPL asks for more)")
        XCTAssertFalse(Parser.parse("fit cox os ~ age +\n\nkm os").isIncomplete)
        XCTAssertTrue(Parser.parse("endpoint os = surv(time,\n\n status)").diagnostics.isEmpty, "inside parentheses a blank line does not end it")
    }

    func testRHabitsGetTheSQSpelling() {
        let cox = failure("coxph(Surv(time, status) ~ age)")
        XCTAssertEqual(cox.at, "coxph")
        XCTAssertTrue(cox.hints[0].contains("fit cox os ~"))
        XCTAssertTrue(failure("survfit(Surv(time, status) ~ sex)").hints[0].contains("km os by sex"))
        XCTAssertTrue(failure("kaplan os").hints[0].contains("`km`"))
        let surv = failure("fit cox Surv(time, status) ~ age")
        XCTAssertEqual(surv.at, "Surv")
        XCTAssertTrue(surv.hints[0].contains("endpoint os = surv(time, status)"))
        XCTAssertEqual(failure("fit cox os ~ Surv(time, status)").message, "`surv(...)` is an endpoint, not a model term")
        let year = failure("km os at 1 year")
        XCTAssertEqual(year.message, "a duration is written without a space: `1y`")
        XCTAssertEqual(year.at, "1 year")
        XCTAssertEqual(failure("km os at 6 months").message, "a duration is written without a space: `6mo`")
        let equals = failure("km os with conf_type == log-log")
        XCTAssertEqual(equals.at, "==")
        XCTAssertTrue(equals.hints[0].contains("single `=`"))
        XCTAssertTrue(failure("define old == age > 60").hints[0].contains("single `=`"))
    }

    func testParametersStandWhereNumbersDo() throws {
        let a = try XCTUnwrap(analysis("km os at $t, 2y"))
        guard case .km(_, _, let at) = a.analysis, case .parameter("t") = at[0].kind else { return XCTFail("no parameter") }
    }
}
