import XCTest
@testable import SQSurvival

/// Harrell's C and its standard error against a direct count over every pair
/// (the definition `concordancefit` implements): the counting shortcuts — the
/// rank table for the pairs a row meets when its stratum ends, or, with many
/// strata, the event tree — must give the same pairs.
final class ConcordancePairsTests: XCTestCase {
    /// Counts (type 0: the row at risk has the larger predictor; type 1: the
    /// smaller; tied on the predictor) and each row's share, pair by pair.
    func direct(time: [Double], event: [Bool], x: [Double], strata: [Int]) -> (counts: [Int], se: Double) {
        let n = time.count
        var share = [[Int]](repeating: [0, 0, 0], count: n)
        var counts = [0, 0, 0]
        for i in 0..<n where event[i] {
            for j in 0..<n where j != i && strata[j] == strata[i] {
                // j is at risk when i has its event: later, or censored at the same time.
                guard time[j] > time[i] || (time[j] == time[i] && !event[j]) else { continue }
                let kind = x[j] > x[i] ? 0 : (x[j] < x[i] ? 1 : 2)
                counts[kind] += 1
                share[i][kind] += 1
                share[j][kind] += 1
            }
        }
        let npair = Double(counts[0] + counts[1] + counts[2])
        let somers = Double(counts[0] - counts[1]) / npair
        var variance = 0.0
        for s in share {
            let dfbeta = (Double(s[0] - s[1]) - Double(s[0] + s[1] + s[2]) * somers) / (2 * npair)
            variance += dfbeta * dfbeta
        }
        return (counts, variance.squareRoot())
    }

    func check(rows n: Int, strata strataCount: Int, table: Bool, file: StaticString = #filePath, line: UInt = #line) {
        var state: UInt64 = UInt64(n * 31 + strataCount)
        func uniform() -> Double {   // Knuth's MMIX linear congruential generator
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1.0p-53
        }
        let time = (0..<n).map { _ in (uniform() * 60).rounded(.up) }          // many tied times
        let event = (0..<n).map { _ in uniform() < 0.6 }
        let x = (0..<n).map { _ in (uniform() * 4000).rounded() / 4 }          // some tied predictors
        let strata = (0..<n).map { _ in Int(uniform() * Double(strataCount)) }
        // The path the data take: the rank table, or the event tree.
        let present = strataCount > 1 ? Set(strata).count : 1
        XCTAssertEqual(ConcordanceSweep.countsFinalPairs(entry: nil, strata: present, distinct: Set(x).count, rows: n),
                       table, file: file, line: line)
        let expected = direct(time: time, event: event, x: x, strata: strata)
        let result = Concordance.compute(time: time, event: event, predictor: x,
                                         strata: strataCount > 1 ? strata : nil)
        XCTAssertEqual(result.counts.discordant, Double(expected.counts[0]), file: file, line: line)
        XCTAssertEqual(result.counts.concordant, Double(expected.counts[1]), file: file, line: line)
        XCTAssertEqual(result.counts.tiedX, Double(expected.counts[2]), file: file, line: line)
        XCTAssertEqual(result.standardError, expected.se, accuracy: 1e-12 * expected.se, file: file, line: line)
    }

    func testOneStratumReadsTheRankTable() { check(rows: 1_500, strata: 1, table: true) }

    func testAFewStrataReadTheRankTable() { check(rows: 1_500, strata: 3, table: true) }

    func testManyStrataReadTheEventTree() {
        // About 1,300 strata × 2,400 ranks: more cells than the table allows at 3,000 rows.
        check(rows: 3_000, strata: 1_500, table: false)
    }
}
