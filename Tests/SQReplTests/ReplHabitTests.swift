import Foundation
import XCTest
import SQ
@testable import SQRepl

/// Issue 24's REPL items through a real pseudo-terminal: a file name completes to
/// its closing quote, Ctrl-C at `...>` abandons the statement, a blank line ends an
/// unfinished one (reported at its dangling `+`), `.help km` and `help km`.
final class ReplHabitTests: XCTestCase {
    var home = ""

    override func setUpWithError() throws { home = try PseudoTerminal.temporaryHome() }

    func start() throws -> PseudoTerminal { try PseudoTerminal.onLung(home: home, then: "endpoint os = surv(time, status == 2)\n") }

    func testAFileNameInQuotesCompletesToTheClosingQuote() throws {
        let terminal = try start()
        terminal.send("import \"data/lu\t")
        XCTAssertTrue(terminal.waitFor("data/lung.csv\""), "completed with the closing quote: \(terminal.output)")
        terminal.send(" as lung2\n")
        XCTAssertTrue(terminal.waitFor("imported 228 rows into lung2"), terminal.output)
        XCTAssertFalse(terminal.output.contains("no such file"), terminal.output)
    }

    func testCompletionSuffixInsideAndOutsideQuotes() {
        XCTAssertEqual(Completion.suffix(for: "data/lung.csv", line: "import \"data/lu"), "\"")
        XCTAssertEqual(Completion.suffix(for: "data/", line: "import \"da"), "")
        XCTAssertEqual(Completion.suffix(for: "sex", line: "km os by se"), " ")
    }

    func testCtrlCAtTheContinuationPromptDiscardsTheStatement() throws {
        let terminal = try start()
        terminal.send("fit cox os ~ age +\n")
        XCTAssertTrue(terminal.waitFor("...> "), terminal.output)
        var interrupted = false
        for _ in 0..<10 where !interrupted {
            terminal.process.interrupt()
            interrupted = terminal.waitFor("^C", timeout: 1)
        }
        XCTAssertTrue(interrupted, terminal.output)
        XCTAssertTrue(terminal.waitFor("sq> ", timeout: 5), terminal.output)
        terminal.send("km os\n")
        XCTAssertTrue(terminal.waitFor("Kaplan–Meier os"), terminal.output)
        XCTAssertFalse(terminal.after("^C").contains("error"), "the next line starts a new statement: \(terminal.output)")
    }

    func testABlankLineEndsAnUnfinishedStatementAtItsDanglingPlus() throws {
        let terminal = try start()
        terminal.send("fit cox os ~ age +\n")
        XCTAssertTrue(terminal.waitFor("...> "), terminal.output)
        terminal.send("\n")
        XCTAssertTrue(terminal.waitFor("the formula ends with `+`"), terminal.output)
        XCTAssertTrue(terminal.output.contains("<repl>:1:18:"), "reported at the `+`: \(terminal.output)")
        terminal.send("km os\n")
        XCTAssertTrue(terminal.waitFor("Kaplan–Meier os"), terminal.output)
    }

    func testHelpForOneStatement() throws {
        let terminal = try start()
        terminal.send(".help km\n")
        XCTAssertTrue(terminal.waitFor("survfit(Surv(time, status) ~ sex"), terminal.output)
        let km = terminal.after(".help km")
        XCTAssertTrue(km.contains("km endpoint [by columns] [at times]"), km)
        XCTAssertTrue(km.contains("conf_type = log"), km)
        XCTAssertTrue(km.contains("example:"), km)
        terminal.send("help fit\n")
        XCTAssertTrue(terminal.waitFor("coxph(Surv(time, status) ~ age + sex"), terminal.output)
        terminal.send("?plot\n")
        XCTAssertTrue(terminal.waitFor("palette = okabe-ito"), terminal.output)
        terminal.send(".help kmm\n")
        XCTAssertTrue(terminal.waitFor("no help for `kmm`; did you mean `km`?"), terminal.output)
    }

    func testSchemaHabitsAndCheckPHAtTheKeyboard() throws {
        let terminal = try start()
        terminal.send("import \"data/pm_cohort.csv\" as pm\nendpoint dfs = surv(dfs_months, relapse, unit = months)\n")
        XCTAssertTrue(terminal.waitFor("imported 120 rows into pm"), terminal.output)
        terminal.send(".schema lung\n")
        XCTAssertTrue(terminal.waitFor("endpoint\r\n"), terminal.output)
        let schema = terminal.after(".schema lung")
        XCTAssertTrue(schema.contains("os "), "lung's own endpoint: \(schema)")
        XCTAssertFalse(schema.contains("dfs"), "pm's endpoint is not lung's: \(schema)")
        terminal.send("coxph(Surv(time, status) ~ age)\n")
        XCTAssertTrue(terminal.waitFor("hint: SQ fits a Cox model with `fit cox os ~ age + sex`"), terminal.output)
        terminal.send("km os from lung at 1 year\n")
        XCTAssertTrue(terminal.waitFor("a duration is written without a space: `1y`"), terminal.output)
        terminal.send("fit cox os ~ age from lung\ncheck ph\n")
        XCTAssertTrue(terminal.waitFor("the last Cox model, os ~ age"), terminal.output.replacingOccurrences(of: "\r", with: ""))
        terminal.send("each os ~ age, sex from lung\ncheck ph\n")
        XCTAssertTrue(terminal.waitFor("holds several models; `check ph` needs one"), terminal.output)
        terminal.send("km os by sex with conf_type = log-log at 182 from lung\n")
        XCTAssertTrue(terminal.waitFor("95% CI (log-log)"), terminal.output)
    }

    func testHelpRequestsAreRecognised() {
        XCTAssertEqual(StatementHelpCommand.request(in: "help km"), "km")
        XCTAssertEqual(StatementHelpCommand.request(in: "help"), "")
        XCTAssertEqual(StatementHelpCommand.request(in: "?km"), "km")
        XCTAssertNil(StatementHelpCommand.request(in: "km os"))
        guard case .output(let text) = StatementHelpCommand.outcome(for: "logrank") else { return XCTFail("no help") }
        XCTAssertTrue(text.contains("survdiff("))
    }
}

/// After `with`, Tab offers the statement's options from the help table.
final class OptionCompletionTests: XCTestCase {
    func testPlotOptionsAreOffered() throws {
        let session = try Session()
        XCTAssertEqual(Completion.candidates(for: "pal", line: "plot km os with pal", session: session), ["palette"])
        XCTAssertEqual(Completion.candidates(for: "conf_", line: "km os by sex with conf_", session: session), ["conf_type"])
    }
}
