import XCTest
@testable import SQSurvival

/// The hashed tally of event and censoring times (`TimeTally`) must give
/// exactly the sorted one's table, and step aside when times are too many.
final class TimeTallyTests: XCTestCase {
    func sorted(_ time: [Double], _ event: [Bool]) -> [[Double]] {
        let tally = EventTable.sortedTally(time: time, event: event)
        return [tally.times, tally.events, tally.censored]
    }

    func hashed(_ time: [Double], _ event: [Bool], limit: Int = DistinctKeys.limit) -> [[Double]]? {
        TimeTally.hashed(time: time, event: event, limit: limit).map { [$0.times, $0.events, $0.censored] }
    }

    func testTiedTimesGiveTheSortedTable() throws {
        var generator = SystemRandomNumberGenerator()
        for distinct in [1, 2, 7, 300, 5_000] {
            let time = (0..<20_000).map { _ in Double(Int.random(in: 0..<distinct, using: &generator)) * 0.5 }
            let event = time.map { _ in Bool.random(using: &generator) }
            XCTAssertEqual(try XCTUnwrap(hashed(time, event)), sorted(time, event), "\(distinct) distinct times")
        }
    }

    func testNegativeZeroIsZeroAndSignsOrderAsNumbers() throws {
        let time: [Double] = [3, -0.0, 0, -2, 1e-300, -1e-300, 3, 0, .greatestFiniteMagnitude, -0.0]
        let event: [Bool] = [true, false, true, true, false, true, false, false, true, true]
        let table = try XCTUnwrap(hashed(time, event))
        XCTAssertEqual(table, sorted(time, event))
        XCTAssertEqual(table[0], [-2, -1e-300, 0, 1e-300, 3, .greatestFiniteMagnitude])
        XCTAssertEqual(table[1], [1, 1, 2, 0, 1, 1])
        XCTAssertEqual(table[2], [0, 0, 2, 1, 1, 0])
        XCTAssertEqual(table[0][2].sign, .plus)
    }

    func testMoreDistinctTimesThanTheLimitAreLeftToSorting() throws {
        let time = (0..<100).map(Double.init)
        let event = time.map { $0.truncatingRemainder(dividingBy: 3) == 0 }
        XCTAssertNil(hashed(time, event, limit: 99))
        XCTAssertEqual(try XCTUnwrap(hashed(time, event, limit: 100)), sorted(time, event))
        // Continuous times: the table through EventTable is the sorted one either way.
        let continuous = (0..<50_000).map { _ in Double.random(in: 0..<10) }
        let flags = continuous.map { $0 > 4 }
        XCTAssertNil(hashed(continuous, flags))
        let table = try EventTable(time: continuous, event: flags)
        XCTAssertEqual([table.times, table.events, table.censored], sorted(continuous, flags))
    }
}
