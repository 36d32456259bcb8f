import XCTest
@testable import SQ

/// `cutpoint`, `interaction` and `subgroups` end to end on R's pbc, lung and
/// veteran against maxstat and survival (Tests/Fixtures/R/cutpoint_reference.R).
final class EffectModificationGoldenTests: XCTestCase {
    var session: Session!
    var reference: [String: Double] = [:]

    override func setUpWithError() throws {
        reference = try loadReference("cutpoint_expected.txt")
        session = try Session()
        try session.run("""
            import "\(Repository.path("Tests/Fixtures/data/lung.csv"))" as lung
            import "\(Repository.path("Tests/Fixtures/data/veteran.csv"))" as veteran
            import "\(Repository.path("Tests/Fixtures/data/pbc.csv"))" as pbc
            endpoint os = surv(time, status == 2, unit = days)
            endpoint vos = surv(time, status, unit = days)
            use pbc
            define age60 = age > 60
            """)
    }

    override func tearDown() {
        session = nil
        super.tearDown()
    }

    func run(_ statement: String) throws -> ResultValue {
        try XCTUnwrap(session.run(statement).last?.value)
    }

    func cutpoint(_ statement: String) throws -> CutpointResult {
        guard case .cutpoint(let r) = try run(statement) else { throw XCTSkip("not a cutpoint result") }
        return r
    }

    func testMaximallySelectedLogRankMatchesMaxstat() throws {
        let cases = [("pbc_bili", "cutpoint os ~ bili"), ("pbc_age", "cutpoint os ~ age"),
                     ("lung_age", "from lung cutpoint os ~ age"), ("lung_meal", "from lung cutpoint os ~ `meal.cal`"),
                     ("veteran_karno", "from veteran cutpoint vos ~ karno")]
        for (name, statement) in cases {
            let r = try cutpoint(statement)
            let k = "maxstat.\(name)"
            XCTAssertEqual(r.method, "maxstat")
            XCTAssertTrue(r.pAdjusted)
            assertClose(Double(r.n), reference, "\(k).n", tolerance: 0)
            assertClose(Double(r.candidates), reference, "\(k).candidates", tolerance: 0)
            assertClose(r.cutoff, reference, "\(k).cutoff", tolerance: 1e-12)
            assertClose(r.statistic, reference, "\(k).statistic", tolerance: 1e-9)
            assertClose(r.p, reference, "\(k).p", tolerance: 1e-9)
            assertClose(r.scan.first?.cutoff, reference, "\(k).first_cutoff", tolerance: 1e-12)
            assertClose(r.scan.last?.cutoff, reference, "\(k).last_cutoff", tolerance: 1e-12)
            XCTAssertEqual((r.nBelow ?? 0) + (r.nAbove ?? 0), r.n)
        }
        let bili = try cutpoint("cutpoint os ~ bili")
        for (i, row) in bili.scan.enumerated() {
            assertClose(row.statistic, reference, "maxstat.pbc_bili.scan.\(i + 1).statistic", tolerance: 1e-9)
        }
    }

    func testInteractionScanMatchesCoxphLoop() throws {
        let cases = [("pbc_bili_trt", "cutpoint os ~ bili by trt"),
                     ("pbc_bili_trt_adjusted", "cutpoint os ~ bili by trt adjust ~ age + sex"),
                     ("lung_age_sex_adjusted", "from lung cutpoint os ~ age by sex adjust ~ `ph.ecog`"),
                     ("pbc_bili_trt_stratified", "cutpoint os ~ bili by trt adjust ~ age + strata(edema)")]
        for (name, statement) in cases {
            let r = try cutpoint(statement)
            let k = "scan.\(name)"
            XCTAssertEqual(r.method, "interaction")
            XCTAssertFalse(r.pAdjusted)
            assertClose(Double(r.n), reference, "\(k).n", tolerance: 0)
            assertClose(Double(r.candidates), reference, "\(k).candidates", tolerance: 0)
            assertClose(r.cutoff, reference, "\(k).cutoff", tolerance: 1e-12)
            assertClose(r.p, reference, "\(k).p", tolerance: 1e-6)
            assertClose(r.scan.first?.cutoff, reference, "\(k).first_cutoff", tolerance: 1e-12)
            assertClose(r.scan.first?.p, reference, "\(k).first_p", tolerance: 1e-6)
            assertClose(r.scan.last?.cutoff, reference, "\(k).last_cutoff", tolerance: 1e-12)
            assertClose(r.scan.last?.p, reference, "\(k).last_p", tolerance: 1e-6)
            XCTAssertEqual(r.interaction?.p, r.p)
        }
    }

    func testInteractionWaldAndLikelihoodRatioMatchCoxph() throws {
        for adjust in ["", " adjust ~ bili"] {
            guard case .interaction(let r) = try run("interaction os ~ trt * (age60, factor(edema), sex)\(adjust)") else {
                return XCTFail("not an interaction result")
            }
            XCTAssertEqual(r.factors.map(\.factor), ["age60", "edema", "sex"])
            for (factor, name) in zip(r.factors, ["age60", "edema", "sex"]) {
                let k = "interaction.\(name)\(adjust.isEmpty ? "" : "_adjusted")"
                assertClose(Double(factor.n), reference, "\(k).n", tolerance: 0)
                assertClose(Double(factor.events), reference, "\(k).events", tolerance: 0)
                assertClose(Double(factor.wald.df), reference, "\(k).df", tolerance: 0)
                assertClose(factor.wald.statistic, reference, "\(k).wald", tolerance: 1e-6)
                assertClose(factor.wald.p, reference, "\(k).wald_p", tolerance: 1e-6)
                assertClose(factor.likelihoodRatio.statistic, reference, "\(k).lr", tolerance: 1e-6)
                assertClose(factor.likelihoodRatio.p, reference, "\(k).lr_p", tolerance: 1e-6)
                XCTAssertEqual(factor.terms.count, factor.wald.df)
                for (j, term) in factor.terms.enumerated() {
                    assertClose(term.hazardRatio, reference, "\(k).coef\(j + 1).hr", tolerance: 1e-6)
                    assertClose(term.lower, reference, "\(k).coef\(j + 1).lower", tolerance: 1e-6)
                    assertClose(term.upper, reference, "\(k).coef\(j + 1).upper", tolerance: 1e-6)
                    assertClose(term.p, reference, "\(k).coef\(j + 1).p", tolerance: 1e-6)
                }
            }
            XCTAssertEqual(r.factor("edema")?.terms.map(\.level), ["0.5", "1"])
        }
    }

    func checkSubgroup(_ row: SubgroupsResult.Row, _ k: String) {
        assertClose(Double(row.nTreated), reference, "\(k).n_treated", tolerance: 0)
        assertClose(Double(row.nControl), reference, "\(k).n_control", tolerance: 0)
        assertClose(Double(row.events), reference, "\(k).events", tolerance: 0)
        guard let infinite = reference["\(k).infinite"] else {
            XCTAssertNil(row.hazardRatio, k)
            XCTAssertNotNil(row.note, k)
            return
        }
        if infinite == 1 {
            XCTAssertEqual(row.note, "coefficient may be infinite", k)
            return
        }
        XCTAssertNil(row.note, k)
        for (value, key) in [(row.hazardRatio, "hr"), (row.lower, "lower"), (row.upper, "upper"), (row.p, "p")] {
            assertClose(value, reference, "\(k).\(key)", tolerance: 1e-6)
        }
    }

    func testCrossedSubgroupsMatchCoxphPerSubgroup() throws {
        guard case .subgroups(let r) = try run("subgroups os ~ trt by sex * age60 * factor(edema)") else {
            return XCTFail("not a subgroups result")
        }
        XCTAssertEqual(r.treated, "2")
        XCTAssertEqual(r.control, "1")
        let rows = try XCTUnwrap(r.blocks.first?.rows)
        assertClose(Double(rows.count), reference, "subgroups.crossed.count", tolerance: 0)
        for (i, row) in rows.enumerated() { checkSubgroup(row, "subgroups.crossed.\(i + 1)") }
        XCTAssertEqual(rows[7].note, "no patients")
        XCTAssertEqual(rows[8].note, "one arm only")
    }

    func testSubgroupBlocksWithTheirInteractionP() throws {
        guard case .subgroups(let r) = try run("subgroups os ~ trt by sex, age60") else {
            return XCTFail("not a subgroups result")
        }
        XCTAssertFalse(r.crossed)
        XCTAssertEqual(r.blocks.map(\.factor), ["sex", "age60"])
        for block in r.blocks {
            let name = block.factor ?? ""
            for (j, row) in block.rows.enumerated() { checkSubgroup(row, "subgroups.\(name).\(j + 1)") }
            assertClose(block.interactionP, reference, "subgroups.\(name).interaction_p", tolerance: 1e-6)
        }
    }
}
