/// Quantiles of a survival curve and their confidence limits, by the rules of
/// R's quantile.survfit: the p-quantile is the first time the cumulative
/// distribution F = 1 − S reaches p; when F sits at p (within √ε) over a flat
/// stretch, it is the midpoint of that stretch (and of the last time, when the
/// curve ends on the flat). The limits apply the same rule to the lower and
/// upper confidence curves (Brookmeyer & Crowley 1982).
extension KaplanMeierCurve {
    public func median() -> MedianEstimate { quantile(0.5) }

    public func quantile(_ p: Double) -> MedianEstimate {
        MedianEstimate(estimate: Self.findQuantile(time, survival, p),
                       lower: Self.findQuantile(time, lower, p),
                       upper: Self.findQuantile(time, upper, p))
    }

    static let tolerance = Double.ulpOfOne.squareRoot()

    /// `curve` may hold NaN (survfit's NA) where a confidence limit is undefined.
    static func findQuantile(_ times: [Double], _ curve: [Double], _ p: Double) -> Double? {
        // x = (0, times), y = (0, 1 − curve), as doquant builds them.
        var x = [0.0] + times
        var y = [0.0] + curve.map { 1 - $0 }
        let present = y.filter { !$0.isNaN }
        guard let largest = present.max(), largest >= p else { return nil }
        let xmax = x[x.count - 1]
        let lastIsPresent = !(y.last?.isNaN ?? true)
        let lastY = y[y.count - 1]
        // Drop repeated values (censorings leave F unchanged; repeated NA too).
        var keptX: [Double] = [], keptY: [Double] = []
        var seen = Set<Double>()
        var seenNaN = false
        for (xi, yi) in zip(x, y) {
            if yi.isNaN {
                if seenNaN { continue }
                seenNaN = true
            } else if !seen.insert(yi).inserted {
                continue
            }
            keptX.append(xi)
            keptY.append(yi)
        }
        // approx() ignores NA pairs.
        (x, y) = (keptX, keptY)
        let valid = y.indices.filter { !y[$0].isNaN }
        // First point where F + tol ≥ p, and where F − tol ≥ p (approx, method "constant", f = 1).
        guard let first = valid.first(where: { y[$0] + tolerance >= p }) else { return nil }
        let second = valid.first(where: { y[$0] - tolerance >= p })
        if p == 0 { return x[0] }
        if lastIsPresent, abs(p - lastY) < tolerance {
            return (x[first] + xmax) / 2
        }
        guard let second else { return nil }
        return (x[first] + x[second]) / 2
    }
}
