import Foundation
import XCTest
import SQRender
@testable import SQ

/// Issue 24 through the embedding API: clauses in any order run, `$param` stands
/// where a number does, a bare `check ph` says which model it tests, `schema t`
/// shows t's own endpoints and defines, and a `cluster()` model reports R's robust score test.
final class RHabitSessionTests: XCTestCase {
    let lung = Repository.path("Tests/Fixtures/data/lung.csv")
    let pm = Repository.path("samples/data/pm_cohort.csv")

    func lungSession(parameters: [String: String] = [:]) throws -> Session {
        var options = Session.Options()
        options.parameters = parameters
        let s = try Session(options: options)
        try s.run("import \"\(lung)\" as lung\nendpoint os = surv(time, status == 2, unit = days)")
        return s
    }

    func error(_ s: Session, _ source: String) -> SQError? {
        do { _ = try s.run(source); return nil } catch { return error as? SQError }
    }

    func testClausesInAnyOrderGiveTheSameAnswer() throws {
        let s = try lungSession()
        let a = try XCTUnwrap(s.run("km os with conf_type = log-log at 6mo by sex where age > 50").first?.km)
        let b = try XCTUnwrap(s.run("km os by sex at 6mo where age > 50 with conf_type = log-log").first?.km)
        XCTAssertEqual(a.confType, "log-log")
        XCTAssertEqual(a.strata.map(\.n), b.strata.map(\.n))
        XCTAssertEqual(a.strata.first?.at.first?.survival, b.strata.first?.at.first?.survival)
        XCTAssertNotNil(try s.run("logrank os by sex with strata = inst where age > 40").first)
    }

    func testAParameterStandsWhereANumberDoes() throws {
        let s = try lungSession(parameters: ["t": "365", "level": "0.9", "n": "3", "span": "1y"])
        let km = try XCTUnwrap(s.run("km os at $t, $span with conf = $level").first?.km)
        XCTAssertEqual(km.conf, 0.9)
        XCTAssertEqual(km.strata[0].at.map(\.time), [365, 365.25])
        XCTAssertEqual(km.strata[0].at.first?.label, "365", "labelled by the value, not `$t`")
        XCTAssertEqual(try s.run("list age limit $n").first?.table?.rows.count, 3)
        XCTAssertEqual(error(s, "km os at $missing")?.message, "no value for parameter `$missing`")
    }

    func testABareCheckPHNamesItsModelAndRefusesAfterEach() throws {
        let s = try lungSession()
        try s.run("fit cox os ~ age + sex")
        let zph = try XCTUnwrap(s.run("check ph").first?.zph)
        XCTAssertEqual(zph.model, "the last Cox model, os ~ age + sex")
        try s.run("each os ~ age, sex")
        let refused = try XCTUnwrap(error(s, "check ph"))
        XCTAssertEqual(refused.message, "the last result (`each`) holds several models; `check ph` needs one")
        try s.run("let m = fit cox os ~ age")
        XCTAssertEqual(try s.run("check ph m").first?.zph?.model, "m")
        XCTAssertEqual(try s.run("check ph").first?.zph?.model, "the last Cox model, os ~ age")
    }

    func testSchemaShowsOnlyTheTablesOwnEndpointsAndDefines() throws {
        let s = try Session()
        try s.run("""
            import "\(pm)" as pm
            endpoint dfs = surv(dfs_months, relapse, unit = months)
            define big = maxdiam_cm > 2
            import "\(lung)" as lung
            endpoint os = surv(time, status == 2)
            define karno = `ph.karno` / 10
            define fit_old = karno > 8 and age > 60
            """)
        func names(_ table: String) throws -> [String] {
            try XCTUnwrap(s.run("schema \(table)").first?.table).rows.compactMap { row in
                guard case .text(let kind) = row[2], kind != "column", case .text(let name) = row[0] else { return nil }
                return name
            }
        }
        XCTAssertEqual(try names("pm"), ["big", "dfs"])
        XCTAssertEqual(try names("lung"), ["karno", "fit_old", "os"])
        try s.run("define old = age > 60")
        XCTAssertEqual(try names("pm"), ["big", "old", "dfs"], "a define on columns both tables have belongs to both")
    }

    func testAClusteredModelReportsTheRobustScoreTestAndRsNote() throws {
        let reference = try loadReference("cox_cgd_expected.txt")
        let s = try Session()
        try s.run("import \"\(Repository.path("Tests/Fixtures/R/cox_cgd_input.csv"))\" as cgd\nendpoint ev = surv(start, time, status)")
        let result = try XCTUnwrap(s.run("fit cox ev ~ x1 + x2 + x3 + x4 + cluster(cluster)").first)
        let cox = try XCTUnwrap(result.cox)
        assertClose(cox.tests.robustScore?.statistic, reference, "robust_score")
        assertClose(cox.tests.robustScore?.p, reference, "robust_score_p")
        let text = try Renderer(format: .text).render(result)
        XCTAssertTrue(text.contains("robust score 11.98 on 4 df"), text)
        XCTAssertTrue(text.contains("The likelihood ratio and score tests assume independence of observations within a cluster"), text)
        let plain = try XCTUnwrap(s.run("fit cox ev ~ x1 + x2").first?.cox)
        XCTAssertNil(plain.tests.robustScore)
    }
}
