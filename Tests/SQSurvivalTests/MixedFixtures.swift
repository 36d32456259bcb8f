import Foundation
import XCTest
@testable import SQSurvival

/// Reads the golden files written by `Tests/Fixtures/R/coxme_reference.R`:
/// `coxme_<case>_input.csv` (response, strata, group, R's design matrix) and
/// `coxme_<case>_expected.txt` (key,value lines from R's coxme / coxph).
enum MixedFixtures {
    struct Case {
        let data: CoxData
        /// Level code per row: the rank of the row's group value among the sorted distinct values.
        let group: [Int]
        let groupValues: [Double]
        let expected: [String: String]

        func value(_ key: String) throws -> Double {
            guard let text = expected[key] else { throw CoxFixtures.FixtureError.missing(key) }
            if text == "NA" { return .nan }
            guard let v = Double(text) else { throw CoxFixtures.FixtureError.malformed(key, text) }
            return v
        }
    }

    /// Checks values against a case's R values at a relative tolerance each,
    /// keeping the worst error of each kind for the summary line.
    final class Comparison {
        let fixture: Case
        let name: String
        let file: StaticString
        let line: UInt
        private(set) var worst: [String: Double] = [:]

        init(_ fixture: Case, name: String, file: StaticString, line: UInt) {
            self.fixture = fixture
            self.name = name
            self.file = file
            self.line = line
        }

        func close(_ actual: Double, _ key: String, _ tolerance: Double, _ what: String) throws {
            let expected = try fixture.value(key)
            let e = Tolerance.relativeError(actual, expected)
            worst[what] = max(worst[what] ?? 0, e)
            XCTAssertLessThanOrEqual(e, tolerance, "\(name) \(key): got \(actual), R gives \(expected)", file: file, line: line)
        }

        /// `what 1.2e-07, ...`, in name order.
        var summary: String {
            worst.keys.sorted().map { "\($0) \(String(format: "%.1e", worst[$0] ?? 0))" }.joined(separator: ", ")
        }
    }

    static func load(_ name: String) throws -> Case {
        let directory = CoxFixtures.directory
        let input = try String(contentsOf: directory.appendingPathComponent("coxme_\(name)_input.csv"), encoding: .utf8)
        var lines = input.split(separator: "\n").map(String.init)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        var columns = [[Double]](repeating: [], count: header.count)
        for line in lines {
            for (j, f) in line.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
                guard let v = Double(f) else { throw CoxFixtures.FixtureError.malformed(header[j], String(f)) }
                columns[j].append(v)
            }
        }
        func column(_ name: String) -> [Double]? { header.firstIndex(of: name).map { columns[$0] } }
        let covariates = header.indices.filter { header[$0].hasPrefix("x") }.map { columns[$0] }
        let data = CoxData(time: column("time") ?? [], event: (column("status") ?? []).map { $0 == 1 },
                           entry: column("start"), covariates: covariates,
                           strata: column("strata")?.map { Int($0) })
        let raw = column("group") ?? []
        let values = Array(Set(raw)).sorted()
        let code = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        let text = try String(contentsOf: directory.appendingPathComponent("coxme_\(name)_expected.txt"), encoding: .utf8)
        var expected: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let comma = line.firstIndex(of: ",") else { continue }
            expected[String(line[..<comma])] = String(line[line.index(after: comma)...])
        }
        return Case(data: data, group: raw.map { code[$0]! }, groupValues: values, expected: expected)
    }
}
