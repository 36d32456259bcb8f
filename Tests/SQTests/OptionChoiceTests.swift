import XCTest
import SQ

/// Word options are read into their types by the planner: an unknown word is an
/// error that lists the words and suggests the closest, never a silent default;
/// the statements that read no cohort check their options too.
final class OptionChoiceTests: XCTestCase {
    func session() throws -> Session {
        let session = try Session()
        try session.run("""
            import "\(Repository.path("samples/data/lung.csv"))" as lung
            endpoint os = surv(time, status == 2, unit = days)
            """)
        return session
    }

    func assertError(_ source: String, _ message: String, hint: String?, file: StaticString = #filePath, line: UInt = #line) throws {
        let session = try session()
        XCTAssertThrowsError(try session.run(source), source, file: file, line: line) { error in
            let diagnostic = (error as? SQError)?.diagnostics.first
            XCTAssertEqual(diagnostic?.message, message, file: file, line: line)
            if let hint {
                XCTAssertTrue(diagnostic?.hints.contains { $0.contains(hint) } == true, "\(String(describing: diagnostic?.hints))", file: file, line: line)
            }
        }
    }

    func testAMisspeltWordIsAnErrorWithTheClosestWord() throws {
        try assertError("fit cox os ~ age with ties = breslo", "`ties` must be one of efron, breslow", hint: "`breslow`")
        try assertError("km os with conf_type = loglg", "`conf_type` must be one of log, log-log, loglog, plain", hint: "`loglog`")
        try assertError("describe age with stats = median", "`stats` must be one of range, mean, iqr", hint: nil)
    }

    func testTheTypedOptionsKeepTheirAnswers() throws {
        let session = try session()
        let breslow = try XCTUnwrap(session.run("fit cox os ~ age with ties = breslow").first)
        guard case .cox(let cox) = breslow.value else { return XCTFail("not a Cox model") }
        XCTAssertEqual(cox.ties, "breslow")
        let km = try XCTUnwrap(session.run("km os with conf_type = loglog").first)
        guard case .km(let curves) = km.value else { return XCTFail("not km") }
        XCTAssertEqual(curves.confType, "log-log")
    }

    func testStatementsThatReadNoCohortCheckTheirOptions() throws {
        try assertError("let m = fit cox os ~ age\ncheck ph m with scale = km", "`check ph` has no option `scale`", hint: nil)
        try assertError("""
            cohort men = where sex = 1
            cohort women = where sex = 2
            pool survival os at 1y from men, women with methd = dl
            """, "`pool survival` has no option `methd`", hint: "`method`")
        try assertError("let c = cutpoint os ~ age\nplot cutpoint c to \"scan.svg\" with width = 800",
                        "`plot cutpoint` has no option `width`", hint: nil)
        try assertError("let m = fit cox os ~ age\nplot forest m to \"forest.svg\" with palete = lancet",
                        "`plot forest` has no option `palete`", hint: nil)
        try assertError("""
            cohort men = where sex = 1
            pool survival os at 1y from men with method = rem
            """, "`method` must be one of fe, fixed, dl, reml", hint: "`reml`")
    }
}
