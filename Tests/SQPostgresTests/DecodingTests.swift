import Foundation
import SQPostgres
import XCTest

/// PostgreSQL's types come back in the SQLite store's kinds: integer, real, text.
final class DecodingTests: XCTestCase {
    func testEveryTypeDecodes() throws {
        let db = try PostgresCluster.connect()
        let result = try db.query(PostgresSQL("""
            SELECT -7::int2, 2147483647::int4, 9007199254740993::int8,
                   1.5::float4, 0.1::float8, 12.50::numeric, 42::numeric, (2::numeric ^ 70),
                   'abc'::text, 'xy'::varchar(5), 'z'::char(3), true, false,
                   '2024-02-29'::date, '2024-02-29 13:45:01.25'::timestamp,
                   NULL::int4, NULL::text, 'NaN'::float8, '-Infinity'::float8
            """))
        XCTAssertEqual(result.rows.count, 1)
        let row = result.rows[0]
        XCTAssertEqual(Array(row[0..<3]), [.integer(-7), .integer(2147483647), .integer(9007199254740993)])
        XCTAssertEqual(row[3], .real(1.5))
        XCTAssertEqual(row[4], .real(0.1))   // exact: extra_float_digits makes the text round-trip
        XCTAssertEqual(row[5], .real(12.5))
        XCTAssertEqual(row[6], .integer(42))
        XCTAssertEqual(row[7], .real(pow(2, 70)))   // no fraction but beyond 64 bits
        XCTAssertEqual(Array(row[8..<11]), [.text("abc"), .text("xy"), .text("z  ")])
        XCTAssertEqual(Array(row[11..<13]), [.integer(1), .integer(0)])
        XCTAssertEqual(row[13], .text("2024-02-29"))
        XCTAssertEqual(row[14], .text("2024-02-29 13:45:01.25"))
        XCTAssertEqual(Array(row[15..<17]), [.null, .null])
        guard case .real(let nan) = row[17], nan.isNaN else { return XCTFail("NaN read as \(row[17])") }
        XCTAssertEqual(row[18], .real(-.infinity))
    }

    func testDatesAreISOWhateverTheServerDefault() throws {
        let db = try PostgresCluster.connect()
        // A session default of another style does not reach SQ: the connection sets ISO.
        XCTAssertEqual(try db.query(PostgresSQL("SHOW DateStyle")).rows, [[.text("ISO, YMD")]])
        XCTAssertEqual(try db.query(PostgresSQL("SELECT make_date(1999, 12, 31)")).rows, [[.text("1999-12-31")]])
    }

    func testBoundValuesRoundTrip() throws {
        let db = try PostgresCluster.connect()
        let third = 1.0 / 3.0
        let result = try db.query(PostgresSQL("SELECT $1::int8, $2::float8, $3::text, $4::int4 IS NULL, $5::date, $6 * 2, $7::float8",
                                              [.integer(Int64.min), .real(third), .text("ünï ' \" $1"), .null, .text("2020-01-31"),
                                               .real(1e-300), .real(.infinity)]))
        XCTAssertEqual(result.rows, [[.integer(Int64.min), .real(third), .text("ünï ' \" $1"), .integer(1), .text("2020-01-31"),
                                      .real(2e-300), .real(.infinity)]])
    }

    func testFetchColumns() throws {
        let db = try PostgresCluster.connect()
        let columns = try db.fetchColumns(PostgresSQL("""
            SELECT x, y, label, day FROM (VALUES
              (1::int4, 2.5::numeric, 'a'::text, '2021-03-04'::date),
              (NULL, NULL, NULL, NULL),
              (3, 0.1, 'c', '2022-12-31')) v(x, y, label, day)
            """), kinds: [.real, .real, .text, .text])
        guard case .real(let x, let xNull) = columns[0], case .real(let y, let yNull) = columns[1] else {
            return XCTFail("numbers read as \(columns)")
        }
        XCTAssertEqual(x[0], 1); XCTAssertTrue(x[1].isNaN); XCTAssertEqual(x[2], 3)
        XCTAssertEqual(xNull, [false, true, false])
        XCTAssertEqual(y[0], 2.5); XCTAssertTrue(y[1].isNaN); XCTAssertEqual(y[2], 0.1)
        XCTAssertEqual(yNull, [false, true, false])
        XCTAssertEqual(columns[2], .text(["a", nil, "c"]))
        XCTAssertEqual(columns[3], .text(["2021-03-04", nil, "2022-12-31"]))
        XCTAssertTrue(columns[0].isNull(1))
        XCTAssertEqual(columns[3].count, 3)
        XCTAssertGreaterThan(db.bytesReceived, 0)
    }

    func testFetchColumnsReadsEveryNumberType() throws {
        let db = try PostgresCluster.connect()
        let columns = try db.fetchColumns(PostgresSQL("""
            SELECT -3::int2, 70000::int4, 123456789012345678::int8, 0.1::float4, 1e-300::float8,
                   'NaN'::float8, '-Infinity'::float8, 2.5::numeric, true
            """), kinds: Array(repeating: .real, count: 9))
        let values = columns.map { column -> Double in
            if case .real(let values, _) = column { return values[0] }
            return -1
        }
        XCTAssertEqual(Array(values[0..<3]), [-3, 70000, 123456789012345678])
        XCTAssertEqual(values[3], Double(Float(0.1)), accuracy: 1e-7)
        XCTAssertEqual(values[4], 1e-300)
        XCTAssertTrue(values[5].isNaN)
        XCTAssertEqual(values[6], -.infinity)
        XCTAssertEqual(Array(values[7..<9]), [2.5, 1])
    }

    func testFetchColumnsRefusesTextAsNumber() throws {
        let db = try PostgresCluster.connect()
        XCTAssertThrowsError(try db.fetchColumns(PostgresSQL("SELECT 'abc'::text"), kinds: [.real])) { error in
            XCTAssertEqual((error as! PostgresError).kind, .notNumeric(column: 0, value: "abc"))
        }
        XCTAssertThrowsError(try db.fetchColumns(PostgresSQL("SELECT 1, 2"), kinds: [.real])) { error in
            XCTAssertEqual((error as! PostgresError).kind, .misuse)
        }
        XCTAssertEqual(try db.fetchColumns(PostgresSQL("SELECT ' 4.5 '::text"), kinds: [.real]), [.real(values: [4.5], isNull: [false])])
    }
}
