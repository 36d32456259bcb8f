import Foundation
import XCTest
@testable import SQ

/// A kept Cox model holds its fit, not its design: `check ph` fetches the
/// model's rows again. The test it gives is the one it gave on the rows
/// fitted, whatever ran in between; rows that changed since are refused.
final class KeptModelTests: XCTestCase {
    /// 60 rows: time, status (0/1), a numeric and a three-level covariate.
    func rows(bump: Int? = nil) -> String {
        var csv = "time,status,x,g\n"
        for i in 0..<60 {
            let time = 5 + (i * 37) % 101 + (i == bump ? 3 : 0)
            csv += "\(time),\(i % 3 == 0 ? 0 : 1),\(Double((i * 13) % 17) / 4),\(["a", "b", "c"][(i * 7) % 3])\n"
        }
        return csv
    }

    func session(_ dir: String) throws -> Session {
        try rows().write(toFile: dir + "/t.csv", atomically: true, encoding: .utf8)
        let s = try Session()
        try s.run("""
            import "\(dir)/t.csv" as t
            endpoint os = surv(time, status)
            define gx = factor(g, ref = "b")
            """)
        return s
    }

    func testTheTestOfAKeptModelIsTheTestRightAfterItsFit() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let direct = try session(dir).run("fit cox os ~ x + gx\ncheck ph").last?.zph
        let s = try session(dir)
        try s.run("let m = fit cox os ~ x + gx")
        // The define is redefined, another table is in use and another model was fitted since.
        try s.run("""
            define gx = factor(g, ref = "a")
            import "\(dir)/t.csv" as u
            fit cox os ~ x
            """)
        let later = try s.run("check ph m").last?.zph
        XCTAssertNotNil(direct)
        XCTAssertEqual(later?.terms.map(\.term), ["x", "gx"])
        XCTAssertEqual(later?.terms.map(\.chiSquare), direct?.terms.map(\.chiSquare), "bit for bit")
        XCTAssertEqual(later?.terms.map(\.df), [1, 2])
        XCTAssertEqual(later?.global.chiSquare, direct?.global.chiSquare)
        XCTAssertEqual(later?.global.p, direct?.global.p)
    }

    func testRowsChangedSinceTheFitAreRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try session(dir)
        try s.run("let m = fit cox os ~ x + gx")
        // Same number of rows, one time changed.
        try rows(bump: 10).write(toFile: dir + "/t2.csv", atomically: true, encoding: .utf8)
        try s.run("import \"\(dir)/t2.csv\" as t replace")
        XCTAssertThrowsError(try s.run("check ph m")) { error in
            let text = (error as? SQError)?.rendered ?? "\(error)"
            XCTAssertTrue(text.contains("the rows `m` was fitted on have changed since"), text)
            XCTAssertTrue(text.contains("fit the model again"), text)
        }
        try s.run("let m = fit cox os ~ x + gx")
        XCTAssertNotNil(try s.run("check ph m").last?.zph, "a model fitted again is tested")
    }
}
