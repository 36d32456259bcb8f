import XCTest
@testable import SQStore

/// Issue 18, smaller cases: the delimiter guess counted `;` inside quotes, and
/// an integer column with one value beyond Int64 became REAL, changing its
/// other large values.
final class CSVExactnessTests: XCTestCase {
    func testTheDelimiterIsGuessedOutsideQuotes() throws {
        let db = try Database()
        let report = try db.importCSV(path: try writeTemporary("\"a;b;c\",b\n1,2\n\"x;y\",3\n"), table: "t")
        XCTAssertEqual(report.columns.map(\.name), ["a;b;c", "b"])
        XCTAssertEqual(try db.rows("select * from t order by b"), [[.text("1"), .integer(2)], [.text("x;y"), .integer(3)]])
        // A quoted header field may hold a line break; the guess reads the whole header.
        let multiline = try db.importCSV(path: try writeTemporary("\"first\nname;x\";age\n1;2\n"), table: "m")
        XCTAssertEqual(multiline.columns.count, 2)
    }

    func testNineteenDigitIntegersStayExact() throws {
        let db = try Database()
        let report = try db.importCSV(path: try writeTemporary("id\n9223372036854775807\n-9223372036854775808\n1234567890123456789\n7\n"), table: "t")
        XCTAssertEqual(report.columns.first?.declaredType, "INTEGER")
        XCTAssertEqual(report.warnings, [])
        XCTAssertEqual(try db.rows("select id from t"), [[.integer(.max)], [.integer(.min)], [.integer(1234567890123456789)], [.integer(7)]])
    }

    func testAWholeNumberBeyondInt64KeepsEveryDigitAsText() throws {
        let db = try Database()
        let report = try db.importCSV(path: try writeTemporary("id,x\n12345678901234567,1\n99999999999999999999,2\n3,3\n"), table: "t")
        XCTAssertEqual(report.columns.map(\.declaredType), ["TEXT", "INTEGER"])
        XCTAssertEqual(report.warnings.count, 1)
        XCTAssertTrue(report.warnings.first?.contains("column `id` is imported as text: 99999999999999999999 (line 3)") == true, "\(report.warnings)")
        // 12345678901234567 as a Double would be 12345678901234568.
        XCTAssertEqual(try db.rows("select id from t"), [[.text("12345678901234567")], [.text("99999999999999999999")], [.text("3")]])
    }
}
