import XCTest
@testable import SQSyntax

final class LexerTests: XCTestCase {
    func kinds(_ source: String) -> [Token.Kind] {
        Lexer.tokenize(source).tokens.map(\.kind)
    }

    func testTokenKinds() {
        XCTAssertEqual(kinds("km os at 1y, 6mo, 30d, 2w where x >= 0.5e-1 and `flc.grp` != $site"), [
            .word("km", quoted: false), .word("os", quoted: false), .word("at", quoted: false),
            .duration(1, .years), .symbol(","), .duration(6, .months), .symbol(","), .duration(30, .days), .symbol(","),
            .duration(2, .weeks), .word("where", quoted: false), .word("x", quoted: false), .symbol(">="),
            .number(0.05, isInteger: false), .word("and", quoted: false), .word("flc.grp", quoted: true),
            .symbol("!="), .parameter("site"), .terminator, .end,
        ])
    }

    func testStringsAndEscapes() {
        XCTAssertEqual(kinds(#"define a = "say \"hi\"\n" + 'it\'s'"#).filter {
            if case .string = $0 { return true } else { return false }
        }, [.string("say \"hi\"\n"), .string("it's")])
    }

    func testCommentsAndTerminators() {
        let tokens = kinds("tables -- all tables\n# a comment line\n\nschema t; show m")
        XCTAssertEqual(tokens, [.word("tables", quoted: false), .terminator, .word("schema", quoted: false),
                                .word("t", quoted: false), .terminator, .word("show", quoted: false),
                                .word("m", quoted: false), .terminator, .end])
    }

    func testNewlinesContinueInsideParenthesesAndAfterOperators() {
        let tokens = kinds("fit cox os ~ age +\n  sex\nendpoint e = surv(a,\n b)")
        let terminators = tokens.filter { $0 == .terminator }.count
        XCTAssertEqual(terminators, 2)
    }

    func testSpansCountLinesAndCharacters() {
        let tokens = Lexer.tokenize("define a = \"é\" + b\n  km os").tokens
        let os = tokens.first { $0.kind == .word("os", quoted: false) }
        XCTAssertEqual(os?.span.line, 2)
        XCTAssertEqual(os?.span.column, 6)
        XCTAssertEqual(tokens[4].kind, .symbol("+"))
        XCTAssertEqual(tokens[4].span.column, 16, "columns count characters, not bytes")
        XCTAssertEqual(tokens[4].span.start, 16, "offsets count UTF-8 bytes")
    }

    func testBadInputGivesDiagnostics() {
        XCTAssertEqual(Lexer.tokenize("x = 12abc").diagnostics.count, 1)
        XCTAssertEqual(Lexer.tokenize("x = \"open").diagnostics.first?.isUnexpectedEnd, true)
        XCTAssertEqual(Lexer.tokenize("x = @").diagnostics.first?.message, "unexpected character `@`")
    }

    func testADottedNameAsksForBackquotesOnce() {
        let (tokens, diagnostics) = Lexer.tokenize("logrank os by ph.ecog where x > 1")
        XCTAssertEqual(diagnostics.count, 1, "one error, no cascade")
        XCTAssertEqual(diagnostics.first?.message, "a name with `.` is written in backquotes")
        XCTAssertEqual(diagnostics.first?.hints.first, "write `ph.ecog`")
        XCTAssertEqual(diagnostics.first?.span.column, 15)
        XCTAssertEqual(tokens[3].kind, .word("ph.ecog", quoted: true))
        XCTAssertEqual(tokens[4].kind, .word("where", quoted: false))
        XCTAssertEqual(Lexer.tokenize("x = 1.5").diagnostics.count, 0, "a decimal point is not a dotted name")
    }

    func testAMillionCharacterLineIsLinear() {
        let long = "count where x in (" + Array(repeating: "1", count: 200_000).joined(separator: ",") + ")"
        let program = Parser.parse(long)
        XCTAssertEqual(program.diagnostics.count, 0)
        XCTAssertEqual(program.statements.count, 1)
    }
}

/// A literal the lexer refuses still stands in its place, so the statement
/// keeps its shape and the next line is not read as its continuation.
final class LexerRecoveryTests: XCTestCase {
    func testABadLiteralIsReportedOnce() {
        for bad in ["1e400", "5xyz", "$"] {
            let program = Parser.parse("define z = \(bad)\nkm os\n")
            XCTAssertEqual(program.diagnostics.count, 1, "\(bad): \(program.diagnostics.map(\.message))")
            XCTAssertEqual(program.diagnostics.first?.span.line, 1)
        }
    }
}
