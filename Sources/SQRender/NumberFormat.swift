import Foundation

/// How numbers read in a paper's table: hazard ratios to 2 decimals, survival
/// as a percentage with one decimal, p-values as journals print them.
public enum NumberFormat {
    /// A general number with about four significant digits; NA when undefined.
    public static func number(_ x: Double?) -> String {
        guard let x else { return "NA" }
        guard x.isFinite else { return x.isNaN ? "NA" : (x > 0 ? "Inf" : "-Inf") }
        if x == x.rounded(), abs(x) < 1e12 { return String(Int64(x)) }
        let magnitude = abs(x)
        if magnitude >= 1000 { return String(format: "%.0f", x) }
        if magnitude >= 100 { return String(format: "%.1f", x) }
        if magnitude >= 1 { return String(format: "%.2f", x) }
        if magnitude >= 0.001 { return String(format: "%.3f", x) }
        return String(format: "%.3g", x)
    }

    public static func ratio(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "NA" }
        if x >= 100 || x < 0.01 { return String(format: "%.3g", x) }
        return String(format: "%.2f", x)
    }

    public static func percent(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "NA" }
        return String(format: "%.1f%%", x * 100)
    }

    /// `0.032`, `<0.001`; two significant digits above 0.001 as many journals ask.
    public static func pValue(_ p: Double?) -> String {
        guard let p, p.isFinite else { return "NA" }
        if p < 0.001 { return "<0.001" }
        if p >= 0.1 { return String(format: "%.2f", p) }
        return String(format: "%.3f", p)
    }

    /// Full precision for CSV: the shortest text that reads back to the same double.
    public static func raw(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// `p < 0.001` or `p = 0.032`, for running text.
    public static func pClause(_ p: Double?) -> String {
        let text = pValue(p)
        return text.hasPrefix("<") ? "p < " + text.dropFirst() : "p = " + text
    }

    /// `4.4–7.8`; a missing limit prints as `missing` (NR, not reached, for medians).
    public static func interval(_ lower: Double?, _ upper: Double?, missing: String = "NR",
                                _ format: (Double?) -> String = number) -> String {
        "\(lower == nil ? missing : format(lower))–\(upper == nil ? missing : format(upper))"
    }

    /// A formatter for times that belong together (a median and its limits):
    /// whole numbers stay whole, otherwise all get the same decimals.
    public static func times(_ values: [Double?]) -> (Double?) -> String {
        let present = values.compactMap { $0 }.filter(\.isFinite)
        if present.allSatisfy({ $0 == $0.rounded() }) { return { $0.map { String(format: "%.0f", $0) } ?? "NR" } }
        let decimals = (present.map(abs).max() ?? 0) >= 10 ? 1 : 2
        return { $0.map { String(format: "%.\(decimals)f", $0) } ?? "NR" }
    }
}
