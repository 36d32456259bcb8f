import Foundation
import XCTest
import SQSyntax
@testable import SQ

/// stdlib/prelude.sq: loaded by default, its embedded copy and its docs
/// generated from it (so they cannot drift), and every entry documented.
final class PreludeTests: XCTestCase {
    func testTheEmbeddedPreludeIsTheFile() throws {
        let file = try String(contentsOfFile: Repository.path("stdlib/prelude.sq"), encoding: .utf8)
        XCTAssertEqual(Prelude.source + "\n", file, "run scripts/gen-prelude.sh after editing stdlib/prelude.sq")
    }

    func testDocsStdlibIsGeneratedFromThePrelude() throws {
        let path = Repository.path("docs/stdlib.md")
        if ProcessInfo.processInfo.environment["SQ_REGENERATE_DOCS"] == "1" {
            try Prelude.markdown.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(committed, Prelude.markdown, "regenerate with SQ_REGENERATE_DOCS=1 swift test --filter PreludeTests")
    }

    func testEveryDefinitionHasAnEntryWithADescription() throws {
        let program = Parser.parse(Prelude.source)
        XCTAssertEqual(program.diagnostics.map(\.description), [])
        var names: [String] = []
        for statement in program.statements {
            switch statement.kind {
            case .function(let name, _, _): names.append(name.text)
            case .procedure(let definition): names.append(definition.name.text)
            default: XCTFail("the prelude only defines: \(statement.kind)")
            }
        }
        let entries = Prelude.entries
        XCTAssertEqual(entries.map { String($0.signature.prefix { $0 != "(" }) }, names)
        for entry in entries {
            XCTAssertFalse(entry.description.isEmpty, "\(entry.signature) has no comment line")
            XCTAssertTrue(Prelude.helpText.contains(entry.signature + " "), entry.signature)
            XCTAssertTrue(Prelude.markdown.contains("`\(entry.signature)`"), entry.signature)
        }
        XCTAssertTrue(entries.contains { $0.signature == "survival_report(ep, group, file)" && $0.kind == .procedure })
        XCTAssertTrue(entries.contains { $0.signature == "age_at(birth_date, on_date)" && $0.kind == .function })
    }

    func testASessionStartsWithThePreludeUnlessAskedNotTo() throws {
        let with = try Session()
        XCTAssertTrue(with.functionNames.contains("tfi_group"))
        XCTAssertTrue(with.procedureNames.contains("table2"))
        var options = Session.Options()
        options.loadsPrelude = false
        let without = try Session(options: options)
        XCTAssertEqual(without.functionNames, [])
        XCTAssertEqual(without.procedureNames, [])
        XCTAssertThrowsError(try without.run("table2(os, age)")) { error in
            XCTAssertEqual((error as! SQError).message, "unknown procedure `table2`")
        }
    }

    func testThePreludeFunctionsComputeWhatTheySay() throws {
        let s = try Session()
        let rows = try s.run("""
            import "\(Repository.path("samples/data/pm_cohort.csv"))" as pm
            define g = tfi_group(tfi_months)
            count by g
            """).last
        guard case .table(let table)? = rows?.value else { return XCTFail("no table") }
        XCTAssertEqual(table.rows.map { "\($0[0])" }, ["<12 mo", ">=12 mo"].map { "\(Value.text($0))" })
        let direct = try s.run("count where tfi_months >= 12").last
        guard case .table(let d)? = direct?.value else { return XCTFail("no table") }
        XCTAssertEqual("\(table.rows[1][1])", "\(d.rows[0][0])")
    }

    func testTable2PutsBothModelsInOneResult() throws {
        let s = try Session()
        let results = try s.run("""
            import "\(Repository.path("samples/data/pm_cohort.csv"))" as pm
            endpoint dfs = surv(dfs_months, relapse, unit = months)
            define size = size_group(maxdiam_cm)
            define tfi = tfi_group(tfi_months)
            table2(dfs, size + tfi)
            let joint = fit cox dfs ~ size + tfi
            """)
        guard case .each(let table) = results[results.count - 2].value, let joint = table.multivariable,
              case .cox(let direct) = results.last!.value else { return XCTFail("expected each + cox") }
        XCTAssertEqual(table.terms.map(\.term.term), ["size", "tfi"])
        XCTAssertEqual(joint.terms.map(\.hazardRatio), direct.terms.map(\.hazardRatio))
        XCTAssertEqual(results[results.count - 2].procedure, "table2")
    }
}
