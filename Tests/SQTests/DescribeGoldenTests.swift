import XCTest
@testable import SQ

/// `describe` end to end on R's data sets against Tests/Fixtures/R/describe_reference.R:
/// every group size, count, percentage, missing count, median, quartile, range,
/// mean, SD, the test chosen and its statistic and p.
final class DescribeGoldenTests: XCTestCase {
    static let expected: [String: String] = {
        let text = (try? String(contentsOfFile: Repository.path("Tests/Fixtures/R/describe_expected.csv"), encoding: .utf8)) ?? ""
        var values: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            guard let comma = line.firstIndex(of: ",") else { continue }
            values[String(line[..<comma])] = String(line[line.index(after: comma)...])
        }
        return values
    }()

    /// The largest relative error seen per kind of value, printed at the end of each case.
    var worst: [String: Double] = [:]

    func describe(_ table: String, _ statement: String) throws -> DescribeResult {
        let session = try Session()
        try session.run("import \"\(Repository.path("Tests/Fixtures/data/\(table).csv"))\" as \(table)")
        let result = try XCTUnwrap(session.run(statement).last)
        guard case .describe(let r) = result.value else { throw XCTSkip("not a describe result") }
        return r
    }

    func check(_ actual: Double?, _ key: String, kind: String, tolerance: Double = 1e-6, line: UInt = #line) {
        guard let text = Self.expected[key] else { return XCTFail("no reference value \(key)", line: line) }
        guard let expected = Double(text) else { return XCTFail("\(key) is not a number: \(text)", line: line) }
        guard let actual else { return XCTFail("\(key): SQ gave no value, R gave \(expected)", line: line) }
        let error = abs(actual - expected) / max(abs(expected), 1e-300)
        worst[kind] = max(worst[kind] ?? 0, error)
        XCTAssertLessThanOrEqual(error, tolerance, "\(key): SQ \(actual), R \(expected)", line: line)
    }

    /// Compares every value of `r` with case `name` and checks none of R's keys went unread.
    func compare(_ r: DescribeResult, _ name: String, line: UInt = #line) {
        var read = 0
        func key(_ k: String) -> String { read += 1; return "\(name).\(k)" }
        let groups = r.groups.map { $0.overall ? "overall" : $0.label }
        for (g, group) in zip(groups, r.groups) { check(Double(group.n), key("n.\(g)"), kind: "n", line: line) }
        for v in r.variables {
            for (j, g) in groups.enumerated() {
                check(Double(v.missing[j].n), key("\(v.label).\(g).missing"), kind: "count", line: line)
                if let s = v.summaries?[j] {
                    check(Double(s.n), key("\(v.label).\(g).n"), kind: "count", line: line)
                    guard s.n > 0 else { continue }
                    for (stat, value) in [("mean", s.mean), ("sd", s.sd), ("median", s.median), ("q1", s.q1), ("q3", s.q3), ("min", s.min), ("max", s.max)] {
                        check(value, key("\(v.label).\(g).\(stat)"), kind: stat, tolerance: 1e-9, line: line)
                    }
                }
                for level in v.levels ?? [] {
                    check(Double(level.counts[j].n), key("\(v.label).\(g).level.\(level.level).n"), kind: "count", line: line)
                    check(level.counts[j].percent, key("\(v.label).\(g).level.\(level.level).percent"), kind: "percent", tolerance: 1e-12, line: line)
                }
            }
            guard let test = v.test, r.by != nil else { continue }
            XCTAssertEqual(test.method, Self.expected[key("\(v.label).test")], "\(name).\(v.label) test", line: line)
            if test.method != "fisher" { check(test.statistic, key("\(v.label).statistic"), kind: "\(test.method) statistic", line: line) }
            check(test.p, key("\(v.label).p"), kind: "\(test.method) p", line: line)
        }
        let available = Self.expected.keys.filter { $0.hasPrefix(name + ".") }.count
        XCTAssertEqual(read, available, "\(name): \(available - read) reference values not compared", line: line)
        print("describe \(name), largest relative error:", worst.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    func testPBCByTreatmentWilcoxonAndChiSquare() throws {
        let r = try describe("pbc", "describe age, bili, sex, factor(stage), ascites, edema by trt with tests = true")
        XCTAssertEqual(r.nDropped, 106)
        XCTAssertEqual(r.variables.map(\.type), ["numeric", "numeric", "categorical", "categorical", "categorical", "numeric"])
        compare(r, "pbc_trt")
    }

    func testPBCByStageKruskalAndFisherRByC() throws {
        compare(try describe("pbc", "describe age, bili, sex, factor(edema) by stage with tests = true"), "pbc_stage")
    }

    func testPBCBySexFisherThreeByTwo() throws {
        let r = try describe("pbc", "describe factor(edema), hepato by sex with tests = true")
        XCTAssertEqual(r.variables[0].levels?.map(\.level.description), ["0", "0.5", "1"])
        XCTAssertEqual(r.variables[0].test?.method, "fisher")
        compare(r, "pbc_sex")
    }

    func testLungBySexWithMissingValues() throws {
        let r = try describe("lung", "describe factor(`ph.ecog`), age, `wt.loss`, `meal.cal` by sex with tests = true")
        compare(r, "lung_sex")
    }

    func testColonByTreatmentThreeGroups() throws {
        let r = try describe("colon", "describe nodes, factor(differ), factor(extent), age by rx where etype == 2 with tests = true")
        XCTAssertEqual(r.groups.map(\.label), ["Lev", "Lev+5FU", "Obs", "Overall"])
        compare(r, "colon_rx")
    }

    func testVeteranByTreatment() throws {
        compare(try describe("veteran", "describe celltype, karno, prior by trt with tests = true"), "veteran_trt")
    }

    func testOverallColumnAloneWithoutBy() throws {
        let r = try describe("lung", "describe age, factor(sex), time")
        XCTAssertEqual(r.groups.count, 1)
        XCTAssertNil(r.variables[0].test)
        compare(r, "lung_all")
    }
}
