import Foundation
import XCTest
@testable import SQSyntax

/// Every example in Grammar/sq.ebnf, and every script under samples/ and
/// stdlib/, parses without error.
final class GrammarExampleTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testEveryGrammarExampleParses() throws {
        let grammar = try String(contentsOf: Self.root.appendingPathComponent("Grammar/sq.ebnf"), encoding: .utf8)
        let examples = grammar.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "(* example: ") else { return nil }
            return String(line[range.upperBound...].dropLast(3))
        }
        XCTAssertGreaterThan(examples.count, 40)
        for example in examples {
            let program = Parser.parse(example)
            XCTAssertEqual(program.diagnostics.map(\.description), [], example)
            XCTAssertEqual(program.statements.count, 1, example)
        }
    }

    func testEverySampleAndStdlibScriptParses() throws {
        var scripts: [URL] = []
        for folder in ["samples", "stdlib"] {
            let url = Self.root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
            scripts += files.filter { $0.pathExtension == "sq" }
        }
        XCTAssertFalse(scripts.isEmpty, "samples/quickstart.sq should exist")
        for script in scripts {
            let program = Parser.parse(try String(contentsOf: script, encoding: .utf8))
            XCTAssertEqual(program.diagnostics.map(\.description), [], script.lastPathComponent)
        }
    }
}
