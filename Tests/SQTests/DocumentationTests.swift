import Foundation
import XCTest
import SQSyntax
@testable import SQ

/// Every `sq` block in docs/ runs (blocks of one page share a session, in
/// order); every `sq-parse` block parses; the reference has a section for every
/// statement rule of Grammar/sq.ebnf.
final class DocumentationTests: XCTestCase {
    static let docs = Repository.root.appendingPathComponent("docs")

    static func blocks(_ text: String) -> [(language: String, code: String)] {
        var result: [(String, String)] = []
        var language: String?
        var code = ""
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if let current = language {
                    result.append((current, code))
                    language = nil
                } else {
                    language = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
                    code = ""
                }
            } else if language != nil {
                code += line + "\n"
            }
        }
        return result
    }

    func testEveryExampleRuns() throws {
        let pages = try FileManager.default.contentsOfDirectory(atPath: Self.docs.path).filter { $0.hasSuffix(".md") }
        XCTAssertGreaterThanOrEqual(pages.count, 4)
        var ran = 0
        for page in pages.sorted() {
            let text = try String(contentsOf: Self.docs.appendingPathComponent(page), encoding: .utf8)
            var options = Session.Options()
            options.baseDirectory = Repository.root.path
            let session = try Session(options: options)
            for (language, code) in Self.blocks(text) {
                switch language {
                case "sq":
                    XCTAssertNoThrow(try session.run(code, name: page), "\(page):\n\(code)")
                    ran += 1
                case "sq-parse":
                    XCTAssertEqual(Parser.parse(code).diagnostics.map(\.description), [], "\(page):\n\(code)")
                default:
                    break
                }
            }
        }
        XCTAssertGreaterThan(ran, 20)
    }

    func testTheReferenceCoversEveryStatementOfTheGrammar() throws {
        let grammar = try String(contentsOf: Repository.root.appendingPathComponent("Grammar/sq.ebnf"), encoding: .utf8)
        let reference = try String(contentsOf: Self.docs.appendingPathComponent("language.md"), encoding: .utf8)
        /// The right-hand side of `rule = ... ;`, split at `|`, keeping plain rule names.
        func alternatives(of rule: String) -> [String] {
            guard let line = grammar.components(separatedBy: "\n").firstIndex(where: {
                $0.hasPrefix(rule) && $0.dropFirst(rule.count).trimmingCharacters(in: .whitespaces).hasPrefix("=")
            }) else { return [] }
            let rest = grammar.components(separatedBy: "\n")[line...].joined(separator: "\n")
            guard let equals = rest.firstIndex(of: "="), let end = rest.firstIndex(of: ";") else { return [] }
            return rest[rest.index(after: equals)..<end].components(separatedBy: "|")
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty && !$0.contains("\"") && !$0.contains("_") }
        }
        let rules = alternatives(of: "statement") + alternatives(of: "analysis")
        XCTAssertGreaterThan(rules.count, 20)
        for rule in rules {
            XCTAssertTrue(reference.contains("\n### \(rule)\n"), "docs/language.md has no section for `\(rule)`")
        }
    }
}
