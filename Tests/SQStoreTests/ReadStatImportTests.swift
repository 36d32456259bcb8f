import Foundation
import XCTest
@testable import SQStore

/// Files written by R's haven (Tests/Fixtures/data/make_labelled.R): every
/// value, variable label, level order, missing value and date after import.
final class ReadStatImportTests: XCTestCase {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/data/\(name)").path
    }

    func load(_ name: String, table: String = "t") throws -> (Database, ImportReport) {
        let database = try Database()
        let report = try database.importFile(path: Self.fixture(name), table: table, options: ImportOptions())
        return (database, report)
    }

    func column(_ database: Database, _ name: String, table: String = "t") throws -> [SQLValue] {
        try database.rows("SELECT \"\(name)\" FROM \(table) ORDER BY rowid").map { $0[0] }
    }

    let dates: [SQLValue] = [.text("2019-01-15"), .text("2020-02-29"), .null, .text("1959-12-31"), .text("2021-07-04"), .text("1960-01-01")]
    let datetimes: [SQLValue] = [.text("2019-01-15 08:30:00"), .text("2020-02-29 00:00:00"), .null, .text("2001-09-09 01:46:40"),
                                 .text("2021-07-04 23:59:59"), .text("1960-01-01 00:00:00")]
    let centres: [SQLValue] = [.text("Leiden"), .text("Utrecht"), .null, .text("Leiden"), .text("Nijmegen"), .text("Utrecht")]
    let grades: [SQLValue] = [.text("medium"), .text("low"), .text("high"), .text("medium"), .text("low"), .text("high")]

    func assertCommon(_ database: Database, _ report: ImportReport, ageMissing: [Int], file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(report.rowCount, 6, file: file, line: line)
        XCTAssertEqual(try column(database, "id"), (1...6).map { .integer(Int64($0)) }, file: file, line: line)
        XCTAssertEqual(try column(database, "time"), [.real(5.5), .real(12), .real(30.25), .real(7), .real(48), .real(3)], file: file, line: line)
        XCTAssertEqual(try column(database, "status"), [1, 0, 1, 1, 0, 1].map { .integer($0) }, file: file, line: line)
        let ages: [Double?] = [61, nil, 45.5, 70, nil, 58]
        XCTAssertEqual(try column(database, "age"), ages.map { $0.map(SQLValue.real) ?? .null }, file: file, line: line)
        XCTAssertEqual(ageMissing, [1, 4], file: file, line: line)
        XCTAssertEqual(try column(database, "diagnosed"), dates, file: file, line: line)
        XCTAssertEqual(try column(database, "visit"), datetimes, file: file, line: line)
        XCTAssertEqual(try column(database, "centre"), centres, file: file, line: line)
        let types = Dictionary(uniqueKeysWithValues: report.columns.map { ($0.name, $0.declaredType) })
        XCTAssertEqual(types["id"], "INTEGER", file: file, line: line)
        XCTAssertEqual(types["time"], "REAL", file: file, line: line)
        XCTAssertEqual(types["diagnosed"], "DATE", file: file, line: line)
        XCTAssertEqual(types["visit"], "DATETIME", file: file, line: line)
        XCTAssertEqual(types["centre"], "TEXT", file: file, line: line)
    }

    func testSPSSValueLabelsUserMissingDatesAndVariableLabels() throws {
        let (database, report) = try load("labelled.sav")
        try assertCommon(database, report, ageMissing: [1, 4])
        // 9 is a user-defined missing code of sex (it has a label too); 99 of age.
        XCTAssertEqual(try column(database, "sex"), [.text("male"), .text("female"), .text("female"), .null, .text("male"), .text("female")])
        XCTAssertEqual(try column(database, "grade"), grades)
        XCTAssertEqual(report.levelOrders["grade"], ["low", "medium", "high"])
        XCTAssertEqual(report.levelOrders["sex"], ["male", "female", "unknown"])
        XCTAssertEqual(report.variableLabels["sex"], "Sex of patient")
        XCTAssertEqual(report.variableLabels["age"], "Age at diagnosis (years)")
        XCTAssertEqual(report.variableLabels["grade"], "Tumour grade")
        XCTAssertEqual(report.variableLabels["diagnosed"], "Date of diagnosis")
        XCTAssertEqual(report.variableLabels["time"], "Follow-up (months)")
        XCTAssertNil(report.variableLabels["id"])
        XCTAssertEqual(report.warnings, [])
    }

    func testStataTaggedMissingAndDates() throws {
        let (database, report) = try load("labelled.dta")
        try assertCommon(database, report, ageMissing: [1, 4])
        // sex .a and age .b are Stata's extended missing values.
        XCTAssertEqual(try column(database, "sex"), [.text("male"), .text("female"), .text("female"), .null, .text("male"), .text("female")])
        XCTAssertEqual(try column(database, "grade"), grades)
        XCTAssertEqual(report.levelOrders["grade"], ["low", "medium", "high"])
        XCTAssertEqual(report.levelOrders["sex"], ["male", "female"])
        XCTAssertEqual(report.variableLabels["sex"], "Sex of patient")
        XCTAssertEqual(report.variableLabels["age"], "Age at diagnosis (years)")
    }

    func testSASTransportVersion8AndVersion5() throws {
        let (database, report) = try load("labelled.xpt")
        try assertCommon(database, report, ageMissing: [1, 4])
        XCTAssertEqual(report.variableLabels["centre"], "Treating centre")
        XCTAssertEqual(report.variableLabels["age"], "Age at diagnosis (years)")
        // Version 5 keeps 8-character names: `diagnosed` is `diagnose`.
        let (old, oldReport) = try load("labelled_v5.xpt")
        XCTAssertEqual(oldReport.columns.map(\.name), ["id", "time", "status", "age", "diagnose", "visit", "centre"])
        XCTAssertEqual(try column(old, "diagnose"), dates)
        XCTAssertEqual(try column(old, "visit"), datetimes)
        XCTAssertEqual(try column(old, "age"), [.real(61), .null, .real(45.5), .real(70), .null, .real(58)])
    }

    func testSASDataSet() throws {
        let (database, report) = try load("labelled.sas7bdat")
        try assertCommon(database, report, ageMissing: [1, 4])
    }

    func testReplaceRuleAsForCSV() throws {
        let database = try Database()
        var options = ImportOptions()
        _ = try database.importFile(path: Self.fixture("labelled.sav"), table: "t", options: options)
        XCTAssertThrowsError(try database.importFile(path: Self.fixture("labelled.dta"), table: "t", options: options)) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .tableExists)
        }
        options.replace = true
        let report = try database.importFile(path: Self.fixture("labelled.xpt"), table: "t", options: options)
        XCTAssertEqual(report.columns.count, 7)
        XCTAssertEqual(try database.rows("SELECT count(*) FROM t"), [[.integer(6)]])
    }

    /// Every prefix of each file, and each with bytes flipped: an error naming the file, never a crash.
    func testTruncatedAndCorruptFilesAreErrorsNamingTheFile() throws {
        for name in ["labelled.sav", "labelled.dta", "labelled.xpt", "labelled.sas7bdat"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixture(name)))
            for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) {
                let path = try writeTemporary(bytes.prefix(length), name: "cut." + (name as NSString).pathExtension)
                let database = try Database()
                do {
                    let report = try database.importFile(path: path, table: "t", options: ImportOptions())
                    // XPORT is record-based: a cut at a record boundary is a shorter, valid file.
                    XCTAssertLessThanOrEqual(report.rowCount, 6, "\(name) cut at \(length)")
                } catch let error as StoreError {
                    XCTAssertEqual(error.kind, .unreadable, "\(name) cut at \(length): \(error)")
                    XCTAssertTrue(error.message.hasPrefix(path + ": "), error.message)
                }
            }
            var corrupt = bytes
            for i in stride(from: 7, to: corrupt.count, by: 13) { corrupt[i] ^= 0x5A }
            let path = try writeTemporary(corrupt, name: "bad." + (name as NSString).pathExtension)
            do { _ = try Database().importFile(path: path, table: "t", options: ImportOptions()) } catch let error as StoreError {
                XCTAssertTrue(error.message.contains(path), error.message)
            }
        }
    }

    /// GNU PSPP 1.6 writes portable files that ReadStat 1.1.8 cannot parse
    /// (R's haven::read_por fails on the same file): an error naming the file and ReadStat's reason.
    func testPortableFileFromPSPP() throws {
        let path = Self.fixture("labelled.por")
        XCTAssertThrowsError(try Database().importFile(path: path, table: "t", options: ImportOptions())) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .unreadable)
            XCTAssertTrue("\(error)".hasPrefix(path + ": cannot read the file: invalid file, or file has unsupported features"), "\(error)")
        }
    }

    /// A portable file from ReadStat's own writer (make_portable.py): names as the
    /// format keeps them (upper case), values, a missing value, variable labels.
    func testPortableFileFromReadStat() throws {
        let db = try Database()
        let report = try db.importFile(path: Self.fixture("portable.por"), table: "t", options: ImportOptions())
        XCTAssertEqual(report.rowCount, 6)
        XCTAssertEqual(report.columns.map(\.name), ["ID", "TIME", "STATUS", "GRADE"])
        let rows = try db.query(SQL("SELECT ID, TIME, STATUS, GRADE FROM t ORDER BY ID")).rows
        XCTAssertEqual(rows.map { $0[1] }, [5.5, 12, 30.25, 7, 48, 3].map { SQLValue.real($0) })
        XCTAssertEqual(rows.map { $0[2] }, [1, 0, 1, 1, 0, 1].map { SQLValue.integer($0) })
        XCTAssertEqual(rows.map { $0[3] }, [.integer(2), .integer(1), .integer(3), .integer(2), .integer(1), .null])
    }

    func testPortableFileThatIsNotOne() throws {
        let path = try writeTemporary("not an SPSS portable file\n", name: "x.por")
        XCTAssertThrowsError(try Database().importFile(path: path, table: "t", options: ImportOptions())) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .unreadable)
            XCTAssertTrue("\(error)".hasPrefix(path + ": cannot read the file"), "\(error)")
        }
    }

    func testDateConversions() {
        XCTAssertEqual(CivilDate.days(1970, 1, 1), 0)
        XCTAssertEqual(CivilDate.days(1960, 1, 1), -3653)
        XCTAssertEqual(CivilDate.days(1582, 10, 14), -141_428)
        XCTAssertEqual(CivilDate.iso(days: CivilDate.days(2000, 2, 29)), "2000-02-29")
        XCTAssertEqual(StatisticalDateKind.of(format: "%td", family: .stata), .date)
        XCTAssertEqual(StatisticalDateKind.of(format: "%tcCCYY-NN-DD", family: .stata), .datetime)
        XCTAssertEqual(StatisticalDateKind.of(format: "%tm", family: .stata), .other("Stata %tm (months)"))
        XCTAssertEqual(StatisticalDateKind.of(format: "%9.0g", family: .stata), nil)
        XCTAssertEqual(StatisticalDateKind.of(format: "EDATE10", family: .spss), .date)
        XCTAssertEqual(StatisticalDateKind.of(format: "DATETIME20", family: .spss), .datetime)
        XCTAssertEqual(StatisticalDateKind.of(format: "TIME8", family: .spss), .time)
        XCTAssertEqual(StatisticalDateKind.of(format: "F8.2", family: .spss), nil)
        XCTAssertEqual(StatisticalDateKind.of(format: "YYMMDD10", family: .sas), .date)
        XCTAssertEqual(StatisticalDateKind.of(format: "E8601DT", family: .sas), .datetime)
        XCTAssertEqual(StatisticalDateKind.of(format: "BEST12", family: .sas), nil)
    }
}
