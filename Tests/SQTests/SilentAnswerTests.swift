import XCTest
@testable import SQ

/// Regressions for answers that used to be wrong without a word (issue 18):
/// each test fails on the code before its fix.
final class SilentAnswerTests: XCTestCase {
    let cgd = Repository.path("Tests/Fixtures/data/cgd.csv")
    let lung = Repository.path("Tests/Fixtures/data/lung.csv")
    let veteran = Repository.path("Tests/Fixtures/data/veteran.csv")

    func errorMessage(_ session: Session, _ script: String) -> SQError? {
        do { _ = try session.run(script); return nil } catch { return error as? SQError }
    }

    func testEveryImportMakesItsTableCurrent() throws {
        let s = try Session()
        let first = try s.run("import \"\(lung)\" as lung")
        XCTAssertTrue(first.first?.warnings.isEmpty ?? false)
        let second = try s.run("import \"\(veteran)\" as vet")
        guard case .info(let info) = second.first?.value else { return XCTFail("no import message") }
        XCTAssertTrue(info.message.hasSuffix("now in use"), info.message)
        let km = try XCTUnwrap(s.run("endpoint e = surv(time, status)\nkm e").first?.km)
        XCTAssertEqual(km.strata.first?.n, 137, "the second import's table (veteran) is analysed")
    }

    func testLevelsSortAsRDoes() throws {
        let expected = try String(contentsOfFile: Repository.path("Tests/Fixtures/R/collation_expected.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            XCTAssertEqual(expected.shuffled(using: &generator).sorted(by: LevelCollation.precedes), expected)
        }
    }

    func testDefaultReferenceIsRs() throws {
        let reference = try String(contentsOfFile: Repository.path("Tests/Fixtures/R/levels_cgd_expected.txt"), encoding: .utf8)
        var values: [String: String] = [:]
        for line in reference.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",", maxSplits: 1).map(String.init)
            values[parts[0]] = parts[1]
        }
        let s = try Session()
        try s.run("import \"\(cgd)\" as cgd\nendpoint ev = surv(tstart, tstop, status)")
        let cox = try XCTUnwrap(s.run("fit cox ev ~ inherit + sex").first?.cox)
        let inherit = try XCTUnwrap(cox.terms.first { $0.term == "inherit" })
        XCTAssertEqual(inherit.level, "X-linked")
        XCTAssertEqual(inherit.reference, "autosomal")
        XCTAssertEqual(values["levels.inherit"], "autosomal|X-linked")
        let rCoef = try XCTUnwrap(Double(values["coef.inheritX-linked"] ?? ""))
        XCTAssertEqual(try XCTUnwrap(inherit.coefficient), rCoef, accuracy: 1e-8 * abs(rCoef))
        let sex = try XCTUnwrap(cox.terms.first { $0.term == "sex" })
        XCTAssertEqual(sex.level, "male")
        let rSex = try XCTUnwrap(Double(values["coef.sexmale"] ?? ""))
        XCTAssertEqual(try XCTUnwrap(sex.coefficient), rSex, accuracy: 1e-8 * abs(rSex))
        let centers = try XCTUnwrap(s.run("count by center").first?.table)
        XCTAssertEqual(centers.rows.map { $0[0].description }.joined(separator: "|"), values["levels.center"])
    }
}
