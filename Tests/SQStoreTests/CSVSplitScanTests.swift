import Foundation
import XCTest
@testable import SQStore

/// The type pass on two halves of a file (`CSVTypeScan.run`) must give what one
/// pass gives: the same types, warnings (with their line numbers), row count
/// and first error. Random files of every kind of column are scanned both ways.
final class CSVSplitScanTests: XCTestCase {
    struct Outcome: Equatable {
        var types: [CSVType] = []
        var warnings: [String] = []
        var rows = 0
        var error: String?
    }

    func scan(_ text: String, splitAtLeast: Int) -> Outcome {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            var scanner = CSVScanner(bytes: buffer, delimiter: 0x2C, start: 0)
            var header: [CSVScanner.Field] = []
            do {
                _ = try scanner.nextRecord(into: &header)
                let names = header.map { scanner.string(of: $0) }
                let scan = try CSVTypeScan.run(scanner, width: names.count, splitAtLeast: splitAtLeast, stop: { false })
                let (types, warnings) = scan.finished(names: names, path: "f.csv", table: "t")
                return Outcome(types: types, warnings: warnings, rows: scan.rows)
            } catch let error as CSVError {
                return Outcome(error: "line \(error.line): \(error.message)")
            } catch {
                return Outcome(error: "\(error)")
            }
        }
    }

    func assertSameBothWays(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let whole = scan(text, splitAtLeast: .max)
        let halves = scan(text, splitAtLeast: 0)
        XCTAssertEqual(halves, whole, "file:\n\(text.prefix(600))", file: file, line: line)
    }

    /// SplitMix64: the same files on every run.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    enum Column: CaseIterable {
        case integers, reals, dates, booleans, fewWords, manyWords, integersWithStrays, datesWithStrays,
             mostlyStrays, straysEarly, beyondInteger, datesThenNumbers, datesThenBeyond, empty
    }

    func value(_ column: Column, row: Int, rows: Int, random: inout Generator) -> String {
        if random.chance(5) { return random.chance(50) ? "" : "NA" }
        switch column {
        case .integers: return String(random.below(2000) - 1000)
        case .reals: return String(Double(random.below(100_000)) / 1000)
        case .dates: return String(format: "20%02d-%02d-%02d", random.below(30), 1 + random.below(12), 1 + random.below(28))
        case .booleans: return random.chance(50) ? "true" : "FALSE"
        case .fewWords: return ["lung", "liver", "bone"][random.below(3)]
        case .manyWords: return "w\(random.below(50))"
        case .integersWithStrays: return random.chance(3) ? [".", "unknown"][random.below(2)] : String(random.below(90))
        case .datesWithStrays: return random.chance(4) ? "." : "2020-01-\(10 + random.below(18))"
        case .mostlyStrays: return random.chance(30) ? String(random.below(9)) : [".", "-"][random.below(2)]
        // Strays outnumber the numbers in the first half only: whether the column warns depends on the second half's count.
        case .straysEarly: return row < rows / 2 && random.chance(60) ? "." : String(random.below(9))
        case .beyondInteger: return random.chance(2) ? "99999999999999999999" : String(random.below(9))
        case .datesThenNumbers: return row < rows / 3 ? "2021-05-0\(1 + random.below(9))" : String(random.below(9))
        case .datesThenBeyond:
            return row < rows / 4 ? "2021-05-0\(1 + random.below(9))" : random.chance(3) ? "-99999999999999999999" : String(random.below(9))
        case .empty: return ""
        }
    }

    func randomFile(_ random: inout Generator) -> String {
        let width = 1 + random.below(5)
        let columns = (0..<width).map { _ in Column.allCases[random.below(Column.allCases.count)] }
        // Small files, and some past the stray count's thousand.
        let rows = random.chance(80) ? random.below(60) : 1_000 + random.below(2_500)
        let newline = random.chance(20) ? "\r\n" : "\n"
        var text = (0..<width).map { "c\($0)" }.joined(separator: ",") + newline
        for row in 0..<rows {
            var fields = columns.map { value($0, row: row, rows: rows, random: &random) }
            if random.chance(rows > 100 ? 0 : 2) { fields.append("extra") }
            text += fields.joined(separator: ",") + newline
            if random.chance(1) { text += newline }
        }
        return text
    }

    func testRandomFilesScanTheSameInHalvesAsInOnePass() {
        var random = Generator(state: 2026)
        for _ in 0..<600 { assertSameBothWays(randomFile(&random)) }
    }

    func testAnErrorInTheSecondHalfHasItsLineInTheFile() {
        var text = "a,b\n"
        for i in 0..<100 { text += "\(i),\(i)\n" }
        text += "1,2,3\n"
        for i in 0..<10 { text += "\(i),\(i)\n" }
        let halves = scan(text, splitAtLeast: 0)
        XCTAssertEqual(halves.error, "line 102: row has 3 fields, header has 2")
        XCTAssertEqual(halves, scan(text, splitAtLeast: .max))
    }

    func testAWholeNumberPast64BitsInTheSecondHalfIsWarnedAtItsLine() {
        var text = "id\n"
        for i in 0..<50 { text += "\(i)\n" }
        text += "123456789012345678901234\n"
        let halves = scan(text, splitAtLeast: 0)
        XCTAssertEqual(halves.types, [.text])
        XCTAssertEqual(halves.warnings.count, 1)
        XCTAssertTrue(halves.warnings[0].contains("(line 52)"), halves.warnings[0])
        XCTAssertEqual(halves, scan(text, splitAtLeast: .max))
        // After dates in the first half the column is text already: one pass gives no warning, nor do the halves.
        // (217 bytes: the middle falls in the last date, so the second half is numbers only.)
        var dated = "d\n"
        for _ in 0..<10 { dated += "2020-01-01\n" }
        for i in 0..<40 { dated += "\(i % 10)\n" }
        dated += "123456789012345678901234\n"
        XCTAssertEqual(dated.utf8.count, 217)
        XCTAssertEqual(Array(dated.utf8).withUnsafeBufferPointer { CSVTypeScan.splitPoint($0, from: 2) }, 112)
        XCTAssertEqual(scan(dated, splitAtLeast: 0).warnings, [])
        XCTAssertEqual(scan(dated, splitAtLeast: 0), scan(dated, splitAtLeast: .max))
    }

    /// Strays after numbers in both halves: the halves cannot be joined without
    /// knowing the order of the second's values, so it is scanned again.
    func testStraysAmongNumbersInBothHalvesAreScannedAgainAndWarnedOnce() throws {
        var text = "x\n"
        for i in 0..<40 { text += i % 10 == 0 ? ".\n" : "\(i)\n" }
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            var scanner = CSVScanner(bytes: buffer, delimiter: 0x2C, start: 0)
            var header: [CSVScanner.Field] = []
            _ = try scanner.nextRecord(into: &header)
            let split = try XCTUnwrap(CSVTypeScan.splitPoint(buffer, from: scanner.position))
            var first = CSVScanner(bytes: UnsafeBufferPointer(rebasing: buffer[..<split]), delimiter: 0x2C, start: scanner.position)
            first.line = scanner.line
            var second = CSVScanner(bytes: buffer, delimiter: 0x2C, start: split)
            var head = CSVTypeScan(width: 1), tail = CSVTypeScan(width: 1)
            try head.scan(&first, stop: { false })
            try tail.scan(&second, stop: { false })
            XCTAssertNil(head.followed(by: tail, lineOffset: first.line - 1))
        }
        let halves = scan(text, splitAtLeast: 0)
        XCTAssertEqual(halves.types, [.text])
        XCTAssertEqual(halves.warnings.count, 1)
        XCTAssertTrue(halves.warnings[0].contains("\".\" (4×)"), halves.warnings[0])
        XCTAssertEqual(halves, scan(text, splitAtLeast: .max))
    }

    /// A value longer than SQLite stores (100 MB) is an error with its line, not
    /// a bind SQLite refuses (which would leave the last row's value bound).
    func testAValueTooLongToStoreIsAnErrorWithItsLine() throws {
        let text = "a,b\n1,short\n2,abcdefghijk\n"
        try Array(text.utf8).withUnsafeBufferPointer { buffer in
            var scanner = CSVScanner(bytes: buffer, delimiter: 0x2C, start: 4)
            scanner.line = 2
            var scan = CSVTypeScan(width: 2)
            scan.maximumFieldLength = 10
            XCTAssertThrowsError(try scan.scan(&scanner, stop: { false })) { error in
                XCTAssertEqual((error as? CSVError)?.line, 3)
                XCTAssertEqual((error as? CSVError)?.message, "the value in column 2 is 11 bytes long; the longest a value may be is 10 bytes")
            }
        }
        XCTAssertEqual(CSVTypeScan(width: 1).maximumFieldLength, Int(SQLiteHardening.maximumLength))
    }

    func testAFileWithQuotesIsScannedInOnePass() {
        let text = "a,b\n1,\"x\ny\"\n2,z\n"
        XCTAssertNil(Array(text.utf8).withUnsafeBufferPointer { CSVTypeScan.splitPoint($0, from: 4) })
        XCTAssertEqual(scan(text, splitAtLeast: 0), scan(text, splitAtLeast: .max))
    }
}
