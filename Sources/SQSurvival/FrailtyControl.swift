import Foundation

/// coxph's outer iteration over the frailty variance θ, step for step as R's
/// control functions choose the next θ from the fits so far, so the θ where R
/// stops is the θ SQ reports.
enum FrailtyControl {
    /// One evaluated θ: gamma keeps the corrected log-likelihood, gaussian the REML residual.
    struct Step {
        var theta: Double
        var value: Double
    }

    /// frailty.controlgam (method "em"): θ₀ = 0, then 1, then halfway or double,
    /// then `frailty.brent` on √θ maximising the corrected likelihood; done when
    /// it changes by a relative `eps` (1e-5).
    static func nextGamma(_ history: [Step], eps: Double) -> (theta: Double, done: Bool) {
        let iter = history.count
        if iter == 1 { return (1, false) }
        if iter == 2 {
            return (history[1].value < history[0].value + 1 ? (history[0].theta + history[1].theta) / 2
                                                            : 2 * history[1].theta, false)
        }
        let done = abs(1 - history[iter - 1].value / history[iter - 2].value) < eps
        let x = history.map(\.theta), y = history.map(\.value)
        let next: Double
        if y[iter - 1] == y.max() && x[iter - 1] == x.max() {
            next = 2 * (x.max() ?? 0)
        } else {
            let root = brent(x.map { $0.squareRoot() }, y, lower: 0)
            next = root * root
        }
        return (next, done)
    }

    /// frailty.brent: a parabola through the best point and its neighbours
    /// (in sorted order), with golden-ratio-like fallbacks.
    static func brent(_ x: [Double], _ y: [Double], lower: Double?) -> Double {
        let n = x.count
        if n < 3 { return x.reduce(0, +) / Double(n) }
        let order = x.indices.sorted { x[$0] < x[$1] }
        let xx = order.map { x[$0] }, yy = order.map { y[$0] }
        let best = yy.indices.max { yy[$0] < yy[$1] } ?? 0
        if best == 0 {
            var new = xx[0] - 3 * (xx[1] - xx[0])
            if let lower, new < lower {
                new = lower + ((xx.filter { $0 > lower }.min() ?? lower) - lower) / 10
            }
            return new
        }
        if best == n - 1 { return xx[n - 1] + 3 * (xx[n - 1] - xx[n - 2]) }
        let a = (xx[best - 1], yy[best - 1]), b = (xx[best], yy[best]), c = (xx[best + 1], yy[best + 1])
        let temp1 = (b.0 - a.0) * (b.0 - a.0) * (b.1 - c.1) - (b.0 - c.0) * (b.0 - c.0) * (b.1 - a.1)
        let temp2 = (b.0 - a.0) * (b.1 - c.1) - (b.0 - c.0) * (b.1 - a.1)
        let new = b.0 - 0.5 * temp1 / temp2
        if new < a.0 || new > c.0 || (n > 4 && (new - x[n - 1]) > 0.5 * abs(x[n - 2] - x[n - 3])) {
            return (b.0 - a.0) > (c.0 - b.0) ? b.0 - 0.38 * (b.0 - a.0) : b.0 + 0.32 * (c.0 - b.0)
        }
        return new
    }

    /// frailty.gammacon: the gamma frailty's correction from the penalised to the
    /// marginal log-likelihood, from the events per group d and ν = 1/θ.
    static func gammaCorrection(events d: [Int], nu: Double) -> Double {
        let maxd = d.max() ?? 0
        var term1 = 0.0
        if nu > 1e7 * Double(maxd) {
            for v in d { term1 += Double(v * v) / nu }
        } else {
            for v in d { term1 += Double(v) + nu * log(nu / (nu + Double(v))) }
        }
        guard maxd > 0 else { return term1 }
        var table = [Int](repeating: 0, count: maxd + 1)
        for v in d where v > 0 { table[v] += 1 }
        var atLeast = 0
        var term2 = 0.0
        for k in stride(from: maxd, through: 1, by: -1) {
            atLeast += table[k]
            term2 += Double(atLeast) * log(nu + Double(k - 1)) - Double(table[k] * k) * log(nu + Double(k))
        }
        return term1 + term2
    }

    /// frailty.controlgauss (method "reml"): θ₀ = 1; the residual
    /// Σb²/(q − trH/θ) − θ is driven to 0 by tripling/thirding, then
    /// halving/doubling, then inverse quadratic interpolation; done when |residual| < eps.
    static func nextGaussian(_ history: [Step], eps: Double) -> (theta: Double, done: Bool) {
        let iter = history.count
        let last = history[iter - 1]
        if iter == 1 { return (last.value > 0 ? 3 * last.theta : last.theta / 3, false) }
        if iter == 2 {
            if history.allSatisfy({ $0.value > 0 }) { return (2 * last.theta, false) }
            if history.allSatisfy({ $0.value < 0 }) { return (last.theta / 2, false) }
            return ((history[0].theta + history[1].theta) / 2, false)
        }
        let done = abs(last.value) < eps
        let order = history.indices.sorted { history[$0].theta < history[$1].theta }
        let x = order.map { history[$0].theta }, y = order.map { history[$0].value }
        if y.allSatisfy({ $0 > 0 }) { return (2 * (x.max() ?? 0), done) }
        if y.allSatisfy({ $0 < 0 }) { return (0.5 * (x.min() ?? 0), done) }
        var b1 = order.firstIndex(of: iter - 1) ?? 0
        if b1 == 0 { b1 = 1 } else if b1 == iter - 1 { b1 = iter - 2 }
        let r = y[b1] / y[b1 + 1], s = y[b1] / y[b1 - 1], u = r / s
        let pp = s * (u * (r - u) * (x[b1 + 1] - x[b1]) - (1 - r) * (x[b1] - x[b1 - 1]))
        let qq = (u - 1) * (r - 1) * (s - 1)
        var next = x[b1] + pp / qq
        if next > x[b1 + 1] { next = (x[b1] + x[b1 + 1]) / 2 }
        if next < x[b1 - 1] { next = (x[b1] + x[b1 - 1]) / 2 }
        return (next, done)
    }
}
