import Foundation
import XCTest
@testable import SQ

/// Issue 18 §15: `logrank os by lv` with 100,000 distinct values asked for
/// 80 GB (a k × k covariance) and `fit cox os ~ factor(lv)` grew to 24 GB (a
/// dense design with a column per level). Both are refused before allocating,
/// with the count and a hint.
final class ResourceLimitTests: XCTestCase {
    static let cohort: String = {
        let path = NSTemporaryDirectory() + "sq-levels-\(UUID().uuidString).csv"
        var text = "time,status,lv,lv900,a,b\n"
        for i in 0..<120_000 {
            text += "\(i % 997 + 1),\(i % 2),L\(i),g\(i % 900),a\(i % 40),b\(i % 30)\n"
        }
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    func session() throws -> Session {
        let session = try Session()
        try session.run("import \"\(Self.cohort)\" as t\nendpoint os = surv(time, status)")
        return session
    }

    func assertRefused(_ session: Session, _ source: String, _ message: String, hint: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try session.run(source), source, file: file, line: line) { error in
            guard let error = error as? SQError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(error.kind, .script, file: file, line: line)
            XCTAssertTrue(error.message.contains(message), "\(source): \(error.message)", file: file, line: line)
            XCTAssertTrue(error.hints.joined().contains(hint), "\(source): \(error.hints)", file: file, line: line)
        }
    }

    func testAGroupingOrFactorWithAValuePerRowIsRefused() throws {
        let session = try session()
        assertRefused(session, "logrank os by lv", "`logrank` by `lv` has 120,000 groups; it compares at most 1,000", hint: "cut it into a few groups")
        assertRefused(session, "fit cox os ~ factor(lv)", "`lv` has 120,000 levels; a factor in a model has at most 1,000", hint: "is not a factor")
        assertRefused(session, "fit cox os ~ lv", "has 120,000 levels", hint: "is not a factor")
        assertRefused(session, "each os ~ time, lv", "has 120,000 levels", hint: "is not a factor")
    }

    func testTheDesignIsCountedBeforeItIsBuilt() throws {
        let session = try session()
        // 40 × 30 levels: 1,170 interaction columns, more than a model may have.
        assertRefused(session, "fit cox os ~ a * b", "the model has more than 1,000 coefficients (`a:b` alone has", hint: "interaction")
        // 120,000 rows × 899 dummies: past the design-size limit.
        assertRefused(session, "fit cox os ~ lv900", "120,000 rows × 899 columns", hint: "fewer rows")
    }

    func testWithinTheLimitsAnalysesRun() throws {
        let session = try session()
        let logrank = try session.run("logrank os by a").first?.logrank
        XCTAssertEqual(logrank?.groups.count, 40)
        XCTAssertEqual(logrank?.df, 39)
        let cox = try session.run("fit cox os ~ a where time < 200").first?.cox
        XCTAssertEqual(cox?.terms.count, 39)
    }
}
