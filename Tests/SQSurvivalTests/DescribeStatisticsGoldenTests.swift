import Foundation
import XCTest
@testable import SQSurvival

/// The statistics of a Table 1 against R (Tests/Fixtures/R/describe_reference.R):
/// Fisher's exact test on 2 × 2 to 5 × 4 tables, Pearson's chi-square, the
/// Wilcoxon rank-sum and Kruskal–Wallis tests with ties, type-7 quantiles.
final class DescribeStatisticsGoldenTests: XCTestCase {
    static let expected: [String: String] = {
        let url = Fixtures.directory.appendingPathComponent("describe_expected.csv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        var values: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            guard let comma = line.firstIndex(of: ",") else { continue }
            values[String(line[..<comma])] = String(line[line.index(after: comma)...])
        }
        return values
    }()

    func number(_ key: String) throws -> Double {
        let text = try XCTUnwrap(Self.expected[key], "no reference value \(key)")
        return try XCTUnwrap(Double(text), "\(key) is not a number: \(text)")
    }

    func assertRelative(_ actual: Double, _ key: String, _ tolerance: Double = 1e-9, line: UInt = #line) throws {
        let expected = try number(key)
        let error = abs(actual - expected) / max(abs(expected), 1e-300)
        XCTAssertLessThanOrEqual(error, tolerance, "\(key): SQ \(actual), R \(expected)", line: line)
    }

    func table(_ name: String) throws -> [[Int]] {
        let fields = try XCTUnwrap(Self.expected["fisher.\(name).cells"]).split(separator: " ").compactMap { Int($0) }
        let (r, c) = (fields[0], fields[1])
        return (0..<r).map { i in Array(fields[(2 + i * c)..<(2 + (i + 1) * c)]) }
    }

    static let tables = ["colon_extent_rx", "two_by_two", "three_by_two", "symmetric", "five_by_four", "sparse_four"]

    func testFisherExactMatchesFisherTest() throws {
        for name in Self.tables {
            try assertRelative(try FisherExact.pValue(try table(name)), "fisher.\(name).p", 1e-7)
        }
    }

    func testFisherExactIsTheSameOnTheTransposedTable() throws {
        // The large colon table is left to the test above: its transpose is searched the same way.
        for name in Self.tables where name != "colon_extent_rx" {
            let t = try table(name)
            let transposed = (0..<t[0].count).map { j in t.map { $0[j] } }
            try assertRelative(try FisherExact.pValue(transposed), "fisher.\(name).p", 1e-7)
        }
    }

    func testPearsonChiSquareMatchesChisqTest() throws {
        for name in Self.tables {
            let result = try ContingencyTests.pearsonChiSquare(try table(name))
            try assertRelative(result.statistic, "chisq.\(name).statistic", 1e-12)
            try assertRelative(result.p, "chisq.\(name).p", 1e-9)
        }
    }

    func testRankTestsWithTiesMatchR() throws {
        let x = [1.5, 2, 2, 3, 3, 3, 7, 8.25], y: [Double] = [2, 3, 4, 4, 9, 10, 10]
        let w = try RankTests.wilcoxonRankSum(x, y)
        try assertRelative(w.statistic, "wilcoxon.ties.statistic", 1e-14)
        try assertRelative(w.p, "wilcoxon.ties.p", 1e-12)
        let k = try RankTests.kruskalWallis([[2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0], [3.0, 3.0, 2.2]])
        try assertRelative(k.statistic, "kruskal.ties.statistic", 1e-12)
        try assertRelative(k.p, "kruskal.ties.p", 1e-10)
        XCTAssertEqual(k.df, 3)
    }

    func testType7Quantiles() throws {
        let x = [1.5, 2, 2, 3, 3, 3, 7, 8.25]
        for (i, p) in [0.1, 0.25, 0.5, 0.75, 0.9].enumerated() {
            try assertRelative(Quantile.type7(sorted: x, p), "quantile.ties.q\(i + 1)", 1e-15)
        }
        let s = NumericSummary(x + [.nan])
        XCTAssertEqual(s.n, 8)
        XCTAssertEqual(s.min, 1.5)
        XCTAssertEqual(s.max, 8.25)
        XCTAssertEqual(s.median, 3)
    }

    func testDegenerateInputs() throws {
        // Every value tied: R's wilcox.test gives NaN (σ = 0), kruskal.test too.
        XCTAssertTrue(try RankTests.wilcoxonRankSum([1, 1, 1], [1, 1]).p.isNaN)
        XCTAssertTrue(try RankTests.kruskalWallis([[2, 2], [2], [2, 2]]).p.isNaN)
        XCTAssertThrowsError(try RankTests.wilcoxonRankSum([], [1, 2]))
        XCTAssertThrowsError(try RankTests.kruskalWallis([[1, 2], []]))
        // A zero column carries no information: the 2 × 2 that is left, p = 1 as in R.
        XCTAssertEqual(try FisherExact.pValue([[3, 0, 5], [4, 0, 6]]), 1, accuracy: 1e-12)
        XCTAssertThrowsError(try FisherExact.pValue([[3, 4]]))
        let empty = NumericSummary([])
        XCTAssertEqual(empty.n, 0)
        XCTAssertTrue(empty.median.isNaN)
    }

    func testFisherExactStopsAtItsWorkLimitInsteadOfHanging() {
        let big = [[40, 35, 30, 45, 20], [38, 41, 29, 33, 27], [30, 28, 44, 39, 31], [25, 36, 33, 30, 42], [41, 30, 37, 28, 35]]
        XCTAssertThrowsError(try FisherExact.pValue(big, workLimit: 100_000)) { error in
            XCTAssertTrue("\(error)".contains("too large"), "\(error)")
        }
        XCTAssertThrowsError(try FisherExact.pValue(big, shouldStop: { true })) { error in
            XCTAssertEqual(error as? SurvivalError, .cancelled)
        }
    }
}
