import Foundation
import XCTest
import SQ
@testable import SQRepl

/// SPSS, Stata, SAS and Excel files from the REPL: completion offers them,
/// `import` reads them, and `.format html` collects the session into a page.
extension ReplSessionTests {
    func testImportLabelledFilesAndCollectAnHTMLReport() throws {
        let terminal = try start()
        let report = home + "/session.html"
        terminal.send(".format html \(report)\n")
        XCTAssertTrue(terminal.waitFor("every result also goes into"), terminal.output)
        terminal.send("import \"data/labelled.sav\" as spss\n")
        XCTAssertTrue(terminal.waitFor("imported 6 rows into spss"), terminal.output)
        terminal.send("count by grade\n")
        XCTAssertTrue(terminal.waitFor("medium"), terminal.output)
        terminal.send("import \"data/workbook.xlsx\" as sites sheet \"LAT\" with na = \"unknown\"\n")
        XCTAssertTrue(terminal.waitFor("imported 3 rows into sites"), terminal.output)
        terminal.send(".tables\n")
        XCTAssertTrue(terminal.waitFor("sites"), terminal.output)
        let page = try String(contentsOfFile: report, encoding: .utf8)
        XCTAssertTrue(page.contains("<code>count by grade</code>"), page)
        XCTAssertTrue(page.contains("<code>labelled.sav</code> SHA-256"), page)
        // Coded order: low, medium, high.
        let low = try XCTUnwrap(page.range(of: "<td>low</td>")), high = try XCTUnwrap(page.range(of: "<td>high</td>"))
        XCTAssertLessThan(low.lowerBound, high.lowerBound)
    }
}

extension CompletionTests {
    func testFileNamesOfEveryFormatAreOffered() throws {
        let s = try session()
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/data").path
        let offered = Completion.candidates(for: "\(samples)/label", line: "import \"\(samples)/label", session: s)
        for name in ["labelled.sav", "labelled.dta", "labelled.xpt", "labelled.sas7bdat"] {
            XCTAssertTrue(offered.contains { $0.hasSuffix(name) }, "\(name) in \(offered)")
        }
        XCTAssertTrue(Completion.candidates(for: "\(samples)/work", line: "import \"\(samples)/work", session: s)
            .contains { $0.hasSuffix("workbook.xlsx") })
    }
}
