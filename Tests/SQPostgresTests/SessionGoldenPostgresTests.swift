import SQ
import XCTest

/// The SQLite golden tests' statements (Tests/SQTests/SessionGoldenTests.swift)
/// through a Session on PostgreSQL: R's lung data loaded into the test server,
/// every result against R survival (Tests/Fixtures/R/session_reference.R, to
/// 1e-6 as there) and against the SQLite session on the same rows (1e-9).
final class SessionGoldenPostgresTests: XCTestCase {
    var postgres: Session!
    var sqlite: Session!
    var reference: [String: Double] = [:]

    override func setUpWithError() throws {
        reference = try SessionFixture.reference("session_reference.csv")
        try SessionFixture.load("samples/data/lung.csv", as: "pg_lung", sharded: true)
        postgres = try SessionFixture.postgresSession()
        try postgres.run("""
            use pg_lung
            endpoint os = surv(time, status == 2, unit = days)
            """)
        sqlite = try Session()
        try sqlite.run("""
            import "\(SessionFixture.path("samples/data/lung.csv"))" as lung
            endpoint os = surv(time, status == 2, unit = days)
            """)
    }

    override func tearDown() {
        postgres = nil
        sqlite = nil
        super.tearDown()
    }

    /// The statement's result on PostgreSQL, checked equal to SQLite's.
    func both(_ statement: String) throws -> StatementResult {
        let onPostgres = try XCTUnwrap(postgres.run(statement).last)
        try assertSameResult(onPostgres, sqlite.run(statement).last)
        return onPostgres
    }

    func testKaplanMeierBySexMatchesSurvfit() throws {
        guard case .km(let km) = try both("km os by sex at 1y, 2y").value else { return XCTFail("not a km result") }
        XCTAssertEqual(km.strata.map(\.label), ["sex=1", "sex=2"])
        for (i, stratum) in km.strata.enumerated() {
            let s = "km.sex\(i + 1)"
            assertMatchesR(Double(stratum.n), reference, "\(s).n")
            assertMatchesR(stratum.median, reference, "\(s).median", tolerance: 1e-9)
            assertMatchesR(stratum.medianLower, reference, "\(s).median_lower")
            assertMatchesR(stratum.medianUpper, reference, "\(s).median_upper")
            for (j, point) in stratum.at.enumerated() {
                assertMatchesR(point.survival, reference, "\(s).t\(j + 1).surv", tolerance: 1e-9)
                assertMatchesR(point.lower, reference, "\(s).t\(j + 1).lower")
                assertMatchesR(point.upper, reference, "\(s).t\(j + 1).upper")
                assertMatchesR(point.nRisk, reference, "\(s).t\(j + 1).n_risk")
            }
        }
    }

    func testLogRankMatchesSurvdiff() throws {
        guard case .logrank(let test) = try both("logrank os by sex").value else { return XCTFail("not a log-rank result") }
        assertMatchesR(test.chiSquare, reference, "logrank.chisq", tolerance: 1e-9)
        assertMatchesR(test.p, reference, "logrank.p")
        XCTAssertEqual(test.df, 1)
    }

    func testCoxWithMissingCovariateMatchesCoxph() throws {
        guard case .cox(let cox) = try both("fit cox os ~ age + sex + `ph.ecog` with concordance = true").value else { return XCTFail("not a Cox result") }
        XCTAssertEqual(cox.terms.map(\.term), ["age", "sex", "ph.ecog"])
        for term in cox.terms {
            let k = "cox.\(term.term)"
            assertMatchesR(term.coefficient, reference, "\(k).coef")
            assertMatchesR(term.standardError, reference, "\(k).se")
            assertMatchesR(term.p, reference, "\(k).p")
        }
        assertMatchesR(Double(cox.n), reference, "cox.n")
        assertMatchesR(Double(cox.events), reference, "cox.events")
        assertMatchesR(Double(cox.nDropped), reference, "cox.n_dropped")
        assertMatchesR(cox.logLikelihood[1], reference, "cox.loglik1")
        assertMatchesR(cox.tests.likelihoodRatio.statistic, reference, "cox.lr")
        assertMatchesR(cox.tests.score.statistic, reference, "cox.score")
        assertMatchesR(cox.concordance, reference, "cox.concordance")
    }

    func testFactorWithChosenReferenceAndBreslowTies() throws {
        guard case .cox(let cox) = try both("fit cox os ~ factor(`ph.ecog`, ref = 1) where `ph.ecog` < 3 with ties = breslow, concordance = true").value else {
            return XCTFail("not a Cox result")
        }
        XCTAssertEqual(cox.terms.map(\.level), ["0", "2"])
        assertMatchesR(cox.term("ph.ecog", level: "0")?.coefficient, reference, "coxf.ecog0.coef")
        assertMatchesR(cox.term("ph.ecog", level: "2")?.coefficient, reference, "coxf.ecog2.coef")
        assertMatchesR(cox.term("ph.ecog", level: "2")?.standardError, reference, "coxf.ecog2.se")
    }

    func testFollowUpByReverseKaplanMeier() throws {
        guard case .followup(let followup) = try both("followup os").value else { return XCTFail("not a follow-up result") }
        assertMatchesR(followup.median, reference, "followup.median")
        assertMatchesR(followup.lower, reference, "followup.lower")
        assertMatchesR(followup.upper, reference, "followup.upper")
    }

    func testCheckPHOnAKeptModel() throws {
        try postgres.run("let m = fit cox os ~ age + sex + `ph.ecog` with concordance = true")
        try sqlite.run("let m = fit cox os ~ age + sex + `ph.ecog` with concordance = true")
        guard case .zph(let zph) = try both("check ph m").value else { return XCTFail("not a check ph result") }
        assertMatchesR(zph.terms.first { $0.term == "age" }?.chiSquare, reference, "zph.age.chisq")
        assertMatchesR(zph.global.chiSquare, reference, "zph.global.chisq")
        assertMatchesR(zph.global.p, reference, "zph.global.p")
    }

    /// Booleans, integer division, `log`, `if`, `coalesce`, `min`/`max` and
    /// `round` in defines and filters mean on PostgreSQL what they mean on SQLite.
    func testExpressionsMeanTheSameOnBothEngines() throws {
        let script = """
            define old = age > 65
            define ecog = coalesce(`ph.ecog`, 1)
            define heavy = if(`wt.loss` is null, 0, min(`wt.loss`, 20) / 7)
            """
        try postgres.run(script)
        try sqlite.run(script)
        _ = try both("fit cox os ~ old + log(age) + ecog + heavy + round(age / 7, 1) with concordance = true")
        _ = try both("km os by old where sex == 1 and old == true at 1y")
        _ = try both("count by ecog where not (sex = 2) and max(age, 70) = 70")
    }

    /// A number used as a condition means "not zero" on both engines (PostgreSQL
    /// asks for a boolean; `where female` is `female <> 0` there), NULL leaving the row out.
    func testANumberAsAConditionMeansNotZeroOnBothEngines() throws {
        let script = """
            define female = sex - 1
            define weight_lost = `wt.loss`
            """
        try postgres.run(script)
        try sqlite.run(script)
        guard case .table(let count) = try both("count where female").value else { return XCTFail("not a count") }
        XCTAssertEqual(count.rows.first?.first, .number(90), "lung has 90 women")
        _ = try both("km os where female and age > 60 at 1y")
        _ = try both("count where not female or weight_lost")
        _ = try both("fit cox os ~ age + if(female, 1, 0) where weight_lost with concordance = true")
    }

    /// The analyses that fetch rows (no pushdown) agree with SQLite too.
    func testOtherAnalysesAgreeWithSQLite() throws {
        _ = try both("describe age, sex, `ph.ecog` by sex")
        _ = try both("each os ~ age, sex, `ph.karno`")
        _ = try both("fit cox os ~ age + factor(sex) + strata(inst) with ties = breslow, concordance = true")
        _ = try both("cutpoint os ~ age")
    }
}
