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

/// Dates, expression depth and where an error is reported.
final class ExpressionSafetyTests: XCTestCase {
    let cgd = Repository.path("Tests/Fixtures/data/cgd.csv")
    let lung = Repository.path("Tests/Fixtures/data/lung.csv")

    func session() throws -> Session {
        let s = try Session()
        try s.run("import \"\(cgd)\" as cgd")
        return s
    }

    func error(_ s: Session, _ statement: String) -> SQError? {
        do { _ = try s.run(statement); return nil } catch { return error as? SQError }
    }

    func firstRow(_ s: Session, _ statement: String) throws -> [Value] {
        try XCTUnwrap(s.run(statement).first?.table?.rows.first)
    }

    func testDateArithmeticMeansDays() throws {
        let s = try session()
        // The first row's `random` is 1989-06-07: 157 days after 1989-01-01.
        let row = try firstRow(s, """
            define since = random - date("1989-01-01")
            define month_later = random + 30d
            define before = random - 1y
            list random, since, month_later, before, days(date("1989-01-01"), random) limit 1
            """)
        XCTAssertEqual(row[0], .text("1989-06-07"))
        XCTAssertEqual(row[1].doubleValue, 157)
        XCTAssertEqual(row[2], .text("1989-07-07"))
        XCTAssertEqual(row[3], .text("1988-06-06"), "1y is 365.25 days")
        XCTAssertEqual(row[4].doubleValue, 157)
        let later = try XCTUnwrap(s.run("count where random > date(\"1989-09-01\")").first?.table?.rows.first?.first?.doubleValue)
        XCTAssertGreaterThan(later, 0)
        XCTAssertLessThan(later, 203)
    }

    func testDateWithANumberIsAnErrorAtTheOperator() throws {
        let s = try session()
        let cases: [(String, String, String)] = [
            ("define x = random + 30", "+", "a date plus a number has no unit"),
            ("define x = random - 30", "-", "a date minus a number has no unit"),
            ("define x = random * 2", "*", "cannot be multiplied"),
            ("count where random > 1989", ">", "is a date and 1989 is a number"),
            ("count where random between 1 and 2", "1", "is a date and 1 is a number"),
            ("count where random in (1989, 1990)", "1989", "is a date and 1989 is a number"),
            ("count where random > \"1989\"", "\"1989\"", "not a date in the form YYYY-MM-DD"),
            ("define d = days(random, 30)", "30", "takes two dates"),
        ]
        for (statement, at, message) in cases {
            let e = try XCTUnwrap(error(s, statement), statement)
            XCTAssertTrue(e.message.contains(message), "\(statement): \(e.message)")
            let column = statement.distance(from: statement.startIndex, to: statement.range(of: at, range: statement.range(of: "random")!.upperBound..<statement.endIndex)!.lowerBound) + 1
            XCTAssertEqual(e.column, column, statement)
        }
        let hint = try XCTUnwrap(error(s, "define x = random + 30")).hints.joined(separator: " ")
        XCTAssertTrue(hint.contains("random + 30d") && hint.contains("days(a, b)"), hint)
    }

    func testFunctionsDoNotTakeADateForANumber() throws {
        let s = try session()
        for (statement, message) in [("define x = abs(random)", "`abs` takes numbers, and this is a date"),
                                     ("define x = min(random, 5)", "`min` takes numbers, and this is a date"),
                                     ("define x = coalesce(random, 0)", "`coalesce` mixes a date with a number here"),
                                     ("define x = if(age > 5, random, 0)", "`if` mixes a date with a number here")] {
            XCTAssertEqual(error(s, statement)?.message, message, statement)
        }
        let row = try firstRow(s, "list max(random, date(\"1989-09-01\")), coalesce(random, date(\"2000-01-01\")) limit 1")
        XCTAssertEqual(row, [.text("1989-09-01"), .text("1989-06-07")])
    }

    func testPrecedenceIsKeptWithoutRedundantParentheses() throws {
        let s = try session()
        // First row: age 12, height 147, weight 62.
        let row = try firstRow(s, """
            list age - (height - weight), age - height - weight, age * (height + weight), (age > 10 or age < 5) and weight > 100, not (age = 12), age / 5 / 2 limit 1
            """)
        XCTAssertEqual(row.map(\.doubleValue), [-73, -197, 2508, 0, 0, 1.2])
    }

    func testLongChainsAreAnsweredOrAClearLimit() throws {
        let s = try session()
        let sum = Array(repeating: "age", count: 800).joined(separator: " + ")
        XCTAssertEqual(try firstRow(s, "list \(sum) limit 1").first?.doubleValue, 800 * 12)
        let conditions = Array(repeating: "height > 0", count: 800).joined(separator: " and ")
        XCTAssertEqual(try firstRow(s, "count where \(conditions)").first?.doubleValue, 203)
        let tooLong = Array(repeating: "age", count: 10_000).joined(separator: " + ")
        for statement in ["define s = \(tooLong)", "count where \(tooLong) > 0"] {
            let e = try XCTUnwrap(error(s, statement))
            XCTAssertTrue(e.message.contains("too deep for SQLite"), e.message)
        }
        XCTAssertNotNil(s.check("import \"\(cgd)\" as cgd replace\ndefine s = \(tooLong)"))
    }

    func testSQLitesParserLimitIsSaidInSQsTerms() throws {
        let s = try session()
        let nested = String(repeating: "(age - ", count: 40) + "1" + String(repeating: ")", count: 40)
        let e = try XCTUnwrap(error(s, "count where \(nested) > 0"))
        XCTAssertEqual(e.message, "this statement's expressions nest too deeply for SQLite's parser (about 30 levels)")
        XCTAssertEqual(e.line, 1)
    }

    func testChainedDefinesAreLinearAndLimited() throws {
        let s = try session()
        var script = "define a0 = age\n"
        for i in 1..<300 { script += "define a\(i) = a\(i - 1) + 1\n" }
        let started = Date()
        try s.run(script)
        XCTAssertEqual(try firstRow(s, "list a299 limit 1").first?.doubleValue, 12 + 299)
        var more = ""
        for i in 300..<5_000 { more += "define a\(i) = a\(i - 1) + 1\n" }
        let e = try XCTUnwrap(error(s, more))
        XCTAssertTrue(e.message.contains("too deep for SQLite"), e.message)
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "expanding defines is not quadratic in the chain")
    }

    func testDefinesNamingEachOtherAreAnError() throws {
        let s = try session()
        try s.run("define b = height + 1\ndefine height = b * 2")
        let e = try XCTUnwrap(error(s, "list b limit 1"))
        XCTAssertTrue(e.message.contains("defined in terms of itself"), e.message)
        XCTAssertEqual(e.line, 1, "reported at the statement that failed")
    }

    func testAnErrorInAnEndpointIsReportedAtTheStatementThatFailed() throws {
        let s = try session()
        let script = """
            import "\(lung)" as lung
            use cgd
            define tall = height > 150
            endpoint vl = surv(tstop, status)
            km vl by tall from lung
            """
        let e = try XCTUnwrap(error(s, script))
        XCTAssertEqual(e.line, 5)
        XCTAssertEqual(e.column, 4)
        XCTAssertTrue(e.hints.contains { $0.contains("endpoint `vl` is defined at") && $0.contains(":4:") }, "\(e.hints)")
        let d = try XCTUnwrap(error(s, "km vl by tall from lung"))
        XCTAssertTrue(d.message.contains("tstop"), d.message)
    }
}

/// How a CSV's values are read: stray tokens, true/false events.
final class ImportReadingTests: XCTestCase {
    func write(_ text: String, _ name: String) throws -> String {
        let path = try temporaryDirectory() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testAStrayTokenInANumericColumnIsNamedWithTheFix() throws {
        let path = try write("time,status,x\n5,1,1\n6,0,.\n7,1,3\n8,1,unknown\n9,0,2\n10,1,1\n", "dot.csv")
        let s = try Session()
        let imported = try XCTUnwrap(s.run("import \"\(path)\" as dot").first)
        let warning = try XCTUnwrap(imported.warnings.first, "import warns")
        XCTAssertTrue(warning.contains("column `x`") && warning.contains("\".\" (1×)") && warning.contains("\"unknown\" (1×)")
                      && warning.contains("with na = \".\", \"unknown\""), warning)
        let cox = try XCTUnwrap(s.run("endpoint e = surv(time, status)\nfit cox e ~ x").first)
        XCTAssertTrue(cox.warnings.contains { $0.contains("`x` is text because of \".\", \"unknown\"") }, "\(cox.warnings)")

        let fixed = try XCTUnwrap(s.run("import \"\(path)\" as dot replace with na = \".\", \"unknown\"").first)
        XCTAssertTrue(fixed.warnings.isEmpty, "\(fixed.warnings)")
        let model = try XCTUnwrap(s.run("fit cox e ~ x").first?.cox)
        XCTAssertEqual(model.nDropped, 2)
        XCTAssertNil(model.terms.first?.level, "x is numeric once the strays are missing")
    }

    func testATextColumnIsNotMistakenForStrays() throws {
        let path = try write("time,status,histo\n5,1,LMS\n6,0,LPS\n7,1,3\n8,1,LMS\n9,0,UPS\n", "text.csv")
        let s = try Session()
        XCTAssertEqual(try s.run("import \"\(path)\" as t").first?.warnings, [])
    }

    func testTrueFalseEventsAreEvents() throws {
        let path = try write("time,ev,g\n5,true,a\n6,false,b\n7,TRUE,a\n8,True,b\n9,FALSE,a\n", "tf.csv")
        let s = try Session()
        try s.run("import \"\(path)\" as tf\nendpoint e = surv(time, ev)")
        let km = try XCTUnwrap(s.run("km e").first?.km)
        XCTAssertEqual(km.strata.first?.events, 3)
        let yesNo = try write("time,ev\n5,yes\n6,no\n7,yes\n", "yn.csv")
        try s.run("import \"\(yesNo)\" as yn\nendpoint y = surv(time, ev)")
        XCTAssertThrowsError(try s.run("km y")) { error in
            let e = error as? SQError
            XCTAssertEqual(e?.message, "the event of endpoint `y` is text, not 0/1 or true/false")
            XCTAssertTrue(e?.hints.first?.contains("ev == \"yes\"") ?? false, "\(e?.hints ?? [])")
        }
        XCTAssertEqual(try XCTUnwrap(s.run("endpoint y2 = surv(time, ev == \"yes\")\nkm y2").first?.km).strata.first?.events, 2)
    }
}

/// Dropped rows are reported by every analysis; extreme covariate scales
/// change nothing but the scale of the coefficient.
final class ReportingTests: XCTestCase {
    let lung = Repository.path("Tests/Fixtures/data/lung.csv")

    func testEveryAnalysisReportsItsDroppedRows() throws {
        let path = try temporaryDirectory() + "/dates.csv"
        try "id,start,stop,dead,g\n1,2020-01-01,2020-06-01,1,a\n2,2020-01-01,,0,b\n3,2020-02-01,2021-01-01,1,a\n4,2020-03-01,2020-09-01,0,b\n5,2020-03-01,2020-12-01,1,b\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let s = try Session()
        try s.run("import \"\(path)\" as d\nendpoint os = surv(from = start, to = stop, event = dead, unit = months)")
        for statement in ["km os", "km os by g", "logrank os by g", "followup os", "fit cox os ~ g", "each os ~ g"] {
            let result = try XCTUnwrap(s.run(statement).first, statement)
            XCTAssertTrue(result.warnings.contains { $0.hasSuffix("1 row with a missing value dropped") }, "\(statement): \(result.warnings)")
        }
    }

    func testHugeCovariatesKeepRsTests() throws {
        let reference = try loadReference("scale_lung_expected.txt")
        let s = try Session()
        try s.run("import \"\(lung)\" as lung\nendpoint os = surv(time, status == 2)")
        for power in [300.0, 160.0] {
            let result = try XCTUnwrap(s.run("define z = age * 1e\(Int(power))\nfit cox os ~ z").first)
            let cox = try XCTUnwrap(result.cox)
            let term = try XCTUnwrap(cox.terms.first)
            let scale = pow(10, power)
            assertClose(term.coefficient.map { $0 * scale }, reference, "coef", tolerance: 1e-9)
            assertClose(term.standardError.map { $0 * scale }, reference, "se", tolerance: 1e-9)
            assertClose(term.z, reference, "z", tolerance: 1e-9)
            assertClose(term.p, reference, "p", tolerance: 1e-9)
            let z = try XCTUnwrap(reference["z"])
            XCTAssertEqual(cox.tests.wald.statistic, z * z, accuracy: 1e-9 * z * z)
            assertClose(cox.tests.likelihoodRatio.statistic, reference, "lr", tolerance: 1e-9)
            XCTAssertTrue(result.warnings.contains { $0.contains("`z` has values of size 1e") && $0.contains("rescale") }, "\(result.warnings)")
        }
        XCTAssertThrowsError(try s.run("define inf = age * 1e307 * 100\nfit cox os ~ inf")) { error in
            let e = error as? SQError
            XCTAssertEqual(e?.message, "`inf` is infinite or undefined in 228 rows (a value beyond ±1.8e308)")
            XCTAssertEqual(e?.column, 14)
        }
    }
}

/// Names are shown as written.
final class NameDisplayTests: XCTestCase {
    func testABackquotedNameKeepsItsSpaces() throws {
        let path = try temporaryDirectory() + "/sp.csv"
        try "a b,ab\n1,2\n3,4\n".write(toFile: path, atomically: true, encoding: .utf8)
        let s = try Session()
        try s.run("import \"\(path)\" as sp")
        XCTAssertEqual(try s.run("count by `a b`").first?.table?.columns, ["a b", "n"])
        XCTAssertEqual(try s.run("list `a b`, ab").first?.table?.columns, ["a b", "ab"])
        XCTAssertEqual(try s.run("list `a b` + ab").first?.table?.columns, ["a b+ab"])
    }
}
