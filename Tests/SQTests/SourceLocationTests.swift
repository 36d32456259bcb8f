import XCTest
@testable import SQ
import SQSyntax

/// Spans carry the id of the text they are in, so an error points at the file
/// where the faulty text was written, whichever file ran it.
final class SourceLocationTests: XCTestCase {
    func session() throws -> Session {
        let s = try Session()
        let rows: [[Value]] = (0..<20).map { (i: Int) -> [Value] in
            [.integer(Int64(i + 1)), .integer(Int64(i % 2)), .integer(Int64(40 + i))]
        }
        try s.register(table: "t", columns: ["time", "status", "age"], rows: rows)
        return s
    }

    func testAnErrorInAProcedureBodyIsReportedInTheProcedureFile() throws {
        let s = try session()
        try s.run("endpoint os = surv(time, status)\nprocedure survival_by(x)\n  km os by nosuch\nend", name: "lib/procs.sq")
        XCTAssertThrowsError(try s.run("use t\nsurvival_by(age)", name: "main.sq")) { error in
            guard let error = error as? SQError else { return XCTFail("\(error)") }
            XCTAssertTrue(error.rendered.hasPrefix("lib/procs.sq:3:12: error:"), error.rendered)
            XCTAssertEqual(error.sourceLine, "  km os by nosuch")
            XCTAssertEqual(error.calls.first?.file, "main.sq")
            XCTAssertEqual(error.calls.first?.line, 2)
        }
    }

    func testAnErrorInAFunctionBodyPointsAtTheCallAndNamesTheDefinition() throws {
        let s = try session()
        try s.run("use t\n\nfunction older(v) = v + stauts", name: "defs.sq")
        XCTAssertThrowsError(try s.run("define a = older(age)", name: "analysis.sq")) { error in
            guard let error = error as? SQError else { return XCTFail("\(error)") }
            XCTAssertTrue(error.rendered.hasPrefix("analysis.sq:1:12: error: unknown column `stauts`"), error.rendered)
            XCTAssertTrue(error.hints.contains("`older` is defined at defs.sq:3: function older(v) = v + stauts"), "\(error.hints)")
        }
    }

    func testADiagnosticAtAnotherFilesSpanIsRenderedInThatFile() throws {
        let s = try session()
        try s.run("use t\nendpoint os = surv(time, status)", name: "defs.sq")
        let defs = try XCTUnwrap(s.sources.values.first { $0.name == "defs.sq" })
        let span = try XCTUnwrap(defs.parse().statements.last?.span)
        let current = SourceFile(name: "other.sq", text: "km os")
        let statement = try XCTUnwrap(current.parse().statements.first)
        let error = s.sqError(Diagnostic.error("a problem", at: span), statement: statement, file: current)
        XCTAssertTrue(error.rendered.hasPrefix("defs.sq:2:1: error: a problem"), error.rendered)
        XCTAssertEqual(error.sourceLine, "endpoint os = surv(time, status)")
        // A file that defines nothing is not kept.
        try s.run("km os", name: "run.sq")
        XCTAssertFalse(s.sources.values.contains { $0.name == "run.sq" })
    }

    func testSpansCarryTheirSourceID() {
        let a = SourceFile(name: "a.sq", text: "km os by age")
        let b = SourceFile(name: "b.sq", text: "km os by age")
        XCTAssertNotEqual(a.id, b.id)
        let program = a.parse()
        XCTAssertEqual(program.statements.first?.span.source, a.id)
        let tokens = Lexer.tokenize(b.text, id: b.id).tokens
        XCTAssertTrue(tokens.allSatisfy { $0.span.source == b.id })
        XCTAssertEqual(tokens[0].span.merged(with: tokens[2].span).source, b.id)
        XCTAssertEqual(Parser.parse("km os").statements.first?.span.source, .unknown)
    }
}
