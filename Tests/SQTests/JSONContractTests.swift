import XCTest
@testable import SQ
@testable import SQRender

/// The JSON Lines contract of docs/results.md.
final class JSONContractTests: XCTestCase {
    func run(_ source: String) throws -> [JSONTree] {
        let session = try Session()
        try session.run("""
            import "\(Repository.path("samples/data/lung.csv"))" as lung
            endpoint os = surv(time, status == 2, unit = days)
            """)
        return try session.run(source).map(ResultDocument.tree)
    }

    func testEveryObjectHasKindLineAndStatement() throws {
        let trees = try run("km os by sex at 1y\nfit cox os ~ age\nlogrank os by sex")
        XCTAssertEqual(trees.map { $0["kind"] }, [.string("km"), .string("cox"), .string("logrank")])
        XCTAssertEqual(trees.map { $0["line"] }, [.integer(1), .integer(2), .integer(3)])
        XCTAssertEqual(trees[1]["statement"], .string("fit cox os ~ age"))
        guard case .object(let members) = trees[0] else { return XCTFail("not an object") }
        XCTAssertEqual(Array(members.map(\.0).prefix(3)), ["kind", "line", "statement"])
    }

    func testKaplanMeierFieldsAndNullForAnUnreachedLimit() throws {
        let tree = try XCTUnwrap(run("km os by sex").first)
        guard case .array(let strata) = tree["strata"] else { return XCTFail("no strata") }
        XCTAssertEqual(strata[0]["label"], .string("sex=1"))
        XCTAssertEqual(strata[0]["by"], .object([("sex", .integer(1))]))
        for key in ["n", "events", "n_dropped", "median", "median_lower", "median_upper", "at"] {
            XCTAssertNotNil(strata[0][key], key)
        }
        XCTAssertEqual(tree["conf_type"], .string("log"))
        // With a 99.99% band the upper limit of the median is never reached: null, not omitted.
        let wide = try XCTUnwrap(run("km os where sex = 2 with conf = 0.9999").first)
        guard case .array(let one) = wide["strata"] else { return XCTFail("no strata") }
        XCTAssertEqual(one[0]["median_upper"], .null)
    }

    func testCoxTermsAndTests() throws {
        let tree = try XCTUnwrap(run("fit cox os ~ age + factor(`ph.ecog`, ref = 0)").first)
        guard case .array(let terms) = tree["terms"] else { return XCTFail("no terms") }
        XCTAssertEqual(terms.first?["term"], .string("age"))
        XCTAssertEqual(terms.first?["level"], .null)
        XCTAssertEqual(terms.last?["term"], .string("ph.ecog"))
        XCTAssertEqual(terms.last?["level"], .string("3"))
        for key in ["coef", "se", "naive_se", "hr", "lower", "upper", "z", "p"] { XCTAssertNotNil(terms.first?[key], key) }
        for test in ["lr", "wald", "score"] {
            XCTAssertNotNil(tree["tests"]?[test]?["stat"], test)
            XCTAssertNotNil(tree["tests"]?[test]?["df"], test)
        }
        XCTAssertNil(tree["frailty"], "frailty is present only for frailty models")
        guard case .array(let loglik) = tree["loglik"] else { return XCTFail("no loglik") }
        XCTAssertEqual(loglik.count, 2)
    }

    func testALineBreakInAValueStaysOnItsRowInTextButNotInCSV() throws {
        let view = TableView(title: nil, columns: ["id", "note"], rows: [[.init("1"), .init("two\nlines")]])
        XCTAssertEqual(view.text().split(separator: "\n").count, 3, "header, rule, one row")
        XCTAssertTrue(view.text().contains("two\\nlines"))
        XCTAssertTrue(view.csv().contains("\"two\nlines\""), "CSV keeps the value, quoted")
    }

    func testNumbersKeepFullPrecision() {
        XCTAssertEqual(JSONTree.number(0.1 + 0.2).serialized(), "0.30000000000000004")
        XCTAssertEqual(JSONTree.number(.nan).serialized(), "null")
        XCTAssertEqual(JSONTree.string("a\"b\n").serialized(), "\"a\\\"b\\n\"")
    }
}
