import Foundation

/// Standard normal distribution. Tail areas come from the C library's `erfc`,
/// which is accurate to about one ulp, so tail p-values keep full relative
/// precision far out (R's `pnorm(..., lower.tail = FALSE)` does the same job).
public enum Normal {
    /// P(Z > z).
    public static func upperTail(_ z: Double) -> Double {
        0.5 * erfc(z / 2.0.squareRoot())
    }

    /// P(Z <= z).
    public static func cdf(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// Two-sided p-value for a Wald statistic z: P(|Z| > |z|).
    public static func twoSidedP(_ z: Double) -> Double {
        guard z.isFinite else { return z.isNaN ? .nan : 0 }
        return erfc(abs(z) / 2.0.squareRoot())
    }

    /// Quantile function Φ⁻¹(p). Start from Abramowitz & Stegun 26.2.23
    /// (|error| < 4.5e-4) and polish with Halley steps on Φ computed from erfc;
    /// three steps reach double precision.
    public static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else {
            if p == 0 { return -.infinity }
            if p == 1 { return .infinity }
            return .nan
        }
        let q = min(p, 1 - p)
        let t = (-2 * log(q)).squareRoot()
        var x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
            / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
        if p < 0.5 { x = -x }
        for _ in 0..<4 {
            // e = Φ(x) - p, computed in the tail that keeps precision.
            let e = x < 0 ? cdf(x) - p : (1 - p) - upperTail(x)
            let density = exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
            guard density > 0 else { break }
            let u = e / density
            x -= u / (1 + 0.5 * x * u)
        }
        return x
    }
}

/// Chi-square distribution with `df` degrees of freedom.
public enum ChiSquared {
    /// P(X > x), the p-value of a chi-square statistic.
    public static func upperTail(_ x: Double, df: Double) -> Double {
        guard x.isFinite else { return x.isNaN ? .nan : 0 }
        guard x > 0 else { return 1 }
        if df == 1 { return erfc((x / 2).squareRoot()) }
        return IncompleteGamma.upperRegularized(a: df / 2, x: x / 2)
    }
}

/// Regularised incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x).
/// Series for x < a + 1 and Lentz's continued fraction otherwise (Numerical
/// Recipes §6.2); each branch computes the smaller of P and Q directly, so the
/// far tail keeps its relative precision.
public enum IncompleteGamma {
    public static func upperRegularized(a: Double, x: Double) -> Double {
        guard a > 0, x >= 0 else { return .nan }
        if x == 0 { return 1 }
        if x < a + 1 { return 1 - series(a: a, x: x) }
        return continuedFraction(a: a, x: x)
    }

    public static func lowerRegularized(a: Double, x: Double) -> Double {
        guard a > 0, x >= 0 else { return .nan }
        if x == 0 { return 0 }
        if x < a + 1 { return series(a: a, x: x) }
        return 1 - continuedFraction(a: a, x: x)
    }

    private static func prefactor(a: Double, x: Double) -> Double {
        exp(a * log(x) - x - lgamma(a))
    }

    private static func series(a: Double, x: Double) -> Double {
        var term = 1 / a
        var sum = term
        var n = a
        for _ in 0..<10_000 {
            n += 1
            term *= x / n
            sum += term
            if abs(term) < abs(sum) * 1e-17 { break }
        }
        return sum * prefactor(a: a, x: x)
    }

    private static func continuedFraction(a: Double, x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return prefactor(a: a, x: x) * h
    }
}
