import Foundation
import XCTest
import SQSyntax
@testable import SQ

/// `function` and `procedure`: inlining, results' lines, and diagnostics that
/// show the call and the definition.
final class ReuseTests: XCTestCase {
    func session(prelude: Bool = false) throws -> Session {
        var options = Session.Options()
        options.loadsPrelude = prelude
        options.baseDirectory = Repository.path("samples")
        let session = try Session(options: options)
        try session.run("""
            import "data/pm_cohort.csv" as pm
            endpoint dfs = surv(dfs_months, relapse, unit = months)
            """)
        return session
    }

    func count(_ session: Session, _ source: String) throws -> [[String]] {
        guard case .table(let table)? = try session.run(source).last?.value else { XCTFail("no table"); return [] }
        return table.rows.map { $0.map { "\($0)" } }
    }

    func testAFunctionIsInlinedWithItsArgumentsBound() throws {
        let s = try session()
        try s.run("""
            function ratio(a, b) = a / b
            function over(x, cut) = ratio(x, 1) > cut
            define big = over(maxdiam_cm, 2)
            define direct = maxdiam_cm > 2
            """)
        XCTAssertEqual(try count(s, "count by big"), try count(s, "count by direct"))
        XCTAssertEqual(try count(s, "count where over(age, 60)"), try count(s, "count where age > 60"))
    }

    func testAParameterShadowsAColumnButNotInsideADefine() throws {
        let s = try session()
        // `age` in the body is the parameter; in the define `old`, the column.
        try s.run("""
            define old = age > 60
            function same(age) = age
            function uses_define(age) = if(old, age, 0)
            """)
        XCTAssertEqual(try count(s, "count where same(lesions) > 3"), try count(s, "count where lesions > 3"))
        XCTAssertEqual(try count(s, "count where uses_define(1) = 1"), try count(s, "count where age > 60"))
    }

    func testArityIsAnErrorAtTheCallWithTheDefinitionAsAHint() throws {
        let s = try session()
        try s.run("function ratio(a, b) = a / b", name: "lib.sq")
        XCTAssertThrowsError(try s.run("define r = ratio(age)", name: "main.sq")) { error in
            let e = error as! SQError
            XCTAssertEqual(e.message, "`ratio` takes 2 arguments (ratio(a, b)), found 1")
            XCTAssertEqual(e.column, 12)
            XCTAssertTrue(e.hints.contains("`ratio` is defined at lib.sq:1: function ratio(a, b) = a / b"), "\(e.hints)")
        }
    }

    func testAnErrorInTheBodyIsShownAtTheCall() throws {
        let s = try session()
        try s.run("function bad(x) = x + agee")
        XCTAssertThrowsError(try s.run("count where bad(1) > 0")) { error in
            let e = error as! SQError
            XCTAssertTrue(e.message.hasPrefix("unknown column `agee`"), e.message)
            XCTAssertEqual(e.column, 13)
            XCTAssertTrue(e.hints.contains { $0.contains("`bad` is defined at") }, "\(e.hints)")
        }
    }

    func testAMisspelledFunctionSuggestsTheDefinedOne() throws {
        let s = try session(prelude: true)
        XCTAssertThrowsError(try s.run("define g = tfi_gruop(tfi_months)")) { error in
            let e = error as! SQError
            XCTAssertEqual(e.message, "unknown function `tfi_gruop`")
            XCTAssertEqual(e.hints, ["did you mean `tfi_group`?"])
        }
    }

    func testRecursionAndBuiltInNamesAreRefused() throws {
        let s = try session()
        try s.run("function f(x) = f(x) + 1")
        XCTAssertThrowsError(try s.run("count where f(1) > 0")) { error in
            XCTAssertTrue((error as! SQError).message.contains("calls itself"), "\(error)")
        }
        XCTAssertThrowsError(try s.run("function log(x) = x")) { error in
            XCTAssertEqual((error as! SQError).message, "`log` is a built-in function and cannot be redefined")
        }
    }

    func testDeepFunctionNestingIsAnErrorNotAStackOverflow() throws {
        let s = try session()
        var source = "function f0(x) = x + 1\n"
        for i in 1...40 { source += "function f\(i)(x) = f\(i - 1)(x) + 1\n" }
        try s.run(source)
        XCTAssertNoThrow(try s.run("count where f30(age) > 0"))
        XCTAssertThrowsError(try s.run("count where f40(age) > 0")) { error in
            XCTAssertTrue((error as! SQError).message.hasPrefix("functions nested more than 32 deep"), "\(error)")
        }
    }

    func testAProcedureRunsItsBodyWithTheArguments() throws {
        let s = try session()
        let results = try s.run("""
            define maxdiam2 = maxdiam_cm > 2
            procedure report(ep, group)
              km ep by group at 1y
              logrank ep by group
            end
            report(dfs, maxdiam2)
            """, name: "main.sq")
        XCTAssertEqual(results.map(\.value.kind), ["km", "logrank"])
        XCTAssertEqual(results.map(\.line), [3, 4])
        XCTAssertEqual(results.map(\.callLine), [6, 6])
        XCTAssertEqual(results.map(\.procedure), ["report", "report"])
        XCTAssertEqual(results[0].statement, "km dfs by maxdiam2 at 1y")
        let direct = try s.run("km dfs by maxdiam2 at 1y")[0]
        XCTAssertEqual(results[0].km?.strata.map(\.median), direct.km?.strata.map(\.median))
        XCTAssertNil(direct.callLine)
    }

    func testAnErrorInsideAProcedureShowsBothPlaces() throws {
        let s = try session()
        try s.run("""
            procedure report(ep, group)
              km ep by group
            end
            """, name: "lib.sq")
        XCTAssertThrowsError(try s.run("\nreport(dfs, maxdiam3)", name: "main.sq")) { error in
            let e = error as! SQError
            XCTAssertEqual(e.message, "unknown column `maxdiam3` in `pm`")
            XCTAssertEqual(e.line, 2)
            XCTAssertEqual(e.sourceLine, "  km dfs by maxdiam3")
            XCTAssertEqual(e.calls, [SQError.Call(procedure: "report", file: "main.sq", line: 2, column: 1)])
            XCTAssertTrue(e.rendered.hasPrefix("lib.sq:2:13: error: unknown column `maxdiam3`"), e.rendered)
            XCTAssertTrue(e.rendered.contains("main.sq:2:1: note: in this call of `report`\n  report(dfs, maxdiam3)\n  ^~~~"), e.rendered)
        }
    }

    func testArityNamesAndDepthOfCalls() throws {
        let s = try session()
        try s.run("procedure two(a, b)\n  count by a\nend", name: "lib.sq")
        XCTAssertThrowsError(try s.run("two(sex)")) { error in
            let e = error as! SQError
            XCTAssertEqual(e.message, "`two` takes 2 arguments (two(a, b)), found 1")
            XCTAssertTrue(e.hints.contains { $0.hasPrefix("`two` is defined at lib.sq:1") }, "\(e.hints)")
        }
        XCTAssertThrowsError(try s.run("tow(sex, age)")) { error in
            let e = error as! SQError
            XCTAssertEqual(e.message, "unknown procedure `tow`")
            XCTAssertEqual(e.hints, ["did you mean `two`?"])
        }
        try s.run("procedure loop(x)\n  loop(x)\nend")
        XCTAssertThrowsError(try s.run("loop(1)")) { error in
            let e = error as! SQError
            XCTAssertEqual(e.message, "procedure calls nested more than 32 deep, at `loop`")
            XCTAssertEqual(e.calls.count, 32)
            XCTAssertEqual(e.rendered.components(separatedBy: "note: in this call").count, 3, "a recursive call is shown once, then the outer call")
        }
    }

    func testProcedureSyntax() {
        XCTAssertTrue(Parser.parse("procedure p(a)\n  km a\n").isIncomplete, "no `end` yet: the REPL reads on")
        let nested = Parser.parse("procedure p(a)\n  procedure q(b)\n  end\nend")
        XCTAssertEqual(nested.diagnostics.first?.message, "a procedure cannot be defined inside another (`p`)")
        let twice = Parser.parse("function f(a, a) = a")
        XCTAssertEqual(twice.diagnostics.first?.message, "parameter `a` is named twice")
        XCTAssertEqual(twice.diagnostics.first?.span.column, 15)
        let body = Parser.parse("procedure p(a)\n  km a by\nend")
        XCTAssertEqual(body.diagnostics.first?.span.line, 2, "a syntax error in the body shows where it is written")
    }

    func testCheckRunsThroughProcedures() throws {
        let s = try session()
        try s.run("procedure p(g)\n  km dfs by g\nend")
        XCTAssertNil(s.check("p(sex)"))
        XCTAssertEqual(s.check("p(sexx)")?.message, "unknown column `sexx` in `pm`")
    }
}
