import Foundation
import XCTest
@testable import SQ
@testable import SQRender

/// SPSS, Stata, SAS and Excel files through a session: the same analyses as
/// on CSV, the value labels' coded order as the level order, variable labels
/// in `schema` and, with `labels = true`, in tables.
final class LabelledImportTests: XCTestCase {
    func session() throws -> Session {
        var options = Session.Options()
        options.baseDirectory = Repository.path("Tests/Fixtures/data")
        return try Session(options: options)
    }

    /// The lung data as written by haven to .sav: KM and Cox equal those on the CSV it was made from.
    func testKaplanMeierAndCoxOnSAVEqualCSV() throws {
        let fromCSV = try session().run("""
            import "lung.csv" as lung
            endpoint os = surv(time, status == 2, unit = days)
            km os by sex at 1y
            fit cox os ~ age + `ph.ecog` + factor(sex)
            """)
        let fromSAV = try session().run("""
            import "lung.sav" as lung
            endpoint os = surv(time, status == 2, unit = days)
            km os by sex at 1y
            fit cox os ~ age + ph_ecog + factor(sex)
            """)
        let (a, b) = (try XCTUnwrap(fromCSV[1].km), try XCTUnwrap(fromSAV[1].km))
        XCTAssertEqual(b.strata.map(\.label), ["sex=male", "sex=female"])
        XCTAssertEqual(a.strata.map(\.label), ["sex=1", "sex=2"])
        for (x, y) in zip(a.strata, b.strata) {
            XCTAssertEqual(x.n, y.n)
            XCTAssertEqual(x.events, y.events)
            XCTAssertEqual(x.median, y.median)
            XCTAssertEqual(x.medianLower, y.medianLower)
            XCTAssertEqual(x.medianUpper, y.medianUpper)
            XCTAssertEqual(x.at.map(\.survival), y.at.map(\.survival))
            XCTAssertEqual(x.at.map(\.lower), y.at.map(\.lower))
        }
        let (c, d) = (try XCTUnwrap(fromCSV[2].cox), try XCTUnwrap(fromSAV[2].cox))
        XCTAssertEqual(c.n, d.n)
        XCTAssertEqual(c.events, d.events)
        XCTAssertEqual(c.terms.count, 3)
        XCTAssertEqual(d.terms.last?.level, "female")
        XCTAssertEqual(d.terms.last?.reference, "male")
        for (x, y) in zip(c.terms, d.terms) {
            XCTAssertEqual(try XCTUnwrap(x.coefficient), try XCTUnwrap(y.coefficient), accuracy: 1e-12)
            XCTAssertEqual(try XCTUnwrap(x.standardError), try XCTUnwrap(y.standardError), accuracy: 1e-12)
        }
        XCTAssertEqual(c.logLikelihood[1], d.logLikelihood[1], accuracy: 1e-9)
    }

    /// grade is coded 1 low, 2 medium, 3 high: that order, not the alphabetical one, in every table and model.
    func testValueLabelsCodedOrderIsTheLevelOrder() throws {
        for file in ["labelled.sav", "labelled.dta"] {
            let results = try session().run("""
                import "\(file)" as t
                count by grade
                endpoint e = surv(time, status)
                km e by grade
                fit cox e ~ grade
                """)
            XCTAssertEqual(results[1].table?.rows.map { $0[0] }, [.text("low"), .text("medium"), .text("high")], file)
            XCTAssertEqual(results[2].km?.strata.map(\.label), ["grade=low", "grade=medium", "grade=high"], file)
            let cox = try XCTUnwrap(results[3].cox)
            XCTAssertEqual(cox.terms.map(\.level), ["medium", "high"], file)
            XCTAssertEqual(cox.terms.map(\.reference), ["low", "low"], file)
        }
        // The same words from a CSV file sort as R sorts text.
        let csv = try session().run("""
            import "grades.csv" as g
            count by grade
            """.replacingOccurrences(of: "grades.csv", with: try Self.csv("grade\nlow\nmedium\nhigh\n")))
        XCTAssertEqual(csv[1].table?.rows.map { $0[0] }, [.text("high"), .text("low"), .text("medium")])
    }

    func testSchemaShowsVariableLabelsAndLabelsReplaceNames() throws {
        let s = try session()
        let results = try s.run("""
            import "labelled.sav" as t
            schema t
            endpoint e = surv(time, status)
            km e by sex with labels = true
            km e by sex
            set labels = true
            count by grade
            list id, age limit 1
            """)
        let schema = try XCTUnwrap(results[1].table)
        XCTAssertEqual(schema.columns, ["name", "type", "kind", "label", "levels"])
        let sex = try XCTUnwrap(schema.rows.first { $0[0] == .text("sex") })
        XCTAssertEqual(sex, [.text("sex"), .text("text"), .text("column"), .text("Sex of patient"), .text("male, female, unknown")])
        let id = try XCTUnwrap(schema.rows.first { $0[0] == .text("id") })
        XCTAssertEqual(id[3], .null)
        XCTAssertEqual(results[2].km?.strata.map(\.label), ["Sex of patient=male", "Sex of patient=female"])
        XCTAssertEqual(results[3].km?.strata.map(\.label), ["sex=male", "sex=female"])
        XCTAssertEqual(results[4].table?.columns, ["Tumour grade", "n"])
        XCTAssertEqual(results[5].table?.columns, ["id", "Age at diagnosis (years)"])
        XCTAssertEqual(s.labels(ofTable: "t").variables["age"], "Age at diagnosis (years)")
        // A CSV imported over it drops what the .sav said.
        _ = try s.run("import \"lung.csv\" as t replace")
        XCTAssertTrue(s.labels(ofTable: "t").isEmpty)
    }

    func testWorkbookSheetsFromAScript() throws {
        let results = try session().run("""
            import "workbook.xlsx" as lat sheet "LAT" with na = "unknown"
            list site, n
            import "workbook.xlsx" as first sheet 1
            count by sex
            """)
        XCTAssertEqual(results[1].table?.rows, [[.text("Leiden"), .integer(10)], [.text("Utrecht"), .null], [.text("Nijmegen"), .integer(30)]])
        XCTAssertEqual(results[3].table?.rows.map { $0[0] }, [.text("female"), .text("male"), .null])
    }

    func testImportErrors() throws {
        XCTAssertThrowsError(try session().run("import \"lung.csv\" as t sheet \"LAT\"")) { error in
            XCTAssertTrue("\(error)".contains("`sheet` is for Excel workbooks (.xlsx), not CSV files"), "\(error)")
        }
        XCTAssertThrowsError(try session().run("import \"labelled.sav\" as t with na = \"9\"")) { error in
            XCTAssertTrue("\(error)".contains("SPSS, Stata and SAS files mark their missing values themselves"), "\(error)")
        }
        XCTAssertThrowsError(try session().run("import \"workbook.xlsx\" as t sheet 0")) { error in
            XCTAssertTrue("\(error)".contains("a sheet's position is a whole number from 1"), "\(error)")
        }
        XCTAssertThrowsError(try session().run("import \"labelled.sav\" as t\nset labels = 2")) { error in
            XCTAssertTrue("\(error)".contains("`labels` is `true` or `false`"), "\(error)")
        }
    }

    static func csv(_ text: String) throws -> String {
        let path = try temporaryDirectory() + "/grades.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension LabelledImportTests {
    /// `describe` (a Table 1) lists a labelled factor's levels in coded order too.
    func testDescribeListsLevelsInCodedOrder() throws {
        let results = try session().run("""
            import "labelled.dta" as t
            describe grade, sex by status
            """)
        let text = try Renderer(format: .text).render(results[1])
        let low = try XCTUnwrap(text.range(of: "low")), medium = try XCTUnwrap(text.range(of: "medium"))
        let high = try XCTUnwrap(text.range(of: "high"))
        XCTAssertLessThan(low.lowerBound, medium.lowerBound, text)
        XCTAssertLessThan(medium.lowerBound, high.lowerBound, text)
        let male = try XCTUnwrap(text.range(of: "male")), female = try XCTUnwrap(text.range(of: "female"))
        XCTAssertLessThan(male.lowerBound, female.lowerBound, text)
    }

    /// FIPS 180-2's test vectors, and the escaping every value in the HTML report goes through.
    func testReportChecksumAndEscaping() {
        XCTAssertEqual(SHA256.hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(HTMLReport.escape("<td>\"a\" & 'b'</td>"), "&lt;td&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/td&gt;")
        var report = HTMLReport(title: "<script>alert(1)</script>", date: Date(timeIntervalSince1970: 0))
        report.add(StatementResult(line: 3, statement: "sql \"select '<x>'\"",
                                   value: .table(TableResult(title: "t&u", columns: ["<c>"], rows: [[.text("</table>")]])),
                                   warnings: ["a < b"]))
        let page = report.html()
        XCTAssertTrue(page.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"))
        XCTAssertTrue(page.contains("<dd>1970-01-01T00:00:00Z</dd>"))
        XCTAssertTrue(page.contains("<caption>t&amp;u</caption>"))
        XCTAssertTrue(page.contains("<th>&lt;c&gt;</th>"))
        XCTAssertTrue(page.contains("<td>&lt;/table&gt;</td>"))
        XCTAssertTrue(page.contains("<p class=\"note warning\">Note: a &lt; b</p>"))
        XCTAssertFalse(page.contains("<script>"))
    }
}
