import Foundation
import XCTest
import SQSyntax
@testable import SQ

/// `.help km` and docs/language.md come from one table (StatementHelpTable.swift):
/// the page holds exactly the blocks the table renders, every entry has its block,
/// and every runnable example runs. `SQ_UPDATE_DOCS=1 swift test --filter
/// StatementHelpDocsTests` rewrites the blocks after the table changes.
final class StatementHelpDocsTests: XCTestCase {
    static let page = Repository.root.appendingPathComponent("docs/language.md")

    func testThePageHoldsWhatTheTableRenders() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let updated = StatementHelp.updating(text)
        if ProcessInfo.processInfo.environment["SQ_UPDATE_DOCS"] == "1", updated != text {
            try updated.write(to: Self.page, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(updated, text, "docs/language.md differs from StatementHelpTable.swift: run SQ_UPDATE_DOCS=1 swift test --filter StatementHelpDocsTests")
        for entry in StatementHelp.all {
            XCTAssertTrue(text.contains("\n### \(entry.name)\n" + entry.markdown + "\n"),
                          "docs/language.md has no help block for `\(entry.name)` right under its heading")
        }
    }

    func testEveryEntryNamesAStatementAndItsExampleParses() {
        XCTAssertGreaterThanOrEqual(StatementHelp.all.count, 15)
        for entry in StatementHelp.all {
            XCTAssertTrue(Keywords.statements.contains(entry.name), entry.name)
            XCTAssertEqual(Parser.parse(entry.example).diagnostics.map(\.description), [], entry.name)
            XCTAssertTrue(entry.example.hasPrefix(entry.name) || entry.example.contains("\n" + entry.name) || entry.name == "check",
                          "the example of `\(entry.name)` shows the statement")
            XCTAssertFalse(entry.r.isEmpty)
        }
        XCTAssertEqual(StatementHelp.lookup("KM")?.name, "km")
        XCTAssertEqual(StatementHelp.lookup("coxph")?.name, "fit")
        XCTAssertNil(StatementHelp.lookup("nonsense"))
    }

    func testTheRunnableExamplesRunInOrder() throws {
        var options = Session.Options()
        options.baseDirectory = Repository.root.path
        let session = try Session(options: options)
        var ran = 0
        for entry in StatementHelp.all where entry.exampleRuns {
            XCTAssertNoThrow(try session.run(entry.example, name: "help \(entry.name)"), entry.example)
            ran += 1
        }
        XCTAssertGreaterThan(ran, 10)
    }

    func testTheTextShowsSyntaxOptionsDefaultsExampleAndR() throws {
        let text = try XCTUnwrap(StatementHelp.lookup("km")).text
        XCTAssertTrue(text.hasPrefix("km endpoint [by columns] [at times]\n"))
        XCTAssertTrue(text.contains("conf_type = log"))
        XCTAssertTrue(text.contains("example:\n  km death by sex"))
        XCTAssertTrue(text.contains("in R:\n  fit <- survfit(Surv(time, status) ~ sex"))
    }
}
