import Foundation

/// The numbers of one column in one group of a Table 1: R's `median`,
/// `quantile(type = 7)`, `range`, `mean` and `sd` of the non-missing values.
public struct NumericSummary: Sendable, Equatable {
    public var n: Int
    public var mean: Double
    /// Sample standard deviation (denominator n − 1, R's `sd`); NaN for n < 2.
    public var sd: Double
    public var median: Double
    public var q1: Double
    public var q3: Double
    public var min: Double
    public var max: Double

    /// NaN values are missing and left out; `n` counts the rest. All fields but
    /// `n` are NaN when nothing is left.
    public init(_ values: [Double]) {
        let sorted = values.filter { !$0.isNaN }.sorted()
        n = sorted.count
        guard let first = sorted.first, let last = sorted.last else {
            mean = .nan; sd = .nan; median = .nan; q1 = .nan; q3 = .nan; min = .nan; max = .nan
            return
        }
        // Two passes (R's mean refines the same way): the sum of deviations corrects rounding.
        let m0 = sorted.reduce(0, +) / Double(n)
        let m = m0 + sorted.reduce(0) { $0 + ($1 - m0) } / Double(n)
        mean = m
        sd = n < 2 ? .nan : (sorted.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot()
        median = Quantile.type7(sorted: sorted, 0.5)
        q1 = Quantile.type7(sorted: sorted, 0.25)
        q3 = Quantile.type7(sorted: sorted, 0.75)
        min = first
        max = last
    }
}

public enum Quantile {
    /// R's default `quantile(x, p, type = 7)` (Hyndman & Fan 1996, definition 7):
    /// h = (n − 1)p, (1 − f)·x[⌊h⌋] + f·x[⌊h⌋ + 1] with f = h − ⌊h⌋, on 0-based sorted data.
    public static func type7(sorted x: [Double], _ p: Double) -> Double {
        guard !x.isEmpty else { return .nan }
        let h = Double(x.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, x.count - 1)
        let fraction = h - Double(lo)
        // R's own arithmetic, (1 − h)·x[lo] + h·x[hi], and only when the two differ.
        return fraction == 0 || x[hi] == x[lo] ? x[lo] : (1 - fraction) * x[lo] + fraction * x[hi]
    }
}
