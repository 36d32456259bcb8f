import Foundation

/// Inverse-variance pooling of study estimates, as R metafor's `rma(yi, sei,
/// method = "FE" | "DL" | "REML")` with its default z-test and Wald CI.
public enum PoolingMethod: String, Sendable, CaseIterable {
    case fixed = "fe", dl, reml
}

public struct PooledEstimate: Sendable {
    public let method: PoolingMethod
    public let k: Int
    public let estimate: Double
    public let standardError: Double
    public let lower: Double
    public let upper: Double
    public let z: Double
    public let p: Double
    /// Between-study variance τ² (0 for the fixed-effect model).
    public let tau2: Double
    /// I² in percent: τ² / (τ² + s²) with the typical within-study variance s²
    /// (Higgins & Thompson 2002); (Q − df)/Q for the fixed-effect model.
    public let i2: Double
    /// Cochran's Q, its degrees of freedom and p.
    public let q: Double
    public let qDF: Int
    public let pQ: Double
    /// Each study's weight in percent.
    public let weights: [Double]
}

public enum Pooling {
    public static func pool(estimates y: [Double], standardErrors se: [Double], method: PoolingMethod,
                            conf: Double = 0.95) throws -> PooledEstimate {
        guard y.count == se.count else { throw SurvivalError.mismatchedLengths("\(y.count) estimates, \(se.count) standard errors") }
        guard y.count >= 1 else { throw SurvivalError.noObservations }
        guard y.allSatisfy(\.isFinite), se.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw SurvivalError.invalidValue("estimates must be finite and standard errors positive")
        }
        let k = y.count
        let v = se.map { $0 * $0 }
        let w = v.map { 1 / $0 }
        let sumW = w.reduce(0, +)
        let fixed = zip(w, y).map(*).reduce(0, +) / sumW
        let q = zip(w, y).map { $0 * ($1 - fixed) * ($1 - fixed) }.reduce(0, +)
        let df = k - 1
        let sumW2 = w.map { $0 * $0 }.reduce(0, +)
        // Typical within-study variance (Higgins & Thompson 2002, eq. 9).
        let s2 = Double(df) * sumW / (sumW * sumW - sumW2)

        var tau2 = 0.0
        switch method {
        case .fixed: tau2 = 0
        case .dl:
            // DerSimonian & Laird 1986: method-of-moments, truncated at 0.
            tau2 = k > 1 ? max(0, (q - Double(df)) / (sumW - sumW2 / sumW)) : 0
        case .reml:
            tau2 = k > 1 ? reml(y: y, v: v, start: max(0, (q - Double(df)) / (sumW - sumW2 / sumW))) : 0
        }
        let wr = v.map { 1 / ($0 + tau2) }
        let sumWr = wr.reduce(0, +)
        let estimate = zip(wr, y).map(*).reduce(0, +) / sumWr
        let standardError = (1 / sumWr).squareRoot()
        let zCrit = Normal.quantile(1 - (1 - conf) / 2)
        let z = estimate / standardError
        let i2: Double
        if method == .fixed { i2 = q > 0 ? max(0, 100 * (q - Double(df)) / q) : 0 } else { i2 = k > 1 ? 100 * tau2 / (tau2 + s2) : 0 }
        return PooledEstimate(method: method, k: k, estimate: estimate, standardError: standardError,
                              lower: estimate - zCrit * standardError, upper: estimate + zCrit * standardError,
                              z: z, p: Normal.twoSidedP(z), tau2: tau2, i2: i2, q: q, qDF: df,
                              pQ: df > 0 ? ChiSquared.upperTail(q, df: Double(df)) : .nan,
                              weights: wr.map { 100 * $0 / sumWr })
    }

    /// Restricted maximum likelihood for τ² by Fisher scoring (Viechtbauer 2005),
    /// τ² ← τ² + (yᵀPPy − tr P) / tr(PP), P = W − W11ᵀW/ΣW, halving steps that
    /// would go below zero; iterated to convergence at machine precision.
    static func reml(y: [Double], v: [Double], start: Double) -> Double {
        var tau2 = start
        for _ in 0..<1000 {
            let w = v.map { 1 / ($0 + tau2) }
            let sumW = w.reduce(0, +)
            let mu = zip(w, y).map(*).reduce(0, +) / sumW
            // P y = W (y − μ); tr P = ΣW − ΣW²/ΣW; tr PP = ΣW² − 2ΣW³/ΣW + (ΣW²/ΣW)².
            let py = zip(w, y).map { $0 * ($1 - mu) }
            let yPPy = py.map { $0 * $0 }.reduce(0, +)
            let sumW2 = w.map { $0 * $0 }.reduce(0, +), sumW3 = w.map { $0 * $0 * $0 }.reduce(0, +)
            let trP = sumW - sumW2 / sumW
            let trPP = sumW2 - 2 * sumW3 / sumW + (sumW2 / sumW) * (sumW2 / sumW)
            var step = (yPPy - trP) / trPP
            while tau2 + step < 0 { step /= 2; if abs(step) < 1e-300 { break } }
            let next = max(0, tau2 + step)
            if abs(next - tau2) <= 1e-14 * max(1, tau2) { return next }
            tau2 = next
        }
        return tau2
    }

    /// SE of an estimate from its CI, on the scale where the CI is symmetric.
    public static func standardError(lower: Double, upper: Double, conf: Double = 0.95) -> Double {
        (upper - lower) / (2 * Normal.quantile(1 - (1 - conf) / 2))
    }

    /// Mean and SD from the median and range (Hozo, Djulbegovic & Hozo 2005).
    public static func hozo(median m: Double, minimum a: Double, maximum b: Double, n: Int) -> (mean: Double, sd: Double) {
        let mean = (a + 2 * m + b) / 4
        let variance = ((a - 2 * m + b) * (a - 2 * m + b) / 4 + (b - a) * (b - a)) / 12
        return (mean, variance.squareRoot())
    }

    /// Mean and SD from the median and interquartile range (Wan et al. 2014, eqs. 14–15).
    public static func wan(median m: Double, q1: Double, q3: Double, n: Int) -> (mean: Double, sd: Double) {
        let mean = (q1 + m + q3) / 3
        let eta = 2 * Normal.quantile((0.75 * Double(n) - 0.125) / (Double(n) + 0.25))
        return (mean, (q3 - q1) / eta)
    }
}
