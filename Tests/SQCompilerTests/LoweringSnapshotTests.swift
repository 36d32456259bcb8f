import XCTest
import SQSyntax
import SQStore
@testable import SQCompiler

/// Snapshot tests of the SQL each representative statement lowers to: the
/// exact text and its bound arguments (no user value is ever spliced in).
final class LoweringSnapshotTests: XCTestCase {
    let catalog = StaticCatalog([
        TableSchema(name: "patients", columns: [
            ColumnSchema(name: "patient_id", type: .integer), ColumnSchema(name: "site", type: .text),
            ColumnSchema(name: "age", type: .integer), ColumnSchema(name: "os_years", type: .real),
            ColumnSchema(name: "dead", type: .integer), ColumnSchema(name: "histotype", type: .text),
            ColumnSchema(name: "maxdiam", type: .real), ColumnSchema(name: "flc.grp", type: .integer),
            ColumnSchema(name: "lat_date", type: .date), ColumnSchema(name: "prog_date", type: .date),
            ColumnSchema(name: "last_fu", type: .date),
        ]),
        TableSchema(name: "lat", columns: [
            ColumnSchema(name: "patient_id", type: .integer), ColumnSchema(name: "lat_date", type: .date),
            ColumnSchema(name: "kind", type: .text),
        ]),
    ])

    /// Runs data statements into an environment, then plans the last statement.
    func plan(_ source: String) throws -> AnalysisPlan {
        try planLastStatement(source, catalog: catalog, dialect: SQLiteDialect(), parameters: ["site": "lung", "min_age": "18"])
    }

    func testKaplanMeierWithFilter() throws {
        let sql = try plan("""
            use patients
            endpoint os = surv(os_years, dead, unit = years)
            km os by site where site = "lung" and age > 60
            """).request.sql()
        XCTAssertEqual(sql.text, #"SELECT "os_years" AS "c0", "dead" AS "c1", "site" AS "c2" FROM "patients" WHERE ("site" = ? AND "age" > ?)"#)
        XCTAssertEqual(sql.arguments, [.text("lung"), .integer(60)])
    }

    func testDefinesAreInlinedAndDivisionIsReal() throws {
        let sql = try plan("""
            use patients
            define age10 = age / 10
            define old = age10 >= 6
            endpoint os = surv(os_years, dead)
            fit cox os ~ old + log(maxdiam) + `flc.grp`
            """).request.sql()
        XCTAssertEqual(sql.text, #"SELECT "os_years" AS "c0", "dead" AS "c1", ((CAST("age" AS REAL) / ?) >= ?) AS "c2", ln("maxdiam") AS "c3", "flc.grp" AS "c4" FROM "patients""#)
        XCTAssertEqual(sql.arguments, [.integer(10), .integer(6)])
    }

    func testDateEndpointInMonths() throws {
        let request = try plan("""
            use patients
            endpoint pfs = surv(from = lat_date, to = coalesce(prog_date, last_fu), event = prog_date is not null, unit = months)
            km pfs
            """).request
        let sql = request.sql()
        XCTAssertEqual(sql.text, #"SELECT (CAST((julianday(coalesce("prog_date", "last_fu")) - julianday("lat_date")) AS REAL) / ?) AS "c0", ("prog_date" IS NOT NULL) AS "c1" FROM "patients""#)
        XCTAssertEqual(sql.arguments, [.real(365.25 / 12)])
    }

    func testCohortsAndParametersAreBound() throws {
        let sql = try plan("""
            use patients
            cohort adults = where site = $site and age >= $min_age
            endpoint os = surv(os_years, dead)
            km os from adults where histotype in ("LMS", "UPS")
            """).request.sql()
        XCTAssertEqual(sql.text, #"SELECT "os_years" AS "c0", "dead" AS "c1" FROM (SELECT "patient_id", "site", "age", "os_years", "dead", "histotype", "maxdiam", "flc.grp", "lat_date", "prog_date", "last_fu" FROM "patients" WHERE ("site" = ? AND "age" >= ?)) AS "cohort_adults" WHERE ("histotype" IN (?, ?))"#)
        XCTAssertEqual(sql.arguments, [.text("lung"), .integer(18), .text("LMS"), .text("UPS")])
    }

    func testFirstPerUsesAWindow() throws {
        let sql = try plan("""
            use lat
            cohort first_lat = first per patient_id order by lat_date where kind = 'surgery'
            count from first_lat
            """).request.sql()
        XCTAssertEqual(sql.text, #"SELECT 1 AS "c0" FROM (SELECT "patient_id", "lat_date", "kind" FROM (SELECT "patient_id", "lat_date", "kind", row_number() OVER (PARTITION BY "patient_id" ORDER BY "lat_date" ASC) AS "sq_row_rank" FROM "lat" WHERE ("kind" = ?)) WHERE "sq_row_rank" = 1) AS "cohort_first_lat""#)
        XCTAssertEqual(sql.arguments, [.text("surgery")])
    }

    func testInjectionTextStaysABoundValue() throws {
        let nasty = "lung'); DROP TABLE patients; --"
        let sql = try plan("""
            use patients
            endpoint os = surv(os_years, dead)
            km os where site = "\(nasty)"
            """).request.sql()
        XCTAssertFalse(sql.text.contains("DROP"))
        XCTAssertEqual(sql.arguments, [.text(nasty)])
    }

    func testFormulaExpansionOrdersTermsByDegree() throws {
        let plan = try plan("""
            use patients
            endpoint os = surv(os_years, dead)
            fit cox os ~ age * histotype + maxdiam + strata(site)
            """)
        guard case .cox(_, let model, _) = plan.call else { return XCTFail("not a cox plan") }
        XCTAssertEqual(model.terms.map(\.label), ["age", "histotype", "maxdiam", "age:histotype"])
        XCTAssertEqual(model.variables.map(\.categorical), [false, true, false])
        XCTAssertEqual(model.strata.count, 1)
    }

    /// A term points at what the formula writes, so a warning about it can too:
    /// an interaction at the `a * b` it expands from.
    func testEachTermKnowsWhereItIsWritten() throws {
        let source = """
            use patients
            endpoint os = surv(os_years, dead)
            fit cox os ~ age * histotype + maxdiam + maxdiam:age
            """
        guard case .cox(_, let model, _) = try plan(source).call else { return XCTFail("not a cox plan") }
        let file = SourceFile(name: "test.sq", text: source)
        XCTAssertEqual(model.terms.map(\.label), ["age", "histotype", "maxdiam", "age:histotype", "maxdiam:age"])
        XCTAssertEqual(model.terms.map { String(file.text(of: $0.span)) }, ["age", "histotype", "maxdiam", "age * histotype", "maxdiam:age"])
        XCTAssertEqual(model.terms.map(\.span.line), [3, 3, 3, 3, 3])
        XCTAssertEqual(model.terms[2].span.column, 32)
    }

    /// Nine crossed factors would be 511 terms: an error at the formula, not a hang.
    func testRunawayInteractionExpansionIsAnError() throws {
        let factors = (1...9).map { "(age + \($0))" }.joined(separator: " * ")
        XCTAssertThrowsError(try plan("use patients\nendpoint os = surv(os_years, dead)\nfit cox os ~ \(factors)")) {
            let diagnostic = $0 as? Diagnostic
            XCTAssertTrue(diagnostic?.message.contains("expands to 511 terms") ?? false, "\($0)")
        }
        XCTAssertNoThrow(try plan("use patients\nendpoint os = surv(os_years, dead)\nfit cox os ~ \((1...8).map { "(age + \($0))" }.joined(separator: " * "))"))
        // The whole formula's count, not the count where the expansion first passed the limit.
        for (k, count) in [(10, "1023"), (40, "1099511627775")] {
            let crossed = (1...k).map { "(age + \($0))" }.joined(separator: " * ")
            XCTAssertThrowsError(try plan("use patients\nendpoint os = surv(os_years, dead)\nfit cox os ~ \(crossed)")) {
                XCTAssertTrue(($0 as? Diagnostic)?.message.contains("expands to \(count) terms") ?? false, "\($0)")
            }
        }
    }

    func testUnknownNamesSuggest() throws {
        XCTAssertThrowsError(try plan("""
            use patients
            endpoint os = surv(os_years, dead)
            fit cox os ~ maxdiameter
            """)) { error in
            let diagnostic = error as? Diagnostic
            XCTAssertEqual(diagnostic?.message, "unknown column `maxdiameter` in `patients`")
            XCTAssertEqual(diagnostic?.hints, ["did you mean `maxdiam`?"])
            XCTAssertEqual(diagnostic?.span.line, 3)
            XCTAssertEqual(diagnostic?.span.column, 14)
        }
        XCTAssertThrowsError(try plan("""
            use patients
            endpoint os = surv(os_years, dead)
            km oss
            """)) { error in
            XCTAssertEqual((error as? Diagnostic)?.hints, ["did you mean `os`?"])
        }
    }

    func testNameSuggestion() {
        XCTAssertEqual(NameSuggestion.closest(to: "maxdiam", in: ["maxdiam2", "age"]), "maxdiam2")
        XCTAssertEqual(NameSuggestion.closest(to: "agr", in: ["age", "site"]), "age")
        XCTAssertNil(NameSuggestion.closest(to: "zzz", in: ["age", "site"]))
    }
}
