import XCTest
@testable import SQSurvival

/// Sorting by counting when keys are few (`CoxSorting.countingSort`, used by
/// `radixSort` from 16,384 rows) must give the stable sort's order exactly.
final class DistinctKeysTests: XCTestCase {
    func stableReference(_ items: [Int], keys: [UInt64]) -> [Int] {
        items.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }.map { items[$0] }
    }

    func testIdentifyNumbersKeysInOrderOfFirstAppearance() throws {
        let keys: [UInt64] = [7, 3, 7, .max, 0, 3, 0]
        let (distinct, ids) = try XCTUnwrap(DistinctKeys.identify(count: keys.count, limit: 4) { keys[$0] })
        XCTAssertEqual(distinct, [7, 3, .max, 0])
        XCTAssertEqual(ids, [0, 1, 0, 2, 3, 1, 3])
        XCTAssertNil(DistinctKeys.identify(count: keys.count, limit: 3) { keys[$0] })
        XCTAssertEqual(DistinctKeys.ranks(of: distinct), [2, 1, 3, 0])
    }

    func testCountingSortIsTheStableSort() throws {
        var generator = SystemRandomNumberGenerator()
        for distinct in [1, 2, 50, 4_000] {
            let items = (0..<40_000).map { _ in Int.random(in: 0..<1_000_000, using: &generator) }
            let keys = items.map { _ in UInt64.random(in: 0..<UInt64(distinct), using: &generator) &* 0x0123_4567_89AB_CDEF }
            let sorted = try XCTUnwrap(CoxSorting.countingSort(items, keys: keys, limit: 5_000))
            XCTAssertEqual(sorted, stableReference(items, keys: keys), "\(distinct) distinct keys")
            // Through radixSort, which takes this path for these sizes.
            let byIndex = Dictionary(zip(items.indices, keys), uniquingKeysWith: { a, _ in a })
            XCTAssertEqual(CoxSorting.radixSort(Array(items.indices), key: { byIndex[$0]! }),
                           stableReference(Array(items.indices), keys: keys))
        }
        let many = (0..<20_000).map { UInt64($0 * 7919 % 20_000) }
        XCTAssertNil(CoxSorting.countingSort(Array(0..<20_000), keys: many, limit: 2_500))
    }

    func testDayResolutionOrderByStratumThenTimeDescendingIsUnchanged() {
        var generator = SystemRandomNumberGenerator()
        let n = 50_000
        let time = (0..<n).map { _ in [0.0, -0.0][Int.random(in: 0..<2, using: &generator)] + Double(Int.random(in: 0..<900, using: &generator)) }
        let strata = (0..<n).map { _ in Int.random(in: -2..<3, using: &generator) }
        let order = CoxSorting.byStratumThenTimeDescending(Array(0..<n), time: time, strata: strata)
        // Stratum ascending, then the ordered bits of time descending (+0 before −0), then row.
        let expected = (0..<n).sorted { a, b in
            if strata[a] != strata[b] { return strata[a] < strata[b] }
            let ka = CoxSorting.orderedBits(time[a]), kb = CoxSorting.orderedBits(time[b])
            return ka != kb ? ka > kb : a < b
        }
        XCTAssertEqual(order, expected)
    }
}
