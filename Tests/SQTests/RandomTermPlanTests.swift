import XCTest
@testable import SQ

/// Random terms parse in their general form; the planner fits `(1 | g)` and
/// refuses slopes and nested groups at the term's position.
final class RandomTermPlanTests: XCTestCase {
    func session() throws -> Session {
        let s = try Session()
        try s.run("""
            import "\(Repository.path("Tests/Fixtures/data/seedlike_cohort.csv"))" as treatments
            endpoint pfs = surv(pfs_months, progressed, unit = months)
            """)
        return s
    }

    func assertRefused(_ s: Session, _ source: String, _ message: String, at column: Int,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try s.run(source), source, file: file, line: line) { error in
            guard let error = error as? SQError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(error.message, message, file: file, line: line)
            XCTAssertEqual(error.column, column, source, file: file, line: line)
        }
    }

    func testSlopesAndNestedGroupsAreRefusedAtTheirSpan() throws {
        let s = try session()
        let slopes = "random slopes `(1 + x | g)` are not supported yet; SQ fits random intercepts `(1 | g)`"
        assertRefused(s, "fit cox pfs ~ margin + (1 + margin | patient_id)", slopes, at: 24)
        assertRefused(s, "fit cox pfs ~ margin + (margin | patient_id)", slopes, at: 24)
        assertRefused(s, "fit cox pfs ~ margin + (1 | treatment/patient_id)",
                      "nested random effects `(1 | g1/g2)` are not supported yet; SQ fits random intercepts `(1 | g)`",
                      at: 29)
    }

    func testARandomInterceptStillFits() throws {
        let s = try session()
        let result = try XCTUnwrap(s.run("fit cox pfs ~ margin + (1 | patient_id)").first)
        guard case .cox(let cox) = result.value, let random = cox.frailty else { return XCTFail("no random effect") }
        XCTAssertGreaterThan(random.variance, 0)
    }
}
