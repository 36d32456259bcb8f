import Foundation
import XCTest
@testable import SQ
import SQRender

/// docs/results.md is the JSON contract: it has a section for every `kind` the
/// code produces (and none for a kind that is gone), an example of each that
/// runs, and a table row for every field those examples carry.
final class ResultsDocumentationTests: XCTestCase {
    static let page = Repository.root.appendingPathComponent("docs/results.md")

    /// The `kind` strings of `ResultValue.kind`, read from the source: the
    /// `return "..."` lines of every `var kind: String` switch under Sources/.
    func kindsInTheCode() throws -> Set<String> {
        var kinds: Set<String> = []
        let sources = Repository.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        let returned = try NSRegularExpression(pattern: #"return "([a-z_]+)""#)
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            guard let start = lines.firstIndex(where: { $0.contains("var kind: String {") }) else { continue }
            let indent = lines[start].prefix { $0 == " " }
            for line in lines[(start + 1)...] {
                if line == indent + "}" { break }
                let range = NSRange(line.startIndex..., in: line)
                for match in returned.matches(in: line, range: range) {
                    kinds.insert(String(line[Range(match.range(at: 1), in: line)!]))
                }
            }
        }
        return kinds
    }

    /// `### heading` → the section's text, up to the next `##` or `###` heading;
    /// the text before the first kind section is under "".
    func sections(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var current = ""
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("### ") { current = String(line.dropFirst(4)) }
            else if line.hasPrefix("## "), line != "## Every result" { current = line }
            result[current, default: ""] += line + "\n"
        }
        return result
    }

    /// The fields a section documents: the first cell of its table rows, `` | `name` | ``.
    func fields(_ section: String) -> Set<String> {
        Set(section.components(separatedBy: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `"), let end = line.dropFirst(3).firstIndex(of: "`") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
        })
    }

    func testEveryKindHasASectionAndEveryFieldARow() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let sections = sections(text)
        let kinds = try kindsInTheCode()
        XCTAssertGreaterThanOrEqual(kinds.count, 16, "the kind strings were not found in Sources/; update kindsInTheCode")
        for kind in kinds.sorted() {
            XCTAssertNotNil(sections[kind], "docs/results.md has no `### \(kind)` section")
        }
        let kindSections = Set(sections.keys).subtracting(["", "Shared shapes"]).filter { !$0.hasPrefix("## ") }
        XCTAssertEqual(kindSections.subtracting(kinds), [], "sections for kinds the code does not produce")

        // Fields every result may carry, and those of the shared shapes (a test, a Cox term).
        let common = fields(sections["", default: ""]).union(fields(sections["Shared shapes", default: ""]))
        // A field "shaped as a `cox` result" (each's multivariable model) takes that kind's fields.
        var shapedAs: [String: String] = [:]
        let shaped = try NSRegularExpression(pattern: #"^\| `([a-z_]+)` \|[^|]*\|[^|]*shaped as a `([a-z_]+)` result"#, options: .anchorsMatchLines)
        for match in shaped.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            shapedAs[String(text[Range(match.range(at: 1), in: text)!])] = String(text[Range(match.range(at: 2), in: text)!])
        }
        XCTAssertEqual(shapedAs["multivariable"], "cox")

        var options = Session.Options()
        options.baseDirectory = Repository.root.path
        let session = try Session(options: options)
        var seen: Set<String> = []
        for (language, code) in DocumentationTests.blocks(text) where language == "sq" {
            for result in try session.run(code, name: "results.md") {
                let kind = result.value.kind
                seen.insert(kind)
                let allowed = { (kind: String) in common.union(self.fields(sections[kind, default: ""])) }
                func check(_ tree: JSONTree, _ kind: String, _ path: String) {
                    switch tree {
                    case .object(let members):
                        for (key, value) in members {
                            XCTAssertTrue(allowed(kind).contains(key), "`\(kind)` result: field `\(path)\(key)` is not in docs/results.md")
                            // A stratum's `by` holds the data's column names, not fields.
                            if key == "by", case .object = value { continue }
                            check(value, shapedAs[key] ?? kind, path + key + ".")
                        }
                    case .array(let items):
                        for item in items { check(item, kind, path) }
                    default:
                        break
                    }
                }
                check(try ResultDocument.tree(result), kind, "")
            }
        }
        XCTAssertEqual(kinds.subtracting(seen), [], "kinds without an example in docs/results.md")
    }
}
