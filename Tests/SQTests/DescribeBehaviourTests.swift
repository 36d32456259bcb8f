import XCTest
@testable import SQ
@testable import SQRender

/// `describe` on small registered tables: the edge cases of a Table 1 and
/// `set min_cell` in text, JSON and the typed result.
final class DescribeBehaviourTests: XCTestCase {
    /// arm A: 6 patients, B: 5, C: 3 whose `score` is all missing; `grade` has an
    /// empty level in C, `flag` is 0/1, `same` is constant, one `arm` is NULL.
    func session() throws -> Session {
        let session = try Session()
        func row(_ arm: String?, _ score: Double?, _ grade: String?, _ flag: Int64) -> [Value] {
            [arm.map(Value.text) ?? .null, score.map(Value.real) ?? .null, grade.map(Value.text) ?? .null, .integer(flag), .integer(7)]
        }
        let rows: [[Value]] = [
            row("A", 1.5, "low", 0), row("A", 2.5, "low", 1), row("A", 3.0, "high", 1), row("A", nil, "high", 0),
            row("A", 4.0, "mid", 1), row("A", 5.5, nil, 1),
            row("B", 2.0, "low", 0), row("B", 6.0, "high", 0), row("B", 7.5, "high", 1), row("B", 8.0, "mid", 0), row("B", 9.0, "high", 0),
            row("C", nil, "low", 1), row("C", nil, "high", 0), row("C", nil, "high", 0),
            row(nil, 3.0, "low", 0),
        ]
        try session.register(table: "t", columns: ["arm", "score", "grade", "flag", "same"], rows: rows)
        return session
    }

    func describe(_ session: Session, _ statement: String) throws -> (DescribeResult, StatementResult) {
        let result = try XCTUnwrap(session.run(statement).last)
        guard case .describe(let r) = result.value else { throw XCTSkip("not a describe result") }
        return (r, result)
    }

    func testGroupsLevelsMissingAndTypes() throws {
        let (r, result) = try describe(try session(), "describe score, grade, flag, same by arm with tests = true")
        XCTAssertEqual(r.groups.map(\.label), ["A", "B", "C", "Overall"])
        XCTAssertEqual(r.groups.map(\.n), [6, 5, 3, 14])
        XCTAssertEqual(r.nDropped, 1)
        XCTAssertEqual(result.warnings, ["1 row with a missing `arm` left out"])
        XCTAssertEqual(r.variables.map(\.type), ["numeric", "categorical", "categorical", "numeric"])
        let score = r.variables[0]
        XCTAssertEqual(score.missing.map(\.n), [1, 0, 3, 4])
        XCTAssertEqual(score.summaries?[2].n, 0, "a group with all values missing")
        XCTAssertNil(score.summaries?[2].median)
        XCTAssertEqual(score.summaries?[0].median, 3.0)
        XCTAssertEqual(score.summaries?[3].min, 1.5)
        // Kruskal–Wallis over the groups that have values (C has none): two groups left.
        XCTAssertEqual(score.test?.method, "kruskal")
        XCTAssertEqual(score.test?.df, 1)
        let grade = r.variables[1]
        XCTAssertEqual(grade.levels?.map(\.level), [.text("high"), .text("low"), .text("mid")])
        XCTAssertEqual(grade.levels?[2].counts.map(\.n), [1, 1, 0, 2], "mid is an empty level in C")
        XCTAssertEqual(grade.missing.map(\.n), [1, 0, 0, 1])
        XCTAssertEqual(try XCTUnwrap(grade.levels?[0].counts[0].percent), 40, accuracy: 1e-12, "of the non-missing values")
        XCTAssertEqual(grade.test?.method, "fisher", "expected counts below 5")
        XCTAssertEqual(r.variables[2].levels?.map(\.level), [.integer(0), .integer(1)])
        let same = r.variables[3]
        XCTAssertNil(same.test?.p)
        XCTAssertEqual(same.test?.note, "every value is the same")
    }

    func testOneGroupOnlyHasNoTest() throws {
        let (r, _) = try describe(try session(), "describe score, grade by arm where arm == \"A\" with tests = true")
        XCTAssertEqual(r.groups.map(\.label), ["A", "Overall"])
        XCTAssertEqual(r.variables.map { $0.test?.note }, ["one group only", "one group only"])
        XCTAssertNil(r.variables[0].test?.p)
    }

    func testTextTableLooksLikeATable1() throws {
        let s = try session()
        let result = try XCTUnwrap(s.run("describe score, grade by arm with tests = true, stats = iqr").last)
        let text = try Renderer(format: .text).render(result)
        XCTAssertTrue(text.hasPrefix("Table 1 by arm\n"), text)
        XCTAssertTrue(text.contains("A (n = 6)"), text)
        XCTAssertTrue(text.contains("Overall (n = 14)"), text)
        XCTAssertTrue(text.contains("score, median [Q1–Q3]"), text)
        XCTAssertTrue(text.contains("\n  high "), text)
        XCTAssertTrue(text.contains("\n  missing "), text)
        XCTAssertTrue(text.contains("p: Kruskal–Wallis rank-sum test; Fisher's exact test"), text)
        let mean = try Renderer(format: .text).render(try XCTUnwrap(s.run("describe score with stats = mean").last))
        XCTAssertTrue(mean.contains("score, mean ± SD"), mean)
        XCTAssertFalse(mean.contains(" p\n"), "no p column without tests")
        let markdown = try Renderer(format: .markdown).render(result)
        XCTAssertTrue(markdown.contains("| characteristic | A (n = 6) |"), markdown)
        let csv = try Renderer(format: .csv).render(result)
        XCTAssertTrue(csv.hasPrefix("result,kind,line,statement,by,stats,n_dropped"), csv)
        XCTAssertTrue(csv.contains("describe.variables.levels.counts,"), csv)
        XCTAssertTrue(csv.contains(",A,") && csv.contains(",Overall,"), "every count names its group: \(csv)")
    }

    func testJSONKind() throws {
        let s = try session()
        let tree = try ResultDocument.tree(try XCTUnwrap(s.run("describe score, grade by arm with tests = true").last))
        XCTAssertEqual(tree["kind"], .string("describe"))
        XCTAssertEqual(tree["by"], .string("arm"))
        guard case .array(let variables) = tree["variables"], case .array(let groups) = tree["groups"] else { return XCTFail("no arrays") }
        XCTAssertEqual(groups.count, 4)
        XCTAssertEqual(variables[1]["type"], .string("categorical"))
        guard case .object(let test) = variables[1]["test"] else { return XCTFail("no test") }
        XCTAssertEqual(test.first?.1, .string("fisher"))
    }

    func testMinCellSuppressesSmallCountsEverywhereAndZeroTurnsItOff() throws {
        let s = try session()
        try s.run("set min_cell = 5")
        let result = try XCTUnwrap(s.run("describe grade, flag by arm").last)
        guard case .describe(let typed) = result.value else { return XCTFail("not describe") }
        XCTAssertEqual(typed.variables[0].levels?[2].counts[0].n, 1, "the typed result keeps the exact count")
        XCTAssertEqual(result.minCell, 5)
        let text = try Renderer(format: .text).render(result)
        XCTAssertTrue(text.contains("A (n = 6)"), text)
        XCTAssertTrue(text.contains("C (n = <5)"), text)
        XCTAssertTrue(text.contains("<5"), text)
        XCTAssertFalse(text.contains(" 1 ("), text)
        XCTAssertTrue(text.contains("counts from 1 to 4 are shown as <5 (set min_cell = 5)"), text)
        let tree = try ResultDocument.tree(result)
        guard case .array(let groups) = tree["groups"], case .array(let variables) = tree["variables"],
              case .array(let levels) = variables[0]["levels"], case .array(let counts) = levels[2]["counts"] else { return XCTFail("shape") }
        XCTAssertEqual(groups[2]["n"], .null)
        XCTAssertEqual(groups[2]["suppressed"], .bool(true))
        XCTAssertEqual(groups[0]["n"], .integer(6))
        XCTAssertNil(groups[0]["suppressed"])
        XCTAssertEqual(counts[0]["n"], .null)
        XCTAssertEqual(counts[0]["percent"], .null, "a percentage would give the count away")
        XCTAssertEqual(counts[0]["suppressed"], .bool(true))
        XCTAssertEqual(counts[2]["n"], .integer(0), "zero discloses no patient")

        try s.run("set min_cell = 0")
        let off = try Renderer(format: .text).render(try XCTUnwrap(s.run("describe grade by arm").last))
        XCTAssertTrue(off.contains("C (n = 3)"), off)
        XCTAssertFalse(off.contains("<5"), off)
        XCTAssertFalse(off.contains("min_cell"), off)
    }

    func testMinCellInSurvivalTables() throws {
        let s = try Session()
        try s.run("""
            import "\(Repository.path("samples/data/lung.csv"))" as lung
            endpoint os = surv(time, status == 2, unit = days)
            set min_cell = 10
            """)
        let km = try XCTUnwrap(s.run("km os by `ph.ecog` at 2y").last)
        let text = try Renderer(format: .text).render(km)
        XCTAssertTrue(text.contains("ph.ecog=3        1       1") == false, text)
        XCTAssertTrue(text.contains("<10"), text)
        XCTAssertTrue(text.contains("counts from 1 to 9 are shown as <10"), text)
        let tree = try ResultDocument.tree(km)
        guard case .array(let strata) = tree["strata"] else { return XCTFail("no strata") }
        let last = try XCTUnwrap(strata.last)
        XCTAssertEqual(last["n"], .null)
        XCTAssertEqual(last["events"], .null)
        XCTAssertEqual(last["suppressed"], .bool(true))
        XCTAssertEqual(strata[0]["n"], .integer(63))
        let cox = try Renderer(format: .text).render(try XCTUnwrap(s.run("fit cox os ~ age where `ph.ecog` == 3").last))
        XCTAssertTrue(cox.contains("n = <10, events = <10"), cox)
    }
}
