import Foundation
import XCTest
import SQ

/// The REPL driven through a real pseudo-terminal.
final class ReplSessionTests: XCTestCase {
    var home = ""

    override func setUpWithError() throws { home = try PseudoTerminal.temporaryHome() }

    func start() throws -> PseudoTerminal { try PseudoTerminal.onLung(home: home, then: "") }

    func testMultiLineEndpointThenKaplanMeier() throws {
        let terminal = try start()
        terminal.send("endpoint os = surv(time,\n")
        XCTAssertTrue(terminal.waitFor("...> "), "continuation prompt: \(terminal.output)")
        terminal.send("status == 2, unit = days)\n")
        terminal.send("km os by sex\n")
        XCTAssertTrue(terminal.waitFor("sex=2"), terminal.output)
        XCTAssertTrue(terminal.after("km os by sex").contains("270"), "median of sex=1 is 270 days")
    }

    func testAnErrorDoesNotEndTheSession() throws {
        let terminal = try start()
        terminal.send("fit cox os ~ agee\n")
        XCTAssertTrue(terminal.waitFor("error: unknown endpoint `os`"), terminal.output)
        terminal.send("endpoint os = surv(time, status == 2)\nfit cox os ~ agee\n")
        XCTAssertTrue(terminal.waitFor("did you mean `age`?"), terminal.output)
        terminal.send("fit cox os ~ age\n")
        XCTAssertTrue(terminal.waitFor("Cox model os"), terminal.output)
        XCTAssertTrue(terminal.process.isRunning)
    }

    func testDotTablesListsTables() throws {
        let terminal = try start()
        terminal.send(".tables\n")
        XCTAssertTrue(terminal.waitFor("kind"), terminal.output)
        XCTAssertTrue(terminal.after(".tables").contains("lung"))
        terminal.send(".help\n")
        XCTAssertTrue(terminal.waitFor(".timer on|off"), terminal.output)
    }

    func testAProcedureSpansLinesAndSqrcRunsAfterThePrelude() throws {
        // ~/.sqrc redefines a prelude function: it must win, so it ran after the prelude.
        try "function tfi_group(m) = 42\n".write(toFile: home + "/.sqrc", atomically: true, encoding: .utf8)
        let terminal = try start()
        terminal.send("count where tfi_group(1) = 42\n")
        XCTAssertTrue(terminal.waitFor("228"), "the .sqrc definition is in force: \(terminal.output)")
        terminal.send("endpoint os = surv(time, status == 2, unit = days)\n")
        terminal.send("procedure by_sex(ep)\n")
        XCTAssertTrue(terminal.waitFor("...> "), "a procedure continues until `end`: \(terminal.output)")
        terminal.send("km ep by sex\n")
        terminal.send("end\n")
        terminal.send("by_sex(os)\n")
        XCTAssertTrue(terminal.waitFor("sex=2"), terminal.output)
        terminal.send(".help prelude\n")
        XCTAssertTrue(terminal.waitFor("survival_report(ep, group, file)"), terminal.output)
    }

    func testCompletionOfAColumnName() throws {
        let terminal = try start()
        terminal.send("list pat\t")
        XCTAssertTrue(terminal.waitFor("pat.karno`"), "completed to the backquoted column: \(terminal.output)")
        terminal.send(" limit 2\n")
        XCTAssertTrue(terminal.waitFor("pat.karno"), terminal.output)
        XCTAssertFalse(terminal.after("limit 2").contains("error"), terminal.output)
    }

    func testHistorySurvivesARestart() throws {
        let first = try start()
        first.send("count by sex\n")
        XCTAssertTrue(first.waitFor("sex"), first.output)
        first.endSession()
        XCTAssertTrue(FileManager.default.fileExists(atPath: home + "/.sq_history"))
        let second = try start()
        // Up twice: the import just typed, then `count by sex` from the first session.
        second.send("\u{1b}[A\u{1b}[A\n")
        XCTAssertTrue(second.waitFor("count"), second.output)
        XCTAssertTrue(second.waitFor(" n\r\n") || second.output.contains("138"), second.output)
    }

    /// The history file keeps no PostgreSQL password and only its owner can read it.
    func testHistoryKeepsNoPasswordAndIsPrivate() throws {
        let terminal = try start()
        terminal.send("open postgres \"postgresql://analyst:s3cr%40t@127.0.0.1:1/registry?password=other\"\n")
        XCTAssertTrue(terminal.waitFor("error"), terminal.output)
        terminal.endSession()
        let history = try String(contentsOfFile: home + "/.sq_history", encoding: .utf8)
        XCTAssertFalse(history.contains("s3cr"), history)
        XCTAssertFalse(history.contains("other"), history)
        XCTAssertTrue(history.contains("analyst:***@127.0.0.1:1/registry?password=***"), history)
        let mode = try FileManager.default.attributesOfItem(atPath: home + "/.sq_history")[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        XCTAssertEqual(PasswordRedaction.redacting("x 'postgres://u:p@h/d' y postgresql://v@h2 z"), "x 'postgres://u:***@h/d' y postgresql://v@h2 z")
    }

    /// A history file an earlier version wrote with a password is rewritten without it.
    func testAnOldHistoryLosesItsPasswordsWhenRead() throws {
        let path = home + "/.sq_history"
        try "_HiStOrY_V2_\nopen\\040postgres\\040\"postgresql://a:old-secret@h/db?sslmode=require&password=p2\"\\040as\\040reg\ncount\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let terminal = try start()
        terminal.endSession()
        let history = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertFalse(history.contains("old-secret"), history)
        XCTAssertFalse(history.contains("p2"), history)
        XCTAssertTrue(history.contains("open\\040postgres\\040\"postgresql://a:***@h/db?sslmode=require&password=***\"\\040as\\040reg"), history)
        XCTAssertTrue(history.contains("\ncount\n"), history)
    }

    func testInterruptCancelsALongStatementAndKeepsTheSession() throws {
        let terminal = try start()
        terminal.send("sql \"with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n\"\n")
        XCTAssertTrue(terminal.interruptUntilCancelled(), terminal.output)
        terminal.send("count\n")
        XCTAssertTrue(terminal.waitFor("228"), terminal.output)
    }
}
