import Foundation
import XCTest
@testable import SQStore

/// Workbooks written by openpyxl (Tests/Fixtures/data/make_workbook.py), the
/// first rewritten with a shared-string table as Excel saves it.
final class XLSXImportTests: XCTestCase {
    func load(_ name: String, sheet: String? = nil, position: Int? = nil, missing: [String] = []) throws -> (Database, ImportReport) {
        let database = try Database()
        var options = ImportOptions()
        options.sheetName = sheet
        options.sheetPosition = position
        options.missing = missing
        let report = try database.importFile(path: ReadStatImportTests.fixture(name), table: "w", options: options)
        return (database, report)
    }

    func column(_ database: Database, _ name: String) throws -> [SQLValue] {
        try database.rows("SELECT \"\(name)\" FROM w ORDER BY rowid").map { $0[0] }
    }

    func testFirstSheetSharedStringsNumbersBooleansDatesAndEmptyCells() throws {
        let (database, report) = try load("workbook.xlsx")
        XCTAssertEqual(report.rowCount, 5)
        XCTAssertEqual(report.columns.map(\.name), ["id", "time", "status", "sex", "diagnosed", "smoker", "score", "note"])
        XCTAssertEqual(report.columns.map(\.declaredType), ["INTEGER", "REAL", "INTEGER", "TEXT", "DATE", "BOOLEAN", "INTEGER", "TEXT"])
        XCTAssertEqual(try column(database, "id"), (1...5).map { .integer(Int64($0)) })
        XCTAssertEqual(try column(database, "time"), [.real(5.5), .real(12), .real(30.25), .real(7), .real(48)])
        XCTAssertEqual(try column(database, "status"), [1, 0, 1, 1, 0].map { .integer($0) })
        XCTAssertEqual(try column(database, "sex"), [.text("male"), .text("female"), .text("female"), .null, .text("male")])
        // A datetime at midnight in a date-formatted cell is the date.
        XCTAssertEqual(try column(database, "diagnosed"), [.text("2019-01-15"), .text("2020-02-29"), .null, .text("1959-12-31"), .text("2021-07-04")])
        XCTAssertEqual(try column(database, "smoker"), [.integer(1), .integer(0), .integer(1), .null, .integer(0)])
        // "7" typed as text in a number column is the number, as in a CSV file.
        XCTAssertEqual(try column(database, "score"), [.integer(3), .null, .integer(7), .integer(4), .integer(5)])
        XCTAssertEqual(try column(database, "note"), [.text("first"), .null, .text("shared"), .text("shared"), .text("x < y & \"z\"")])
        XCTAssertEqual(report.warnings, [])
    }

    func testSheetByNameAndPositionAndStrayValues() throws {
        let (database, report) = try load("workbook.xlsx", sheet: "LAT")
        XCTAssertEqual(report.rowCount, 3)
        XCTAssertEqual(report.columns.map(\.declaredType), ["TEXT", "TEXT", "DATETIME"])
        XCTAssertEqual(report.warnings.count, 1)
        XCTAssertTrue(report.warnings[0].contains("column `n` holds numbers except for 1 value \"unknown\""), report.warnings[0])
        XCTAssertTrue(report.warnings[0].hasSuffix("write `import \"workbook.xlsx\" as w sheet \"LAT\" replace with na = \"unknown\"`"), report.warnings[0])
        XCTAssertEqual(try column(database, "measured"), [.text("2020-03-01 12:30:00"), .text("2020-03-02 00:00:00"), .null])
        let (byPosition, positionReport) = try load("workbook.xlsx", position: 2, missing: ["unknown"])
        XCTAssertEqual(positionReport.columns.map(\.declaredType), ["TEXT", "INTEGER", "DATETIME"])
        XCTAssertEqual(try column(byPosition, "site"), [.text("Leiden"), .text("Utrecht"), .text("Nijmegen")])
        XCTAssertEqual(try column(byPosition, "n"), [.integer(10), .null, .integer(30)])
        XCTAssertEqual(positionReport.warnings, [])
    }

    func testMissingSheetNamesTheSheets() throws {
        XCTAssertThrowsError(try load("workbook.xlsx", sheet: "OS")) { error in
            XCTAssertTrue("\(error)".hasSuffix("workbook.xlsx: the workbook has no sheet \"OS\"; its sheets are \"patients\", \"LAT\""), "\(error)")
        }
        XCTAssertThrowsError(try load("workbook.xlsx", position: 3)) { error in
            XCTAssertTrue("\(error)".contains("the workbook has 2 sheets (\"patients\", \"LAT\"), not a sheet 3"), "\(error)")
        }
    }

    func test1904DateSystem() throws {
        let (database, report) = try load("dates1904.xlsx")
        XCTAssertEqual(report.columns.map(\.declaredType), ["DATE", "INTEGER"])
        XCTAssertEqual(try column(database, "visit"), [.text("2019-01-15"), .text("1904-01-02")])
    }

    func testSerialDatesOfThe1900System() throws {
        let workbook = try XLSXWorkbook(path: ReadStatImportTests.fixture("workbook.xlsx"))
        let reader = XLSXImport(workbook: workbook, sheet: workbook.sheets[0])
        XCTAssertEqual(CivilDate.iso(days: Int64(reader.serialToDays(1))), "1900-01-01")
        XCTAssertEqual(CivilDate.iso(days: Int64(reader.serialToDays(59))), "1900-02-28")
        XCTAssertEqual(CivilDate.iso(days: Int64(reader.serialToDays(61))), "1900-03-01")
        XCTAssertEqual(CivilDate.iso(days: Int64(reader.serialToDays(43480))), "2019-01-15")
        XCTAssertEqual(XLSXNumberKind(formatCode: "yyyy-mm-dd"), .date)
        XCTAssertEqual(XLSXNumberKind(formatCode: "[h]:mm:ss"), .time)
        XCTAssertEqual(XLSXNumberKind(formatCode: "0.00\"days\""), .number)
        XCTAssertEqual(XLSXNumberKind(formatCode: "[Red]#,##0"), .number)
        XCTAssertEqual(XLSXNumberKind(builtin: 14), .date)
        XCTAssertEqual(XLSXNumberKind(builtin: 2), .number)
        XCTAssertEqual(XLSXSheet.reference("B17")?.0, 1)
        XCTAssertEqual(XLSXSheet.reference("AA3")?.0, 26)
        XCTAssertEqual(XLSXSheet.cellName(26, 2), "AA3")
        XCTAssertNil(XLSXSheet.reference("17B"))
    }

    /// A workbook whose parts say wrong things: each error names the sheet and cell.
    func testUnreadableCellsNameSheetAndCell() throws {
        let sheet = #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
            + #"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>"#
            + #"<row r="17"><c r="A17"><v>1</v></c><c r="B17" t="s"><v>42</v></c></row></sheetData></worksheet>"#
        let path = try Self.workbook(sheet: sheet)
        XCTAssertThrowsError(try Database().importFile(path: path, table: "t", options: ImportOptions())) { error in
            XCTAssertEqual("\(error)", "\(path): sheet \"data\", cell B17: the shared string `42` does not exist (the workbook is damaged)")
        }
        let beyond = #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>"#
            + #"<row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>2</v></c></row></sheetData></worksheet>"#
        let beyondPath = try Self.workbook(sheet: beyond)
        XCTAssertThrowsError(try Database().importFile(path: beyondPath, table: "t", options: ImportOptions())) { error in
            XCTAssertEqual("\(error)", "\(beyondPath): sheet \"data\", cell C2: a value in a column with no name in the header row (1)")
        }
        let notNumber = #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>"#
            + #"<row r="2"><c r="A2"><v>twelve</v></c></row></sheetData></worksheet>"#
        let notNumberPath = try Self.workbook(sheet: notNumber)
        XCTAssertThrowsError(try Database().importFile(path: notNumberPath, table: "t", options: ImportOptions())) { error in
            XCTAssertEqual("\(error)", "\(notNumberPath): sheet \"data\", cell A2: `twelve` is not a number")
        }
        let errors = #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>"#
            + #"<row r="2"><c r="A2"><v>1</v></c></row><row r="3"><c r="A3" t="e"><v>#DIV/0!</v></c></row></sheetData></worksheet>"#
        let report = try Database().importFile(path: try Self.workbook(sheet: errors), table: "t", options: ImportOptions())
        XCTAssertEqual(report.rowCount, 2)
        XCTAssertEqual(report.warnings, ["column `a`: 1 cell with an Excel error imported as missing: A3 (#DIV/0!)"])
    }

    func testCorruptAndTruncatedWorkbooksAreErrorsNamingTheFile() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: ReadStatImportTests.fixture("workbook.xlsx")))
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 60)) {
            let path = try writeTemporary(bytes.prefix(length), name: "cut.xlsx")
            XCTAssertThrowsError(try Database().importFile(path: path, table: "t", options: ImportOptions()), "cut at \(length)") { error in
                XCTAssertEqual((error as? StoreError)?.kind, .unreadable)
                XCTAssertTrue("\(error)".hasPrefix(path + ": "), "\(error)")
            }
        }
        var corrupt = bytes
        for i in stride(from: 200, to: corrupt.count, by: 97) { corrupt[i] ^= 0xFF }
        let path = try writeTemporary(corrupt, name: "bad.xlsx")
        do { _ = try Database().importFile(path: path, table: "t", options: ImportOptions()) } catch {
            XCTAssertTrue("\(error)".hasPrefix(path + ": "), "\(error)")
        }
    }

    /// A minimal workbook around one sheet part (written through ZIPFoundation).
    static func workbook(sheet: String) throws -> String {
        let path = try writeTemporary(Data(), name: "made.xlsx")
        try FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        let parts = [
            ("xl/workbook.xml", #"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), provider: { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            })
        }
        return path
    }
}

import ZIPFoundation
