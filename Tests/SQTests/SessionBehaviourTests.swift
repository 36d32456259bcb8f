import XCTest
import SQStore
@testable import SQ

/// The promises of the foundation: counts match the data, errors point at the
/// problem with a hint, user values are data, opened databases stay untouched.
final class SessionBehaviourTests: XCTestCase {
    let cohort = Repository.path("samples/data/pm_cohort.csv")

    func session() throws -> Session {
        let session = try Session()
        try session.run("""
            import "\(cohort)" as pm
            define maxdiam2 = maxdiam_cm > 2
            endpoint os = surv(os_months, dead, unit = months)
            """)
        return session
    }

    /// Rows counted straight from the CSV (no quoted fields in this file).
    func countRows(_ keep: ([String: String]) -> Bool) throws -> Int {
        let lines = try String(contentsOfFile: cohort, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().filter { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return keep(Dictionary(uniqueKeysWithValues: zip(header, fields)))
        }.count
    }

    func testKaplanMeierNMatchesRowsCountedByHand() throws {
        let s = try session()
        try s.run("cohort lms = where histotype = \"LMS\" and age >= 50")
        let km = try XCTUnwrap(s.run("km os from lms").first?.km)
        let expected = try countRows { $0["histotype"] == "LMS" && Int($0["age"] ?? "") ?? 0 >= 50 }
        XCTAssertEqual(km.strata.first?.n, expected)
        XCTAssertGreaterThan(expected, 5)
        let direct = try XCTUnwrap(s.run("km os where histotype = 'LMS' and age >= 50").first?.km)
        XCTAssertEqual(direct.strata.first?.n, expected)
    }

    func testRowsWithMissingValuesAreDroppedAndCounted() throws {
        let s = try session()
        let cox = try XCTUnwrap(s.run("fit cox os ~ maxdiam2").first?.cox)
        let missing = try countRows { $0["maxdiam_cm"] == "NA" }
        XCTAssertEqual(missing, 3)
        XCTAssertEqual(cox.nDropped, missing)
        XCTAssertEqual(cox.n, 120 - missing)
    }

    func testAnEmptyCohortIsAnErrorAtTheWhere() throws {
        let s = try session()
        for statement in ["km os by maxdiam2 where age > 200", "fit cox os ~ age where age > 200", "logrank os by maxdiam2 where age > 200"] {
            XCTAssertThrowsError(try s.run(statement), statement) { error in
                let error = error as? SQError
                XCTAssertEqual(error?.message, "no rows to analyse: the cohort is empty")
                XCTAssertEqual(error?.column, statement.distance(from: statement.startIndex, to: statement.range(of: "age > 200")!.lowerBound) + 1)
            }
        }
        XCTAssertEqual(try s.run("count where age > 200").first?.table?.rows.first, [.integer(0)], "a count of nothing is an answer")
    }

    func testEveryRowMissingNamesTheColumn() throws {
        let s = try session()
        XCTAssertThrowsError(try s.run("fit cox os ~ log(age - 1000)")) { error in
            let rendered = (error as? SQError)?.rendered ?? ""
            XCTAssertTrue(rendered.contains("every row has a missing value"), rendered)
            XCTAssertTrue(rendered.contains("`log(age-1000)` is missing in 120 of 120 rows"), rendered)
        }
    }

    func testANumberComparedWithWordsIsAnError() throws {
        let s = try session()
        XCTAssertThrowsError(try s.run("km os where age > \"sixty\"")) { error in
            let error = error as? SQError
            XCTAssertEqual(error?.message, "`age` is a number and \"sixty\" is text: they never compare as meant")
            XCTAssertEqual(error?.column, 19)
        }
        XCTAssertNoThrow(try s.run("km os where age > \"60\""), "text that reads as a number compares as one")
    }

    func testUnknownColumnSuggestsTheClosestName() throws {
        let s = try session()
        XCTAssertThrowsError(try s.run("fit cox os ~ maxdiam", name: "a.sq")) { error in
            let error = error as? SQError
            XCTAssertEqual(error?.line, 1)
            XCTAssertEqual(error?.column, 14)
            XCTAssertTrue(error?.message.contains("unknown column `maxdiam`") == true, "\(String(describing: error))")
            XCTAssertTrue(error?.rendered.contains("did you mean `maxdiam2`?") == true || error?.rendered.contains("did you mean `maxdiam_cm`?") == true)
            XCTAssertTrue(error?.rendered.hasPrefix("a.sq:1:14: error:") == true, "\(String(describing: error?.rendered))")
            XCTAssertTrue(error?.rendered.contains("^") == true)
        }
    }

    func testEventCodedOneTwoIsAnErrorWithTheFix() throws {
        let s = try Session()
        try s.run("import \"\(Repository.path("samples/data/lung.csv"))\" as lung")
        try s.run("endpoint os = surv(time, status)")
        XCTAssertThrowsError(try s.run("km os")) { error in
            let text = (error as? SQError)?.rendered ?? ""
            XCTAssertTrue(text.contains("found 1, 2"), text)
            XCTAssertTrue(text.contains("status == 2"), text)
        }
    }

    func testQuotesAndSemicolonsInAValueAreData() throws {
        let s = try session()
        let nasty = "x'); drop table pm; -- \"quoted\""
        let table = try XCTUnwrap(s.run("sql \"select ? as v\", \"\(nasty.replacingOccurrences(of: "\"", with: "\\\""))\"").first?.table)
        XCTAssertEqual(table.rows.first?.first, .text(nasty))
        let n = try XCTUnwrap(s.run("count where histotype = \"\(nasty.replacingOccurrences(of: "\"", with: "\\\""))\"").first?.table)
        XCTAssertEqual(n.rows.first?.last, .integer(0))
        XCTAssertEqual(try s.run("count").first?.table?.rows.first?.last, .integer(120))
    }

    func testAnOpenedDatabaseIsNotModifiedUnlessWritable() throws {
        let directory = try temporaryDirectory()
        let path = directory + "/cohort.db"
        let setup = try Database(path: path, writable: true)
        try setup.execute(SQL("CREATE TABLE t (id INTEGER, x REAL)"))
        try setup.execute(SQL("INSERT INTO t VALUES (1, 2.5)"))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let s = try Session()
        try s.run("open \"\(path)\"")
        XCTAssertThrowsError(try s.run("sql \"insert into t values (2, 3.5)\""))
        XCTAssertThrowsError(try s.run("sql \"drop table t\""))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertEqual(try s.run("count").first?.table?.rows.first?.last, .integer(1))
    }

    func testMissingFileIsAMissingInputError() throws {
        let s = try Session()
        XCTAssertThrowsError(try s.run("import \"/no/such/file.csv\" as x")) { error in
            XCTAssertEqual((error as? SQError)?.kind, .missingInput)
        }
    }

    func testDurationsNeedAnEndpointUnit() throws {
        let s = try Session()
        try s.run("import \"\(Repository.path("samples/data/lung.csv"))\" as lung")
        try s.run("endpoint os = surv(time, status == 2)")
        XCTAssertThrowsError(try s.run("km os at 1y")) { error in
            XCTAssertTrue((error as? SQError)?.rendered.contains("unit = days") == true)
        }
    }
}

/// Trouble a real cohort brings, end to end: the fit finishes with a warning or a clear error.
final class SessionTroubleTests: XCTestCase {
    func session(_ csv: String) throws -> Session {
        let directory = try temporaryDirectory()
        let path = directory + "/d.csv"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let s = try Session()
        try s.run("import \"\(path)\" as d\nendpoint e = surv(t, s)")
        return s
    }

    func testMonotoneLikelihoodWarnsAndFinishes() throws {
        // Every event in group 1 precedes every row of group 0: the coefficient runs to infinity.
        let rows = (1...10).map { "\($0),1,1,\($0 % 3)" } + (11...20).map { "\($0),\($0 % 2),0,\($0 % 3)" }
        let s = try session("t,s,g,x\n" + rows.joined(separator: "\n") + "\n")
        let result = try XCTUnwrap(s.run("fit cox e ~ g + x").first)
        let cox = try XCTUnwrap(result.cox)
        XCTAssertTrue(cox.warnings.contains { $0.contains("`g`") && $0.contains("infinite") }, "\(cox.warnings)")
        XCTAssertTrue(cox.terms.allSatisfy { $0.coefficient?.isFinite ?? true })
    }

    func testCollinearTermIsDroppedWithAWarning() throws {
        let rows = (1...30).map { "\($0),\($0 % 3 == 0 ? 0 : 1),\($0 % 7),\(2 * ($0 % 7))" }
        let s = try session("t,s,a,b\n" + rows.joined(separator: "\n") + "\n")
        let cox = try XCTUnwrap(s.run("fit cox e ~ a + b").first?.cox)
        XCTAssertNil(cox.term("b")?.coefficient)
        XCTAssertNotNil(cox.term("a")?.coefficient)
        XCTAssertTrue(cox.warnings.contains { $0.contains("`b`") }, "\(cox.warnings)")
    }

    func testAllCensoredIsAClearError() throws {
        let s = try session("t,s,a\n1,0,1\n2,0,2\n3,0,3\n")
        XCTAssertThrowsError(try s.run("fit cox e ~ a")) { error in
            XCTAssertTrue((error as? SQError)?.message.contains("censored") == true, "\(error)")
        }
        let km = try XCTUnwrap(s.run("km e").first?.km)
        XCTAssertNil(km.strata.first?.median)
        XCTAssertEqual(km.strata.first?.events, 0)
    }
}

/// `plot km` through a session: the at-risk table equals the Kaplan–Meier numbers at the breaks.
final class PlotSessionTests: XCTestCase {
    func testAtRiskCountsMatchKaplanMeierAtTheBreaks() throws {
        let directory = try temporaryDirectory()
        let s = try Session()
        try s.run("""
            import "\(Repository.path("samples/data/lung.csv"))" as lung
            endpoint os = surv(time, status == 2, unit = days)
            """)
        let plot = try XCTUnwrap(s.run("plot km os by sex to \"\(directory)/km.svg\"").first.flatMap { r -> PlotResult? in
            if case .plot(let p) = r.value { return p } else { return nil }
        })
        let breaks = try XCTUnwrap(plot.breaks)
        XCTAssertEqual(breaks, [0, 200, 400, 600, 800, 1000])
        let times = breaks.map { "\(Int($0))" }.joined(separator: ", ")
        let km = try XCTUnwrap(s.run("km os by sex at \(times)").first?.km)
        XCTAssertEqual(plot.atRisk, km.strata.map { $0.at.map(\.nRisk) })
        XCTAssertEqual(plot.series, ["sex=1", "sex=2"])
        let svg = try String(contentsOfFile: directory + "/km.svg", encoding: .utf8)
        XCTAssertEqual(svg.components(separatedBy: "class=\"curve\"").count - 1, 2)
        XCTAssertTrue(svg.contains("Log-rank p = 0.001"), "survdiff p for sex is 0.0013")
    }

    func testForestOfAKeptModelAndErrors() throws {
        let directory = try temporaryDirectory()
        let s = try Session()
        try s.run("""
            import "\(Repository.path("samples/data/lung.csv"))" as lung
            endpoint os = surv(time, status == 2)
            let m = fit cox os ~ age + factor(`ph.ecog`, ref = 0)
            """)
        let forest = try XCTUnwrap(s.run("plot forest m to \"\(directory)/f.svg\"").first.flatMap { r -> PlotResult? in
            if case .plot(let p) = r.value { return p } else { return nil }
        })
        XCTAssertEqual(forest.series, ["age", "ph.ecog 0", "ph.ecog 1", "ph.ecog 2", "ph.ecog 3"])
        XCTAssertThrowsError(try s.run("plot forest m to \"\(directory)/f.jpg\""), ".pdf is a format now (issue 24); .jpg is not")
        XCTAssertThrowsError(try s.run("plot forest nope to \"\(directory)/f.svg\""))
    }
}

/// `pool` through a session gives metafor's numbers (Tests/Fixtures/R/pool_reference.R).
final class PoolSessionTests: XCTestCase {
    func testPoolStatementMatchesMetafor() throws {
        var expected: [String: Double] = [:]
        let text = try String(contentsOfFile: Repository.path("Tests/Fixtures/R/pool_expected.csv"), encoding: .utf8)
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",").map(String.init)
            if parts.count == 3 { expected["\(parts[0]).\(parts[1])"] = Double(parts[2]) }
        }
        let s = try Session()
        try s.run("import \"\(Repository.path("Tests/Fixtures/data/pool_bcg.csv"))\" as bcg")
        for method in ["fe", "dl", "reml"] {
            let result = try XCTUnwrap(s.run("pool estimate = yi, se = sei, label = study with method = \(method)").first)
            guard case .pool(let pool) = result.value else { return XCTFail("not a pool result") }
            assertClose(pool.estimate, expected, "bcg.\(method).estimate")
            assertClose(pool.lower, expected, "bcg.\(method).lower")
            assertClose(pool.upper, expected, "bcg.\(method).upper")
            if method == "fe" { XCTAssertEqual(pool.tau2, 0) } else { assertClose(pool.tau2, expected, "bcg.\(method).tau2") }
            assertClose(pool.i2, expected, "bcg.\(method).i2")
            assertClose(pool.q, expected, "bcg.\(method).q")
            XCTAssertEqual(pool.k, 13)
            XCTAssertEqual(pool.studies.first?.label, "Aronson 1948")
        }
        XCTAssertThrowsError(try s.run("pool estimate = yi, label = study")) { error in
            XCTAssertTrue((error as? SQError)?.message.contains("se = column") == true)
        }
    }
}

/// `pool survival`, the summary helpers and the forest plot of a pooled result.
final class PoolSurvivalSessionTests: XCTestCase {
    func testPooledKaplanMeierRatesMatchMetafor() throws {
        var expected: [String: Double] = [:]
        let text = try String(contentsOfFile: Repository.path("Tests/Fixtures/R/pool_expected.csv"), encoding: .utf8)
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ",").map(String.init)
            if parts.count == 3, parts[0] == "poolsurv" { expected[parts[1]] = Double(parts[2]) }
        }
        let s = try Session()
        try s.run("""
            import "\(Repository.path("samples/data/lung.csv"))" as lung
            endpoint os = surv(time, status == 2, unit = days)
            cohort men = where sex = 1
            cohort women = where sex = 2
            """)
        let result = try XCTUnwrap(s.run("pool survival os at 1y from men, women with method = dl, transform = logit").first)
        guard case .poolSurvival(let pooled) = result.value, let pool = pooled.at.first?.pool else { return XCTFail("no pooled result") }
        assertClose(pool.estimate, expected, "estimate")
        assertClose(pool.lower, expected, "lower")
        assertClose(pool.upper, expected, "upper")
        assertClose(pool.tau2, expected, "tau2")
        assertClose(pool.studies.first?.estimate, expected, "men")
        assertClose(pool.studies.last?.estimate, expected, "women")
        XCTAssertEqual(pooled.at.first?.label, "1y")
    }

    func testSummaryHelpersAndForestOfAPool() throws {
        let directory = try temporaryDirectory()
        try "study,median,lo,hi,rate,l,u\nA,10,2,30,0.8,0.7,0.9\nB,12,4,40,0.7,0.55,0.85\nC,8,1,20,0.75,0.6,0.9\n"
            .write(toFile: directory + "/s.csv", atomically: true, encoding: .utf8)
        let s = try Session()
        try s.run("import \"\(directory)/s.csv\" as s")
        let table = try XCTUnwrap(s.run("list hozo_mean(median, lo, hi), hozo_sd(median, lo, hi), se_from_ci(l, u) where study = 'A'").first?.table)
        XCTAssertEqual(table.rows.first?[0], .integer(13))
        XCTAssertEqual(table.rows.first?[1].doubleValue ?? 0, ((12.0 * 12.0 / 4 + 28.0 * 28.0) / 12).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(table.rows.first?[2].doubleValue ?? 0, 0.2 / (2 * 1.959963984540054), accuracy: 1e-12)
        try s.run("let p = pool estimate = rate, lower = l, upper = u, label = study with transform = logit")
        let plot = try XCTUnwrap(s.run("plot forest p to \"\(directory)/pool.svg\"").first.flatMap { r -> PlotResult? in
            if case .plot(let p) = r.value { return p } else { return nil }
        })
        XCTAssertEqual(plot.series, ["A", "B", "C", "Pooled (REML)"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/pool.svg"))
    }
}
