import Foundation
import XCTest
@testable import SQSurvival

/// Reads the golden files written by `Tests/Fixtures/R/cox_reference.R`:
/// `cox_<case>_input.csv` (R's design matrix and response) and
/// `cox_<case>_expected.txt` (key,value lines from R's `coxph`).
enum CoxFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("R")

    struct Case {
        let data: CoxData
        let expected: [String: String]
        let warningTexts: [String]

        func value(_ key: String) throws -> Double {
            guard let text = expected[key] else { throw FixtureError.missing(key) }
            if text == "NA" { return .nan }
            if text == "Inf" { return .infinity }
            if text == "-Inf" { return -.infinity }
            guard let v = Double(text) else { throw FixtureError.malformed(key, text) }
            return v
        }

        func integer(_ key: String) throws -> Int { Int(try value(key)) }
    }

    enum FixtureError: Error { case missing(String), malformed(String, String) }

    static func load(_ name: String) throws -> Case {
        let input = try String(contentsOf: directory.appendingPathComponent("cox_\(name)_input.csv"), encoding: .utf8)
        var lines = input.split(separator: "\n").map(String.init)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        var columns = [[Double]](repeating: [], count: header.count)
        for line in lines {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            for (j, f) in fields.enumerated() {
                guard let v = Double(f) else { throw FixtureError.malformed(header[j], String(f)) }
                columns[j].append(v)
            }
        }
        func column(_ name: String) -> [Double]? { header.firstIndex(of: name).map { columns[$0] } }
        let covariates = header.indices.filter { header[$0].hasPrefix("x") }.map { columns[$0] }
        let data = CoxData(
            time: column("time") ?? [], event: (column("status") ?? []).map { $0 == 1 },
            entry: column("start"), covariates: covariates,
            strata: column("strata")?.map { Int($0) }, cluster: column("cluster")?.map { Int($0) },
            offset: column("offset"))

        let text = try String(contentsOf: directory.appendingPathComponent("cox_\(name)_expected.txt"), encoding: .utf8)
        var expected: [String: String] = [:]
        var warnings: [String] = []
        for line in text.split(separator: "\n") {
            guard let comma = line.firstIndex(of: ",") else { continue }
            let key = String(line[..<comma]), value = String(line[line.index(after: comma)...])
            if key == "warning_text" { warnings.append(value) } else { expected[key] = value }
        }
        return Case(data: data, expected: expected, warningTexts: warnings)
    }
}

/// Relative-error bookkeeping: every comparison passes through here so the
/// largest error seen can be reported.
enum Tolerance {
    static let relative = 1e-6

    static func relativeError(_ actual: Double, _ expected: Double) -> Double {
        if actual == expected { return 0 }
        if expected.isNaN { return actual.isNaN ? 0 : .infinity }
        return abs(actual - expected) / max(abs(expected), 1e-300)
    }

    static func assertClose(_ actual: Double, _ expected: Double, _ what: String,
                            tolerance: Double = relative, file: StaticString = #filePath, line: UInt = #line) {
        let e = relativeError(actual, expected)
        XCTAssertLessThanOrEqual(e, tolerance, "\(what): got \(actual), R gives \(expected)", file: file, line: line)
    }
}
