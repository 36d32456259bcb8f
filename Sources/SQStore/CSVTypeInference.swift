import SQBackend
import Foundation

/// Column types inferred over every value of a CSV column, as R's read.csv
/// does: INTEGER if all non-missing values are whole numbers, else REAL if all
/// are numbers, else DATE if all are ISO `yyyy-mm-dd`, else BOOLEAN (stored
/// 1/0) if all are `true`/`false` in any case (R's logical), else TEXT.
enum CSVType: Int, Comparable {
    case empty, integer, real, date, text, boolean

    static func < (a: CSVType, b: CSVType) -> Bool { a.rawValue < b.rawValue }

    var declared: String {
        switch self {
        case .integer: return "INTEGER"
        case .real: return "REAL"
        case .date: return "DATE"
        case .boolean: return "BOOLEAN"
        case .text, .empty: return "TEXT"
        }
    }

    /// The narrowest type that holds values of both.
    func joined(with other: CSVType) -> CSVType {
        if self == other { return self }
        if self == .empty { return other }
        if other == .empty { return self }
        let pair = (min(self, other), max(self, other))
        if pair == (.integer, .real) { return .real }
        return .text
    }

    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> CSVType {
        if parseInteger(bytes, start, end) != nil { return .integer }
        // A whole number past Int64 would make the column REAL, rounding every
        // value past 2^53 in it (ids change); text keeps each digit (the importer warns).
        if isBeyondInteger(bytes, start, end) { return .text }
        if isReal(bytes, start, end) { return .real }
        if isDate(bytes, start, end) { return .date }
        if booleanValue(bytes, start, end) != nil { return .boolean }
        return .text
    }

    /// `true`/`false` as R's `type.convert` reads them (`TRUE`, `True`, `true`; no `T`/`F`, which are often codes).
    static func booleanValue(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool? {
        let length = end - start
        guard length == 4 || length == 5 else { return nil }
        var text = ""
        for k in start..<end { text.append(Character(Unicode.Scalar(bytes[k]))) }
        switch text {
        case "true", "TRUE", "True": return true
        case "false", "FALSE", "False": return false
        default: return nil
        }
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// A whole number that fits in Int64, with an optional sign (all 19 digits of
    /// its range, -9223372036854775808 included).
    static func parseInteger(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var i = start
        var negative = false
        if i < end, bytes[i] == 0x2D || bytes[i] == 0x2B { negative = bytes[i] == 0x2D; i += 1 }
        guard i < end else { return nil }
        // Accumulated as a negative number: Int64's range reaches one further below zero.
        var value: Int64 = 0
        while i < end {
            let b = bytes[i]
            guard isDigit(b) else { return nil }
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = shifted.subtractingReportingOverflow(Int64(b - 0x30))
            guard !o1, !o2 else { return nil }
            value = next
            i += 1
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// Digits only (with an optional sign) but too many for Int64.
    static func isBeyondInteger(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        if i < end, bytes[i] == 0x2D || bytes[i] == 0x2B { i += 1 }
        guard i < end else { return false }
        while i < end { guard isDigit(bytes[i]) else { return false }; i += 1 }
        return parseInteger(bytes, start, end) == nil
    }

    /// `[sign] (digits [. digits] | . digits) [(e|E) [sign] digits]`
    static func isReal(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        if i < end, bytes[i] == 0x2D || bytes[i] == 0x2B { i += 1 }
        var digits = 0
        while i < end, isDigit(bytes[i]) { i += 1; digits += 1 }
        if i < end, bytes[i] == 0x2E {
            i += 1
            while i < end, isDigit(bytes[i]) { i += 1; digits += 1 }
        }
        guard digits > 0 else { return false }
        if i < end, bytes[i] == 0x65 || bytes[i] == 0x45 {
            i += 1
            if i < end, bytes[i] == 0x2D || bytes[i] == 0x2B { i += 1 }
            var exponentDigits = 0
            while i < end, isDigit(bytes[i]) { i += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return false }
        }
        return i == end
    }

    /// `yyyy-mm-dd` with month 1–12 and day 1–31.
    static func isDate(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start == 10, bytes[start + 4] == 0x2D, bytes[start + 7] == 0x2D else { return false }
        for k in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(bytes[start + k]) { return false }
        let month = Int(bytes[start + 5] - 0x30) * 10 + Int(bytes[start + 6] - 0x30)
        let day = Int(bytes[start + 8] - 0x30) * 10 + Int(bytes[start + 9] - 0x30)
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// strtod over a field, through a reusable NUL-terminated buffer.
    static func parseReal(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, scratch: inout [CChar]) -> Double {
        if let exact = DecimalParsing.fastDouble(bytes, start, end) { return exact }
        let length = end - start
        if scratch.count < length + 1 { scratch = [CChar](repeating: 0, count: length + 1) }
        for k in 0..<length { scratch[k] = CChar(bitPattern: bytes[start + k]) }
        scratch[length] = 0
        return strtod(scratch, nil)
    }
}
