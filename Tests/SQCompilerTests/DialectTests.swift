import XCTest
import SQSyntax
import SQBackend
import SQStore
@testable import SQCompiler

/// A dialect unlike SQLite's in every way a test can see: numbered `$n`
/// placeholders (as PostgreSQL's), bracketed identifiers, and the standard
/// spellings SQLite overrides (TRUE, CAST AS DOUBLE PRECISION, least, CAST AS DATE).
private struct BracketDialect: SQLDialect {
    func placeholder(_ position: Int) -> String { "$\(position)" }
    func quoteIdentifier(_ name: String) -> String { "[" + name + "]" }
    func dayNumber(_ date: SQLFragment) -> SQLFragment { "days_of(\(date))" }
    func dateFromDayNumber(_ day: SQLFragment) -> SQLFragment { "date_of(\(day))" }
}

/// The compiler writes SQL only through the dialect it is given, and
/// placeholders are numbered in the order their arguments are written,
/// however the fragments were nested while lowering.
final class DialectTests: XCTestCase {
    let catalog = StaticCatalog([
        TableSchema(name: "patients", columns: [
            ColumnSchema(name: "patient_id", type: .integer), ColumnSchema(name: "site", type: .text),
            ColumnSchema(name: "age", type: .integer), ColumnSchema(name: "os_years", type: .real),
            ColumnSchema(name: "dead", type: .integer), ColumnSchema(name: "histotype", type: .text),
            ColumnSchema(name: "lat_date", type: .date),
        ]),
        TableSchema(name: "visits", columns: [
            ColumnSchema(name: "patient_id", type: .integer), ColumnSchema(name: "kind", type: .text),
        ]),
    ])

    func request(_ source: String, dialect: any SQLDialect) throws -> DataRequest {
        try planLastStatement(source, catalog: catalog, dialect: dialect).request
    }

    func testInterpolationAppendsArgumentsInWrittenOrder() {
        let inner: SQLFragment = "(\(bind: .integer(1)) + \(identifier: "x"))"
        let product: SQLFragment = "\(inner) * \(bind: .integer(2))"
        // Built inside out, written outside in: the outer argument comes first.
        let statement: SQLFragment = "\(bind: .text("first")), \(product)"
        let numbered = statement.rendered(by: BracketDialect())
        XCTAssertEqual(numbered.text, "$1, ($2 + [x]) * $3")
        XCTAssertEqual(numbered.arguments, [.text("first"), .integer(1), .integer(2)])
        let sqlite = statement.rendered(by: SQLiteDialect())
        XCTAssertEqual(sqlite.text, #"?, (? + "x") * ?"#)
        XCTAssertEqual(sqlite.arguments, numbered.arguments)
    }

    /// The select list, the cohort's own filter and the statement's filter each
    /// carry arguments; the cohort was lowered first, yet its arguments are
    /// numbered after the select list's, where its text stands.
    func testPlaceholdersAreNumberedInArgumentOrderForANestedStatement() throws {
        let sql = try request("""
            use patients
            cohort adults = where age >= 18
            endpoint os = surv(os_years, dead)
            km os by if(age > 60, "old", "young") from adults where histotype in ("LMS", "UPS")
            """, dialect: BracketDialect()).sql(dialect: BracketDialect())
        XCTAssertEqual(sql.text, "SELECT [os_years] AS [c0], [dead] AS [c1], (CASE WHEN ([age] > $1) THEN $2 ELSE $3 END) AS [c2] "
                       + "FROM (SELECT [patient_id], [site], [age], [os_years], [dead], [histotype], [lat_date] FROM [patients] WHERE ([age] >= $4)) AS [cohort_adults] "
                       + "WHERE ([histotype] IN ($5, $6))")
        XCTAssertEqual(sql.arguments, [.integer(60), .text("old"), .text("young"), .integer(18), .text("LMS"), .text("UPS")])
    }

    /// `hozo_sd(median, min, max)` names each argument several times in its
    /// formula: every copy's placeholder gets its own number, in written order.
    func testRepeatedArgumentsKeepTheirPlaces() throws {
        let sql = try request("""
            use patients
            list hozo_sd(10, 2, 30)
            """, dialect: BracketDialect()).sql(dialect: BracketDialect())
        XCTAssertEqual(sql.text, "SELECT sqrt(((CAST($1 AS DOUBLE PRECISION) - 2 * $2 + $3) * ($4 - 2 * $5 + $6) / 4"
                       + " + (CAST($7 AS DOUBLE PRECISION) - $8) * ($9 - $10)) / 12) AS [c0] FROM [patients]")
        let (m, a, b) = (SQLValue.integer(10), SQLValue.integer(2), SQLValue.integer(30))
        XCTAssertEqual(sql.arguments, [a, m, b, a, m, b, b, a, b, a])
    }

    func testTheCompilerWritesThroughTheDialectItIsGiven() throws {
        let sql = try request("""
            use patients
            endpoint os = surv(os_years, dead)
            km os by site where min(age, 80) / 10 > 1.5 and dead = true and lat_date < date("2020-01-01")
            """, dialect: BracketDialect()).sql(dialect: BracketDialect())
        XCTAssertEqual(sql.text, "SELECT [os_years] AS [c0], [dead] AS [c1], [site] AS [c2] FROM [patients] "
                       + "WHERE ((CAST(least([age], $1) AS DOUBLE PRECISION) / $2) > $3 AND [dead] = TRUE AND [lat_date] < CAST($4 AS DATE))")
        XCTAssertEqual(sql.arguments, [.integer(80), .integer(10), .real(1.5), .text("2020-01-01")])
    }

    func testCohortsAndJoinsUseTheDialect() throws {
        let sql = try request("""
            use visits
            cohort first_visit = first per patient_id order by kind desc where kind <> "screen"
            count from first_visit
            """, dialect: BracketDialect()).sql(dialect: BracketDialect())
        XCTAssertEqual(sql.text, "SELECT 1 AS [c0] FROM (SELECT [patient_id], [kind] FROM (SELECT [patient_id], [kind], "
                       + "row_number() OVER (PARTITION BY [patient_id] ORDER BY [kind] DESC) AS [sq_row_rank] FROM [visits] "
                       + "WHERE ([kind] <> $1)) WHERE [sq_row_rank] = 1) AS [cohort_first_visit]")
        XCTAssertEqual(sql.arguments, [.text("screen")])

        let relations = RelationBuilder(catalog: catalog, environment: Environment(), dialect: BracketDialect())
        let joined = try relations.join(try relations.table(Name("patients", span: .none)), try relations.table(Name("visits", span: .none)),
                                        using: [Name("patient_id", span: .none)])
        XCTAssertEqual(joined.from.rendered(by: BracketDialect()).text, "[patients] JOIN [visits] USING ([patient_id])")
        XCTAssertEqual(joined.from.identifierName, nil)
    }

    /// A date moved by a duration: the dialect's day numbers, the shift bound.
    func testDateArithmeticUsesTheDialectsDayNumbers() throws {
        let sql = try request("""
            use patients
            endpoint os = surv(os_years, dead)
            km os where lat_date + 30d > date("2001-01-01")
            """, dialect: BracketDialect()).sql(dialect: BracketDialect())
        XCTAssertEqual(sql.text, "SELECT [os_years] AS [c0], [dead] AS [c1] FROM [patients] "
                       + "WHERE (date_of(days_of([lat_date]) + $1) > CAST($2 AS DATE))")
        XCTAssertEqual(sql.arguments, [.real(30), .text("2001-01-01")])
    }
}
