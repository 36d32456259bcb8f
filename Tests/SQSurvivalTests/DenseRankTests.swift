import XCTest
@testable import SQSurvival
import SQTestSupport

/// `CoxSorting.denseRanks` (the concordance's ranking of the predictor) against
/// ranks read off Swift's own sort: ties, values that differ only in their last
/// bits (the packed sort truncates keys), −0 and +0 as one value, and NaN as a
/// value of its own each time, as `!=` sees it.
final class DenseRankTests: XCTestCase {
    /// Dense ranks by comparison sort: equal values (==) share a rank.
    private func reference(_ values: [Double]) -> (ranks: [Int], count: Int) {
        let order = values.indices.sorted { CoxSorting.orderedBits(values[$0]) < CoxSorting.orderedBits(values[$1]) }
        var ranks = [Int](repeating: 0, count: values.count)
        var rank = -1
        for (k, row) in order.enumerated() {
            if k == 0 || values[row] != values[order[k - 1]] { rank += 1 }
            ranks[row] = rank
        }
        return (ranks, rank + 1)
    }

    private func check(_ values: [Double], file: StaticString = #filePath, line: UInt = #line) {
        let got = CoxSorting.denseRanks(values), want = reference(values)
        XCTAssertEqual(got.count, want.count, "distinct values", file: file, line: line)
        XCTAssertEqual(got.ranks, want.ranks, "ranks", file: file, line: line)
    }

    func testEmptyAndSingle() {
        check([])
        check([3.5])
    }

    func testTiesAndSigns() {
        check([2, 1, 2, 0, -1, 1, 2, 0])
        check([0.0, -0.0, 1, -0.0, 0.0, -1])
        check([.infinity, -.infinity, 0, .infinity])
    }

    func testValuesDifferingInTheirLastBits() {
        // 100,000 rows take 17 bits of each word: these values share every key bit above them.
        var values: [Double] = []
        var x = 0.3141592653589793
        for _ in 0..<40 { values.append(x); x = x.nextUp }
        var rng = SplitMix64(seed: 7)
        let large = (0..<100_000).map { _ in values[Int(rng.next() % 40)] }
        check(large)
        check(values.reversed())
    }

    func testLargeRandomWithRepeats() {
        var rng = SplitMix64(seed: 42)
        let pool = (0..<5_000).map { _ in Double(Int64(bitPattern: rng.next())) / 1e18 }
        check((0..<300_000).map { _ in rng.next() % 3 == 0 ? pool[Int(rng.next() % 5_000)] : Double(Int64(bitPattern: rng.next())) / 1e18 })
    }

    func testNaNIsNeverEqualToItself() {
        let values = [1.0, .nan, 1.0, .nan, 0.5]
        let got = CoxSorting.denseRanks(values)
        XCTAssertEqual(got.count, 4, "two NaNs are two values, as != sees them")
        XCTAssertEqual(got.ranks[0], got.ranks[2])
        XCTAssertNotEqual(got.ranks[1], got.ranks[3])
        XCTAssertLessThan(got.ranks[4], got.ranks[0])
    }
}

