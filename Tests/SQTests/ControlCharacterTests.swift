import Foundation
import XCTest
import SQText
import SQSyntax
import SQRender
@testable import SQ

/// Issue 18 §20: a data value holding ESC `[31m` reached the terminal raw in
/// text, CSV and Markdown output. Control characters in values, names,
/// messages and plot labels are written escaped, as `\n` already was.
final class ControlCharacterTests: XCTestCase {
    static let hostile = ["red\u{1B}[31mtext", "clear\u{1B}[2J", "csi\u{9B}1m", "bidi\u{202E}cba", "del\u{7F}x", "bell\u{07}"]

    func session() throws -> Session {
        let session = try Session()
        let rows: [[Value]] = (0..<24).map { i in
            [.integer(Int64(i + 1)), .integer(Int64(i % 2)), .text(Self.hostile[i % Self.hostile.count])]
        }
        try session.register(table: "t", columns: ["time", "status", "name\u{1B}[1m"], rows: rows)
        try session.run("endpoint os = surv(time, status)")
        return session
    }

    func assertNoRawControls(_ text: String, _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        let raw = text.unicodeScalars.filter { ControlCharacters.needsEscape($0) && $0 != "\n" }
        XCTAssertTrue(raw.isEmpty, "\(context): raw \(raw.map { String($0.value, radix: 16) }) in\n\(text)", file: file, line: line)
    }

    func testEveryFormatEscapesControlCharacters() throws {
        let session = try session()
        let results = try session.run("list `name\u{1B}[1m`\ncount by `name\u{1B}[1m`\nkm os by `name\u{1B}[1m`\nlogrank os by `name\u{1B}[1m`")
        for format in [OutputFormat.text, .csv, .markdown, .json] {
            let rendered = try results.map { try Renderer(format: format).render($0) }.joined()
            assertNoRawControls(rendered, "\(format)")
            XCTAssertTrue(rendered.contains("red\\u001b[31mtext"), "\(format): \(rendered)")
            XCTAssertTrue(rendered.contains("csi\\u009b1m") && rendered.contains("bidi\\u202ecba"), "\(format): \(rendered)")
        }
        // Line breaks and tabs keep today's forms: `\n` in text, raw inside quoted CSV.
        let breaks = try Session()
        try breaks.register(table: "b", columns: ["v"], rows: [[.text("a\nb\tc")]])
        let listed = try breaks.run("list v from b")
        XCTAssertTrue(try Renderer(format: .text).render(listed[0]).contains("a\\nb\\tc"))
        XCTAssertTrue(try Renderer(format: .csv).render(listed[0]).contains("\"a\nb\tc\""))
    }

    func testMessagesAndPlotsEscapeControlCharacters() throws {
        let session = try session()
        XCTAssertThrowsError(try session.run("fit cox os ~ factor(`name\u{1B}[1m`, ref = \"zz\u{1B}[5m\")")) { error in
            let rendered = (error as? SQError)?.rendered ?? ""
            self.assertNoRawControls(rendered, "error")
            XCTAssertTrue(rendered.contains("levels: "), rendered)
            // The caret sits under the column, its `~` as wide as the escaped name.
            let lines = rendered.components(separatedBy: "\n")
            XCTAssertGreaterThan(lines.count, 2, rendered)
            if lines.count > 2, let column = lines[1].range(of: "factor(")?.upperBound {
                XCTAssertEqual(lines[1].distance(from: lines[1].startIndex, to: column),
                               lines[2].distance(from: lines[2].startIndex, to: lines[2].firstIndex(of: "^") ?? lines[2].endIndex), rendered)
                XCTAssertEqual(lines[2].trimmingCharacters(in: .whitespaces).count, "`name\\u001b[1m`".count, rendered)
            }
        }
        let plot = try session.run("plot km os by `name\u{1B}[1m`")
        let text = try plot.map { try Renderer(format: .text).render($0) }.joined()
        XCTAssertFalse(text.contains("\u{1B}[31mtext") || text.contains("\u{1B}[2J") || text.contains("\u{9B}"), text)
        XCTAssertTrue(text.contains("red\\u001b[31mtext"), text)
        let directory = try temporaryDirectory()
        try session.run("plot km os by `name\u{1B}[1m` to \"\(directory)/km.svg\"")
        let svg = try String(contentsOfFile: directory + "/km.svg", encoding: .utf8)
        assertNoRawControls(svg, "svg")
        XCTAssertTrue(svg.contains("red\\u001b[31mtext"), svg)
    }

    func testEscaping() {
        XCTAssertEqual(ControlCharacters.escaped("plain é 🙂"), "plain é 🙂")
        XCTAssertEqual(ControlCharacters.escaped("a\r\nb\u{1B}c\u{0}"), "a\\nb\\u001bc\\u0000")
        XCTAssertEqual(ControlCharacters.escaped("a\nb\u{1B}", keeping: ["\n"]), "a\nb\\u001b")
    }
}
