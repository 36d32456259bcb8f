import Foundation
import XCTest
@testable import SQ
@testable import SQRender

/// `cutpoint`, `interaction`, `subgroups` and their plots: the JSON contract,
/// the other output formats, and errors that point at what is wrong.
final class EffectModificationBehaviourTests: XCTestCase {
    var session: Session!

    override func setUpWithError() throws {
        session = try Session()
        try session.run("""
            import "\(Repository.path("samples/data/pm_cohort.csv"))" as pm
            endpoint os = surv(os_months, dead, unit = months)
            define age60 = age > 60
            define lesions4 = lesions >= 4
            define maxdiam2 = maxdiam_cm > 2
            """)
    }

    override func tearDown() {
        session = nil
        super.tearDown()
    }

    func tree(_ statement: String) throws -> JSONTree {
        try ResultDocument.tree(try XCTUnwrap(session.run(statement).last))
    }

    /// The error a statement raises, with its 1-based column.
    func error(_ statement: String) -> SQError? {
        do {
            _ = try session.run(statement)
            XCTFail("`\(statement)` ran")
        } catch let error as SQError {
            return error
        } catch {
            XCTFail("\(error)")
        }
        return nil
    }

    func testJSONKindsAndFields() throws {
        let maxstat = try tree("cutpoint os ~ maxdiam_cm")
        XCTAssertEqual(maxstat["kind"], .string("cutpoint"))
        XCTAssertEqual(maxstat["method"], .string("maxstat"))
        XCTAssertEqual(maxstat["p_adjusted"], .bool(true))
        XCTAssertEqual(maxstat["n_dropped"], .integer(3))
        for key in ["cutoff", "statistic", "p", "candidates", "n_below", "n_above", "scan"] { XCTAssertNotNil(maxstat[key], key) }
        guard case .array(let scan) = maxstat["scan"] else { return XCTFail("no scan") }
        XCTAssertEqual(maxstat["candidates"], .integer(Int64(scan.count)))
        XCTAssertEqual(scan.first?["p"], .null, "maxstat gives a p for the maximum only")

        let interaction = try tree("cutpoint os ~ maxdiam_cm by systemic adjust ~ age + sex")
        XCTAssertEqual(interaction["method"], .string("interaction"))
        XCTAssertEqual(interaction["p_adjusted"], .bool(false))
        XCTAssertEqual(interaction["treatment"], .string("systemic"))
        XCTAssertEqual(interaction["adjust"], .array([.string("age"), .string("sex")]))
        XCTAssertNotNil(interaction["interaction"]?["hr"])

        let test = try tree("interaction os ~ systemic * (age60, factor(histotype))")
        XCTAssertEqual(test["kind"], .string("interaction"))
        guard case .array(let factors) = test["factors"] else { return XCTFail("no factors") }
        XCTAssertEqual(factors.map { $0["factor"] }, [.string("age60"), .string("histotype")])
        XCTAssertEqual(factors[1]["wald"]?["df"], .integer(2))
        XCTAssertEqual(factors[1]["lr"]?["df"], .integer(2))

        let subgroups = try tree("subgroups os ~ systemic by lesions4 * maxdiam2")
        XCTAssertEqual(subgroups["kind"], .string("subgroups"))
        XCTAssertEqual(subgroups["crossed"], .bool(true))
        guard case .array(let blocks) = subgroups["blocks"], case .array(let rows) = blocks[0]["rows"] else { return XCTFail("no rows") }
        XCTAssertEqual(rows.count, 4)
        for key in ["levels", "n_treated", "n_control", "events", "hr", "lower", "upper", "p", "note"] { XCTAssertNotNil(rows[0][key], key) }
    }

    func testCountsAddUpAndEmptySubgroupsAreRows() throws {
        let results = try session.run("subgroups os ~ systemic by lesions4 * maxdiam2 * age60")
        guard case .subgroups(let r) = try XCTUnwrap(results.first).value else { return XCTFail("not subgroups") }
        let rows = try XCTUnwrap(r.blocks.first?.rows)
        XCTAssertEqual(rows.count, 8)
        XCTAssertEqual(rows.map { $0.nTreated + $0.nControl }.reduce(0, +), r.n)
        XCTAssertEqual(rows.last?.note, "no patients")
        XCTAssertTrue(rows.contains { $0.note == "one arm only" })
        XCTAssertTrue(rows.allSatisfy { ($0.hazardRatio == nil) == ($0.note != nil && $0.note != "coefficient may be infinite") })
    }

    func testTextCSVAndMarkdown() throws {
        let result = try XCTUnwrap(session.run("subgroups os ~ systemic by lesions4, maxdiam2").first)
        let text = try Renderer(format: .text).render(result)
        XCTAssertTrue(text.contains("p for interaction"), text)
        XCTAssertTrue(text.contains("n systemic 1 / 0"), text)
        let csv = try Renderer(format: .csv).render(result)
        // CSV carries the JSON fields, one row per subgroup.
        XCTAssertTrue(csv.contains("blocks.rows.n_treated,blocks.rows.n_control,blocks.rows.events"), csv)
        XCTAssertEqual(csv.split(separator: "\n").filter { $0.hasPrefix("subgroups.blocks.rows,") }.count, 4, csv)
        let markdown = try Renderer(format: .markdown).render(result)
        XCTAssertTrue(markdown.contains("| subgroup |"), markdown)

        let scan = try XCTUnwrap(session.run("cutpoint os ~ maxdiam_cm").first)
        let scanCSV = try Renderer(format: .csv).render(scan)
        XCTAssertTrue(scanCSV.contains("scan.cutoff,scan.n_below,scan.statistic"), scanCSV)
        XCTAssertEqual(scanCSV.split(separator: "\n").filter { $0.hasPrefix("cutpoint.scan,") }.count, 17, scanCSV)
        XCTAssertTrue(try Renderer(format: .text).render(scan).contains("Lausen & Schumacher"))

        let interaction = try XCTUnwrap(session.run("interaction os ~ systemic * (factor(histotype))").first)
        let lines = try Renderer(format: .text).render(interaction).split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("histotype") && $0.contains("SyS vs LMS") })
        XCTAssertTrue(lines.contains { $0.contains("UPS vs LMS") })
    }

    func testPlotsWriteSVG() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try session.run("""
            let c = cutpoint os ~ maxdiam_cm
            plot cutpoint c to "\(directory)/scan.svg"
            let s = subgroups os ~ systemic by lesions4, maxdiam2
            plot forest s to "\(directory)/forest.svg"
            """)
        let scan = try String(contentsOfFile: "\(directory)/scan.svg", encoding: .utf8)
        XCTAssertTrue(scan.contains("class=\"chosen\""))
        XCTAssertTrue(scan.contains("cutoff 1.9"))
        XCTAssertEqual(scan.components(separatedBy: "class=\"candidate\"").count - 1, 17)
        let forest = try String(contentsOfFile: "\(directory)/forest.svg", encoding: .utf8)
        XCTAssertTrue(forest.contains("p for interaction"))
        XCTAssertTrue(forest.contains("lesions4"))
    }

    func testMisuseIsAnErrorAtTheRightPlace() {
        XCTAssertEqual(error("cutpoint os ~ histotype")?.column, 15)
        XCTAssertTrue(error("cutpoint os ~ histotype")?.message.contains("needs a number") ?? false)
        let levels = error("cutpoint os ~ maxdiam_cm by histotype")
        XCTAssertEqual(levels?.column, 29)
        XCTAssertTrue(levels?.message.contains("has 3") ?? false, levels?.message ?? "")
        XCTAssertEqual(error("subgroups os ~ histotype by sex")?.column, 16)
        XCTAssertEqual(error("cutpoint os ~ maxdiam_cm adjust ~ age")?.column, 35)
        XCTAssertEqual(error("interaction os ~ systemic * (systemic)")?.column, 30)
        XCTAssertEqual(error("cutpoint os ~ maxdiam_cm with minprop = 0.7")?.column, 41)
        XCTAssertTrue(error("plot cutpoint nothing to \"x.svg\"")?.message.contains("nothing is kept") ?? false)
        _ = try? session.run("let m = fit cox os ~ age")
        XCTAssertTrue(error("plot cutpoint m to \"x.svg\"")?.message.contains("is cox") ?? false)
    }
}
