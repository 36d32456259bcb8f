import XCTest
@testable import SQStore

final class CSVImportTests: XCTestCase {
    func importing(_ text: String, name: String = "data.csv") throws -> (Database, ImportReport) {
        let database = try Database()
        let report = try database.importCSV(path: try writeTemporary(text, name: name), table: "t")
        return (database, report)
    }

    func testTypesAreInferredOverEveryRow() throws {
        let (db, report) = try importing("id,x,when,label,mixed\n1,2.5,2020-01-31,a,1\n2,3,2021-12-01,b,2.5\n3,-1e-3,2022-02-28,c,3\n")
        XCTAssertEqual(report.rowCount, 3)
        XCTAssertEqual(report.columns.map(\.declaredType), ["INTEGER", "REAL", "DATE", "TEXT", "REAL"])
        XCTAssertEqual(try db.rows("select id, x, \"when\", label, mixed from t where id = 3").first,
                       [.integer(3), .real(-0.001), .text("2022-02-28"), .text("c"), .real(3)])
        XCTAssertEqual(try db.columns(of: "t")?.map(\.declaredType), ["INTEGER", "REAL", "DATE", "TEXT", "REAL"])
    }

    func testQuotesDoubledQuotesAndQuotedNewlines() throws {
        let (db, report) = try importing("id,note\n1,\"said \"\"hi\"\", left\"\n2,\"two\nlines\"\n3,plain\n")
        XCTAssertEqual(report.rowCount, 3)
        XCTAssertEqual(try db.rows("select note from t order by id").map { $0[0] },
                       [.text("said \"hi\", left"), .text("two\nlines"), .text("plain")])
    }

    func testBOMAndCRLF() throws {
        let (db, report) = try importing("\u{FEFF}id,v\r\n1,a\r\n2,b\r\n")
        XCTAssertEqual(report.columns.first?.name, "id")
        XCTAssertEqual(try db.rows("select count(*) from t").first, [.integer(2)])
    }

    func testEmptyAndNAAreNull() throws {
        let (db, report) = try importing("id,x,s\n1,,NA\n2,NA,\"NA\"\n3,4,x\n")
        XCTAssertEqual(report.columns.map(\.declaredType), ["INTEGER", "INTEGER", "TEXT"])
        XCTAssertEqual(try db.rows("select x, s from t order by id").map { $0 },
                       [[.null, .null], [.null, .text("NA")], [.integer(4), .text("x")]])
    }

    func testRaggedRowIsAnErrorWithItsLineAndNothingIsImported() throws {
        let db = try Database()
        let path = try writeTemporary("a,b,c\n1,2,3\n4,\"x\ny\",6\n7,8\n")
        XCTAssertThrowsError(try db.importCSV(path: path, table: "t")) { error in
            let error = error as? StoreError
            XCTAssertEqual(error?.kind, .csv(line: 5))
            XCTAssertEqual(error?.message, "\(path):5: row has 2 fields, header has 3")
        }
        XCTAssertNil(try db.columns(of: "t"))
    }

    func testInvalidUTF8IsAnErrorWithItsLine() throws {
        var bytes = Array("id,name\n1,ok\n2,".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\n".utf8)
        let path = try writeTemporary(Data(bytes), name: "bad.csv")
        XCTAssertThrowsError(try Database().importCSV(path: path, table: "t")) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .csv(line: 3))
        }
    }

    func testUnterminatedQuote() throws {
        let path = try writeTemporary("id,name\n1,\"open\n2,x\n")
        XCTAssertThrowsError(try Database().importCSV(path: path, table: "t")) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .csv(line: 2))
        }
    }

    func testTSVAndDottedNames() throws {
        let (db, report) = try importing("id\tflc.grp\n1\t3\n2\t4\n", name: "x.tsv")
        XCTAssertEqual(report.columns.map(\.name), ["id", "flc.grp"])
        XCTAssertEqual(try db.rows("select sum(\"flc.grp\") from t").first, [.integer(7)])
    }

    func testHeaderProblems() throws {
        for text in ["a,,c\n1,2,3\n", "a,b,A\n1,2,3\n", ""] {
            XCTAssertThrowsError(try importing(text), text)
        }
    }

    func testExistingTableNeedsReplace() throws {
        let db = try Database()
        let first = try writeTemporary("id\n1\n")
        let second = try writeTemporary("id\n1\n2\n")
        _ = try db.importCSV(path: first, table: "t")
        XCTAssertThrowsError(try db.importCSV(path: second, table: "t")) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .tableExists)
        }
        XCTAssertEqual(try db.rows("select count(*) from t").first, [.integer(1)])
        _ = try db.importCSV(path: second, table: "t", replace: true)
        XCTAssertEqual(try db.rows("select count(*) from t").first, [.integer(2)])
    }

    func testMissingFile() {
        XCTAssertThrowsError(try Database().importCSV(path: "/no/such.csv", table: "t")) { error in
            XCTAssertTrue((error as? StoreError)?.isFileNotFound == true)
        }
    }

    func testLargeIntegersAreKeptExactNotWrapped() throws {
        // Issue 18: as REAL the column's large values would change; text keeps every digit.
        let (db, report) = try importing("v\n1\n123456789012345678901234\n")
        XCTAssertEqual(report.columns.first?.declaredType, "TEXT")
        XCTAssertEqual(try db.rows("select v from t where v like '1234%'").first, [.text("123456789012345678901234")])
    }
}
