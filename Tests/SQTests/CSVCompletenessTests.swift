import Foundation
import XCTest
import SQText
@testable import SQ
@testable import SQRender

/// `--format csv` carries every field of the JSON result, one column each,
/// with the same full-precision values, and names the table of every row.
final class CSVCompletenessTests: XCTestCase {
    /// Every leaf of a JSON object as CSVDocument names its column: nested
    /// objects `a.b`, lists of values `a.1`, and a list of records by its own
    /// name (its records are rows).
    func leaves(_ value: Any, _ path: String, into out: inout [String: Set<String>]) {
        if let object = value as? [String: Any] {
            for (key, inner) in object { leaves(inner, path.isEmpty ? key : path + "." + key, into: &out) }
        } else if let array = value as? [Any] {
            if array.first is [String: Any] {
                for item in array { leaves(item, path, into: &out) }
            } else {
                for (i, item) in array.enumerated() { leaves(item, "\(path).\(i + 1)", into: &out) }
            }
        } else if !(value is NSNull) {
            out[path, default: []].insert("\(value)")
        }
    }

    func testCSVHoldsWhatJSONHolds() throws {
        let s = try Session()
        let results = try s.run("""
            import "\(Repository.path("Tests/Fixtures/data/lung.csv"))" as lung
            endpoint os = surv(time, status == 2)
            km os by sex at 365, 730
            logrank os by sex
            followup os
            fit cox os ~ age + factor(`ph.ecog`) + strata(sex)
            each os ~ age, `ph.karno`
            count by sex
            """)
        XCTAssertEqual(results.count, 7)
        for result in results {
            let json = try JSONSerialization.jsonObject(with: Data(ResultDocument.line(result).utf8))
            var expected: [String: Set<String>] = [:]
            if var object = json as? [String: Any], let columns = object["columns"] as? [String], let rows = object["rows"] as? [[Any]] {
                // A table result's rows are records of its columns.
                object["rows"] = rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }
                object["columns"] = nil
                leaves(object, "", into: &expected)
            } else {
                leaves(json, "", into: &expected)
            }
            let tables = CSVDocument.tables(try ResultDocument.tree(result))
            XCTAssertFalse(tables.isEmpty)
            var columns = Set<String>()
            for table in tables {
                XCTAssertTrue(table.name.hasPrefix(result.value.kind), table.name)
                columns.formUnion(table.columns)
                for row in table.rows { XCTAssertEqual(row.count, table.columns.count) }
            }
            for key in expected.keys {
                XCTAssertTrue(columns.contains(key), "\(result.value.kind): CSV lacks `\(key)`; it has \(columns.sorted())")
            }
            // Full precision: a coefficient reads back to the same double.
            if let cox = result.cox, let table = tables.first(where: { $0.name == "cox.terms" }),
               let column = table.columns.firstIndex(of: "terms.coef") {
                XCTAssertEqual(table.rows.compactMap { Double($0[column]) }, cox.terms.compactMap(\.coefficient))
            }
        }
    }

    func testCSVEscapesControlCharacters() throws {
        let table = CSVDocument.Table(name: "t", columns: ["v"], rows: [["\u{1b}[31mred"]])
        XCTAssertEqual(CSVDocument.csv(table), "result,v\nt,\\u001b[31mred\n")
    }
}
