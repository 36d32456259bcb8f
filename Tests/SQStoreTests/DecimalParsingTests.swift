import Foundation
import XCTest
@testable import SQStore

/// The importer's fast decimal reading gives strtod's double, bit for bit.
final class DecimalParsingTests: XCTestCase {
    func parse(_ text: String) -> (fast: Double?, strtod: Double) {
        let bytes = Array(text.utf8)
        let fast = bytes.withUnsafeBufferPointer { DecimalParsing.fastDouble($0, 0, $0.count) }
        return (fast, strtod(text, nil))
    }

    func testAgreesWithStrtodBitForBit() {
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for _ in 0..<40_000 {
            let integerDigits = Int.random(in: 0...9, using: &generator)
            let fractionDigits = Int.random(in: 0...12, using: &generator)
            var text = Bool.random(using: &generator) ? "-" : ""
            text += integerDigits == 0 ? "0" : String((0..<integerDigits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            if fractionDigits > 0 {
                text += "." + String((0..<fractionDigits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            }
            if Int.random(in: 0..<4, using: &generator) == 0 { text += "e\(Int.random(in: -30...30, using: &generator))" }
            let (fast, reference) = parse(text)
            if let fast {
                XCTAssertEqual(fast.bitPattern, reference.bitPattern, text)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 30_000, "the fast path takes most CSV numbers")
    }

    func testHardCasesFallBackOrAgree() {
        for text in ["0.1", "-0", "1e22", "1e23", "9007199254740993", "123456789012345678901", "0.30471700000000000000001",
                     "4.9e-324", "1.7976931348623157e308", "1e-22", ".5", "5.", "1e", "e5", "-", "1.2.3", "+3.25", "00012.50"] {
            let (fast, reference) = parse(text)
            if let fast { XCTAssertEqual(fast.bitPattern, reference.bitPattern, text) }
        }
        XCTAssertNil(parse("1e23").fast, "beyond 10^22 goes to strtod")
        XCTAssertNil(parse("9007199254740993").fast, "beyond 2^53 goes to strtod")
        XCTAssertNil(parse("1.2.3").fast)
        XCTAssertEqual(parse("-0").fast?.sign, .minus)
    }
}
