import XCTest
@testable import SQSurvival

/// Fixed-effect, DerSimonian–Laird and REML pooling against metafor::rma on
/// the BCG vaccine trials (log risk ratios) and on survival rates pooled on the
/// log scale with SEs from their CIs.
final class PoolingGoldenTests: XCTestCase {
    func data(_ file: String) throws -> [String: [String]] {
        let url = Fixtures.directory.deletingLastPathComponent().appendingPathComponent("data/\(file)")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map { $0.replacingOccurrences(of: "\"", with: "") }
        var columns = [String: [String]](uniqueKeysWithValues: header.map { ($0, []) })
        for line in lines.dropFirst() {
            // Study labels have no commas in these files.
            for (name, field) in zip(header, line.split(separator: ",", omittingEmptySubsequences: false)) {
                columns[name]?.append(field.replacingOccurrences(of: "\"", with: ""))
            }
        }
        return columns
    }

    func expected() throws -> [String: Double] {
        let text = try String(contentsOf: Fixtures.directory.appendingPathComponent("pool_expected.csv"), encoding: .utf8)
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",").map(String.init)
            if parts.count == 3 { values["\(parts[0]).\(parts[1])"] = Double(parts[2]) }
        }
        return values
    }

    func check(_ case: String, y: [Double], se: [Double]) throws {
        let reference = try expected()
        for method in PoolingMethod.allCases {
            let fit = try Pooling.pool(estimates: y, standardErrors: se, method: method)
            let prefix = "\(`case`).\(method.rawValue)."
            for (key, value) in [("estimate", fit.estimate), ("se", fit.standardError), ("lower", fit.lower), ("upper", fit.upper),
                                 ("p", fit.p), ("tau2", fit.tau2), ("i2", fit.i2), ("q", fit.q), ("p_q", fit.pQ)] {
                guard let r = reference[prefix + key] else { XCTFail("no \(prefix + key)"); continue }
                let error = r == 0 ? abs(value) : abs(value - r) / abs(r)
                XCTAssertLessThanOrEqual(error, 1e-6, "\(prefix + key): SQ \(value) vs metafor \(r)")
            }
            XCTAssertEqual(fit.weights.reduce(0, +), 100, accuracy: 1e-9)
        }
    }

    func testBCGTrials() throws {
        let d = try data("pool_bcg.csv")
        try check("bcg", y: try XCTUnwrap(d["yi"]).compactMap(Double.init), se: try XCTUnwrap(d["sei"]).compactMap(Double.init))
    }

    func testSurvivalRatesOnTheLogScale() throws {
        let d = try data("pool_rates.csv")
        let rate = try XCTUnwrap(d["rate"]).compactMap(Double.init)
        let lower = try XCTUnwrap(d["lower"]).compactMap(Double.init), upper = try XCTUnwrap(d["upper"]).compactMap(Double.init)
        let se = zip(lower, upper).map { Pooling.standardError(lower: log($0), upper: log($1)) }
        try check("rates", y: rate.map(log), se: se)
    }

    func testSummaryStatisticHelpers() {
        // Hozo 2005: median 10, range 2–30 → mean (2 + 20 + 30)/4 = 13.
        let hozo = Pooling.hozo(median: 10, minimum: 2, maximum: 30, n: 40)
        XCTAssertEqual(hozo.mean, 13, accuracy: 1e-12)
        let hozoVariance: Double = (12.0 * 12.0 / 4 + 28.0 * 28.0) / 12
        XCTAssertEqual(hozo.sd, hozoVariance.squareRoot(), accuracy: 1e-12)
        // Wan 2014: SD = IQR / η(n), η(n) = 2Φ⁻¹((0.75n − 0.125)/(n + 0.25));
        // R: 10 / (2 * qnorm((0.75 * n - 0.125) / (n + 0.25))) for n = 100000 and 25.
        let wan = Pooling.wan(median: 10, q1: 6, q3: 16, n: 100_000)
        XCTAssertEqual(wan.mean, 32.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(wan.sd, 7.4131191739989237, accuracy: 1e-12)
        XCTAssertEqual(Pooling.wan(median: 10, q1: 6, q3: 16, n: 25).sd, 7.861181092353231, accuracy: 1e-12)
    }
}
