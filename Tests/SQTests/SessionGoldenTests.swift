import XCTest
@testable import SQ

/// End to end: SQ statements on R's lung data against R survival
/// (Tests/Fixtures/R/session_reference.R and its committed output).
final class SessionGoldenTests: XCTestCase {
    var session: Session!
    var reference: [String: Double] = [:]

    override func setUpWithError() throws {
        reference = try loadReference("session_reference.csv")
        session = try Session()
        try session.run("""
            import "\(Repository.path("samples/data/lung.csv"))" as lung
            endpoint os = surv(time, status == 2, unit = days)
            """)
    }

    /// swift-corelibs-xctest keeps every test case object until the process
    /// ends, and LeakSanitizer then counts what they hold: let the session go.
    override func tearDown() {
        session = nil
        super.tearDown()
    }

    func testKaplanMeierBySexMatchesSurvfit() throws {
        let km = try XCTUnwrap(session.run("km os by sex at 1y, 2y").first?.km)
        XCTAssertEqual(km.strata.map(\.label), ["sex=1", "sex=2"])
        for (i, stratum) in km.strata.enumerated() {
            let s = "km.sex\(i + 1)"
            assertClose(Double(stratum.n), reference, "\(s).n")
            assertClose(stratum.median, reference, "\(s).median", tolerance: 1e-9)
            assertClose(stratum.medianLower, reference, "\(s).median_lower")
            assertClose(stratum.medianUpper, reference, "\(s).median_upper")
            for (j, point) in stratum.at.enumerated() {
                assertClose(point.survival, reference, "\(s).t\(j + 1).surv", tolerance: 1e-9)
                assertClose(point.lower, reference, "\(s).t\(j + 1).lower")
                assertClose(point.upper, reference, "\(s).t\(j + 1).upper")
                assertClose(point.nRisk, reference, "\(s).t\(j + 1).n_risk")
            }
        }
    }

    func testLogRankMatchesSurvdiff() throws {
        let test = try XCTUnwrap(session.run("logrank os by sex").first?.logrank)
        assertClose(test.chiSquare, reference, "logrank.chisq", tolerance: 1e-9)
        assertClose(test.p, reference, "logrank.p")
        XCTAssertEqual(test.df, 1)
    }

    func testCoxWithMissingCovariateMatchesCoxph() throws {
        let cox = try XCTUnwrap(session.run("fit cox os ~ age + sex + `ph.ecog`").first?.cox)
        XCTAssertEqual(cox.terms.map(\.term), ["age", "sex", "ph.ecog"])
        for term in cox.terms {
            let k = "cox.\(term.term)"
            assertClose(term.coefficient, reference, "\(k).coef")
            assertClose(term.standardError, reference, "\(k).se")
            assertClose(term.p, reference, "\(k).p")
            assertClose(term.lower, reference, "\(k).lower")
            assertClose(term.upper, reference, "\(k).upper")
        }
        assertClose(Double(cox.n), reference, "cox.n")
        assertClose(Double(cox.events), reference, "cox.events")
        assertClose(Double(cox.nDropped), reference, "cox.n_dropped")
        assertClose(cox.logLikelihood[0], reference, "cox.loglik0")
        assertClose(cox.logLikelihood[1], reference, "cox.loglik1")
        assertClose(cox.tests.likelihoodRatio.statistic, reference, "cox.lr")
        assertClose(cox.tests.wald.statistic, reference, "cox.wald")
        assertClose(cox.tests.score.statistic, reference, "cox.score")
        assertClose(cox.concordance, reference, "cox.concordance")
    }

    /// `with concordance = false` skips Harrell's C (null, no note: it was asked)
    /// and leaves the fit as coxph's; `concordance = true` is the default's.
    func testCoxWithoutConcordance() throws {
        let result = try XCTUnwrap(session.run("fit cox os ~ age + sex + `ph.ecog` with concordance = false").first)
        let cox = try XCTUnwrap(result.cox)
        XCTAssertNil(cox.concordance)
        XCTAssertNil(cox.concordanceSE)
        XCTAssertEqual(result.statementWarnings, [])
        for term in cox.terms { assertClose(term.coefficient, reference, "cox.\(term.term).coef") }
        assertClose(cox.logLikelihood[1], reference, "cox.loglik1")
        let asked = try XCTUnwrap(session.run("fit cox os ~ age + sex + `ph.ecog` with concordance = true").first?.cox)
        assertClose(asked.concordance, reference, "cox.concordance")
        XCTAssertThrowsError(try session.run("fit cox os ~ age with concordance = 2"))
    }

    func testFactorWithChosenReferenceAndBreslowTies() throws {
        let cox = try XCTUnwrap(session.run("fit cox os ~ factor(`ph.ecog`, ref = 1) where `ph.ecog` < 3 with ties = breslow").first?.cox)
        XCTAssertEqual(cox.terms.map(\.level), ["0", "2"])
        XCTAssertEqual(cox.terms.map(\.reference), ["1", "1"])
        XCTAssertEqual(cox.ties, "breslow")
        assertClose(cox.term("ph.ecog", level: "0")?.coefficient, reference, "coxf.ecog0.coef")
        assertClose(cox.term("ph.ecog", level: "2")?.coefficient, reference, "coxf.ecog2.coef")
        assertClose(cox.term("ph.ecog", level: "2")?.standardError, reference, "coxf.ecog2.se")
    }

    func testFollowUpByReverseKaplanMeier() throws {
        let followup = try XCTUnwrap(session.run("followup os").first?.followup)
        assertClose(followup.median, reference, "followup.median")
        assertClose(followup.lower, reference, "followup.lower")
        assertClose(followup.upper, reference, "followup.upper")
    }

    func testCheckPHOnAKeptModel() throws {
        try session.run("let m = fit cox os ~ age + sex + `ph.ecog`")
        let zph = try XCTUnwrap(session.run("check ph m").first?.zph)
        assertClose(zph.terms.first { $0.term == "age" }?.chiSquare, reference, "zph.age.chisq")
        assertClose(zph.global.chiSquare, reference, "zph.global.chisq")
        assertClose(zph.global.p, reference, "zph.global.p")
    }
}
