import XCTest
import SQSyntax
import SQBackend
import SQStore
import SQPostgres
@testable import SQCompiler

/// The same statements lowered for SQLite and for PostgreSQL, side by side:
/// the exact text of each and their bound arguments (the same user values in
/// the same order; SQLite binds a boolean as 1, PostgreSQL writes the untyped
/// literal '1', and PostgreSQL's `min` tests its column for NULL).
final class PostgresDialectSnapshotTests: XCTestCase {
    let catalog = StaticCatalog([
        TableSchema(name: "patients", columns: [
            ColumnSchema(name: "patient_id", type: .integer), ColumnSchema(name: "site", type: .text),
            ColumnSchema(name: "age", type: .integer), ColumnSchema(name: "os_years", type: .real),
            ColumnSchema(name: "dead", type: .integer), ColumnSchema(name: "histotype", type: .text),
            ColumnSchema(name: "birth_date", type: .date), ColumnSchema(name: "lat_date", type: .date),
            ColumnSchema(name: "prog_date", type: .date), ColumnSchema(name: "last_fu", type: .date),
        ]),
    ])

    /// The statement's SQL in both dialects.
    func both(_ source: String) throws -> (sqlite: SQL, postgres: SQL) {
        let sqlite = try planLastStatement(source, catalog: catalog, dialect: SQLiteDialect()).request.sql(dialect: SQLiteDialect())
        let postgres = try planLastStatement(source, catalog: catalog, dialect: PostgresDialect()).request.sql(dialect: PostgresDialect())
        return (sqlite, postgres)
    }

    func testKaplanMeierWithFilter() throws {
        let sql = try both("""
            use patients
            endpoint os = surv(os_years, dead == true, unit = years)
            km os by site where site = "lung" and age / 10 > 6
            """)
        XCTAssertEqual(sql.sqlite.text, #"SELECT "os_years" AS "c0", ("dead" = ?) AS "c1", "site" AS "c2" FROM "patients" WHERE ("site" = ? AND (CAST("age" AS REAL) / ?) > ?)"#)
        XCTAssertEqual(sql.sqlite.arguments, [.integer(1), .text("lung"), .integer(10), .integer(6)])
        XCTAssertEqual(sql.postgres.text, #"SELECT "os_years" AS "c0", ("dead" = '1') AS "c1", "site" AS "c2" FROM "patients" WHERE ("site" = $1 AND (CAST("age" AS DOUBLE PRECISION) / $2) > $3)"#)
        XCTAssertEqual(sql.postgres.arguments, [.text("lung"), .integer(10), .integer(6)])
    }

    func testCoxWithFactorAndDateArithmetic() throws {
        let sql = try both("""
            use patients
            define age_at_lat = (lat_date - birth_date) / 365.25
            endpoint pfs = surv(from = lat_date, to = coalesce(prog_date, last_fu), event = prog_date is not null, unit = months)
            fit cox pfs ~ factor(histotype, ref = "LMS") + log(age) + age_at_lat where lat_date + 6mo < last_fu
            """)
        XCTAssertEqual(sql.sqlite.text, #"SELECT (CAST((julianday(coalesce("prog_date", "last_fu")) - julianday("lat_date")) AS REAL) / ?) AS "c0", ("prog_date" IS NOT NULL) AS "c1", "histotype" AS "c2", ln("age") AS "c3", (CAST((julianday("lat_date") - julianday("birth_date")) AS REAL) / ?) AS "c4" FROM "patients" WHERE (date(julianday("lat_date") + ?) < "last_fu")"#)
        XCTAssertEqual(sql.postgres.text, #"SELECT (CAST(((CAST(coalesce("prog_date", "last_fu") AS DATE) - DATE '1970-01-01') - (CAST("lat_date" AS DATE) - DATE '1970-01-01')) AS DOUBLE PRECISION) / $1) AS "c0", ("prog_date" IS NOT NULL) AS "c1", "histotype" AS "c2", ln("age") AS "c3", (CAST(((CAST("lat_date" AS DATE) - DATE '1970-01-01') - (CAST("birth_date" AS DATE) - DATE '1970-01-01')) AS DOUBLE PRECISION) / $2) AS "c4" FROM "patients" WHERE ((DATE '1970-01-01' + CAST(floor((CAST("lat_date" AS DATE) - DATE '1970-01-01') + $3) AS INTEGER)) < "last_fu")"#)
        XCTAssertEqual(sql.sqlite.arguments, [.real(365.25 / 12), .real(365.25), .real(182.625)])
        XCTAssertEqual(sql.postgres.arguments, sql.sqlite.arguments)
    }

    func testFirstPerNamesEverySubquery() throws {
        let sql = try both("""
            use patients
            cohort firsts = first per patient_id order by lat_date where min(age, 90) >= 18
            endpoint os = surv(os_years, dead)
            count from firsts where round(age / 7, 1) > 3
            """)
        XCTAssertEqual(sql.sqlite.text, #"SELECT 1 AS "c0" FROM (SELECT "patient_id", "site", "age", "os_years", "dead", "histotype", "birth_date", "lat_date", "prog_date", "last_fu" FROM (SELECT "patient_id", "site", "age", "os_years", "dead", "histotype", "birth_date", "lat_date", "prog_date", "last_fu", row_number() OVER (PARTITION BY "patient_id" ORDER BY "lat_date" ASC) AS "sq_row_rank" FROM "patients" WHERE (min("age", ?) >= ?)) WHERE "sq_row_rank" = 1) AS "cohort_firsts" WHERE (round((CAST("age" AS REAL) / ?), ?) > ?)"#)
        XCTAssertEqual(sql.postgres.text, #"SELECT 1 AS "c0" FROM (SELECT "patient_id", "site", "age", "os_years", "dead", "histotype", "birth_date", "lat_date", "prog_date", "last_fu" FROM (SELECT "patient_id", "site", "age", "os_years", "dead", "histotype", "birth_date", "lat_date", "prog_date", "last_fu", row_number() OVER (PARTITION BY "patient_id" ORDER BY "lat_date" ASC) AS "sq_row_rank" FROM "patients" WHERE ((CASE WHEN ("age" IS NULL) THEN NULL ELSE least("age", $1) END) >= $2)) AS "sq_subquery" WHERE "sq_row_rank" = 1) AS "cohort_firsts" WHERE (CAST(round(CAST((CAST("age" AS DOUBLE PRECISION) / $3) AS NUMERIC), CAST($4 AS INTEGER)) AS DOUBLE PRECISION) > $5)"#)
        XCTAssertEqual(sql.sqlite.arguments, [.integer(90), .integer(18), .integer(7), .integer(1), .integer(3)])
        XCTAssertEqual(sql.postgres.arguments, sql.sqlite.arguments)
    }
}
