import Foundation

/// One-dimensional maximisation of a smooth function: a coarse bracket, then
/// Brent's method (golden section with parabolic steps; Brent 1973, ch. 5, as
/// R's `optimize`). Used for the variance of a random effect, where the
/// objective — an integrated likelihood — is cheap to evaluate a few dozen
/// times but has no analytic derivative.
enum BrentMaximiser {
    struct Result {
        var x: Double
        var value: Double
        var evaluations: Int
        /// The maximum is at the lower end of the allowed range.
        var atLowerBound: Bool
    }

    /// Maximises `f` over [lowest, highest], starting from the best of `starts`
    /// (sorted ascending): the bracket grows by `stride` outward from the best
    /// start until the value falls on both sides or a bound is reached.
    static func maximise(starts: [Double], lowest: Double, highest: Double, stride: Double,
                         tolerance: Double, _ f: (Double) throws -> Double) throws -> Result {
        var evaluations = 0
        func value(_ x: Double) throws -> Double {
            evaluations += 1
            let v = try f(x)
            return v.isFinite ? v : -.infinity
        }
        var points = try starts.map { ($0, try value($0)) }
        guard var bestIndex = points.indices.max(by: { points[$0].1 < points[$1].1 }) else {
            return Result(x: .nan, value: .nan, evaluations: 0, atLowerBound: false)
        }
        while bestIndex == 0 && points[0].0 > lowest {
            let x = max(points[0].0 - stride, lowest)
            points.insert((x, try value(x)), at: 0)
            if points[0].1 > points[1].1 { bestIndex = 0 } else { bestIndex = 1 }
        }
        while bestIndex == points.count - 1 && points[bestIndex].0 < highest {
            let x = min(points[bestIndex].0 + stride, highest)
            points.append((x, try value(x)))
            if points[bestIndex + 1].1 > points[bestIndex].1 { bestIndex += 1 }
        }
        if bestIndex == 0 {
            return Result(x: points[0].0, value: points[0].1, evaluations: evaluations, atLowerBound: true)
        }
        if bestIndex == points.count - 1 {
            return Result(x: points[bestIndex].0, value: points[bestIndex].1, evaluations: evaluations,
                          atLowerBound: false)
        }
        var a = points[bestIndex - 1].0, b = points[bestIndex + 1].0
        // Brent's method on [a, b] around the best point (minimising −f).
        let golden = 0.381_966_011_250_105_1
        var x = points[bestIndex].0, w = x, v = x
        var fx = -points[bestIndex].1, fw = fx, fv = fx
        var d = 0.0, e = 0.0
        for _ in 0..<200 {
            let middle = (a + b) / 2
            let tol1 = tolerance * abs(x) + 1e-12, tol2 = 2 * tol1
            if abs(x - middle) <= tol2 - (b - a) / 2 { break }
            var useGolden = true
            if abs(e) > tol1 {
                var r = (x - w) * (fx - fv)
                var q = (x - v) * (fx - fw)
                var pp = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { pp = -pp } else { q = -q }
                r = e
                e = d
                if abs(pp) < abs(q * r / 2) && pp > q * (a - x) && pp < q * (b - x) {
                    d = pp / q
                    let u = x + d
                    if u - a < tol2 || b - u < tol2 { d = x < middle ? tol1 : -tol1 }
                    useGolden = false
                }
            }
            if useGolden {
                e = x < middle ? b - x : a - x
                d = golden * e
            }
            let u = abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1)
            let fu = -(try value(u))
            if fu <= fx {
                if u < x { b = x } else { a = x }
                v = w; fv = fw; w = x; fw = fx; x = u; fx = fu
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    v = w; fv = fw; w = u; fw = fu
                } else if fu <= fv || v == x || v == w {
                    v = u; fv = fu
                }
            }
        }
        return Result(x: x, value: -fx, evaluations: evaluations, atLowerBound: false)
    }
}
