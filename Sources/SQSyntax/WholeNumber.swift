import Foundation

/// Whole numbers a script writes: a number literal is a Double, and turning
/// one into an Int traps when it is out of range (`limit 1e20`) or not whole;
/// these conversions check instead, so every whole-number setting and option
/// can say what it accepts.
public enum WholeNumber {
    /// Largest magnitude up to which every whole number is exact as a Double (2^53).
    public static let exactLimit = 9_007_199_254_740_992.0

    /// `value` as an Int when it is whole and within `range`, else nil.
    public static func int(_ value: Double, in range: ClosedRange<Int>) -> Int? {
        guard value.isFinite, value == value.rounded(),
              value >= Double(range.lowerBound), value <= Double(range.upperBound),
              let whole = Int(exactly: value), range.contains(whole) else { return nil }
        return whole
    }

    /// The number of `expr` (a literal, or a negated one), with whether it was written as a whole number.
    public static func literal(_ expr: Expr) -> (value: Double, isInteger: Bool)? {
        switch expr.kind {
        case .number(let n, let isInteger): return (n, isInteger)
        case .unary(.negate, let inner):
            if case .number(let n, let isInteger) = inner.kind { return (-n, isInteger) }
            return nil
        default: return nil
        }
    }

    /// "0 to 1,000" for messages.
    public static func describe(_ range: ClosedRange<Int>) -> String {
        "\(grouped(range.lowerBound)) to \(grouped(range.upperBound))"
    }

    /// `1000000` as `1,000,000`.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// True when the integer literal `text` (digits only) is exactly `value`;
    /// false past 2^53, where a Double holds only every second, fourth, ... whole number.
    static func isExact(_ text: Substring, _ value: Double) -> Bool {
        guard value.magnitude >= exactLimit else { return true }
        let digits = text.drop { $0 == "0" }
        return String(format: "%.0f", value) == digits
    }
}
