import Foundation

extension CoxRiskSets {
    /// Score residuals (Therneau & Grambsch §4.5; coxscore2 / agscore3), one
    /// row-major n × p block on the original covariate scale, rows in the order
    /// of the input data. `beta` is on the original scale (aliased entries 0).
    ///
    /// For row i: L_i = δ_i (x_i − x̄(t_i)) − Σ_k r_i (x_i − x̄(t_k)) dΛ(t_k) over the
    /// event times t_k at which i is at risk. The sum is kept as two running
    /// totals, the cumulative hazard Λ and Σ x̄ dΛ, read when the row enters the
    /// risk set and again when it leaves. Under Efron ties each of d tied deaths
    /// gets 1/d of every pseudo-death's mean and is charged only (1 − k/d) of the
    /// k-th hazard increment.
    func scoreResiduals(beta: [Double], ties: Ties, rows n: Int) -> [Double] {
        let p = self.p
        let m = rowCount
        let b = (0..<p).map { beta[$0] / scales[$0] }
        var score = [Double](repeating: 0, count: m)
        for k in 0..<m {
            var z = offset?[k] ?? 0.0
            for j in 0..<p { z += b[j] * x[k * p + j] }
            score[k] = exp(z)
        }
        var resid = [Double](repeating: 0, count: m * p)
        var exited = [Bool](repeating: false, count: m)
        var cumhaz = 0.0, denom = 0.0
        var xhaz = [Double](repeating: 0, count: p), a = xhaz, a2 = xhaz, mean = xhaz
        var mh1 = 0.0, mh2 = xhaz, mh3 = xhaz
        let efron = ties == .efron

        /// resid_k −= r_k (x_k Λ − Σ x̄ dΛ): closes the window in which k was at risk.
        func close(_ k: Int) {
            for j in 0..<p { resid[k * p + j] -= score[k] * (x[k * p + j] * cumhaz - xhaz[j]) }
        }

        var stratumBegin = 0
        for g in 0..<groupCount {
            if groupOpensStratum[g] {
                if g > 0 { for k in stratumBegin..<groupEnd[g - 1] where !exited[k] { close(k) } }
                stratumBegin = groupBegin[g]
                cumhaz = 0; denom = 0
                for j in 0..<p { xhaz[j] = 0; a[j] = 0 }
            }
            for e in exitBegin[g]..<exitEnd[g] {
                let k = exits[e]
                close(k)
                exited[k] = true
                denom -= score[k]
                for j in 0..<p { a[j] -= score[k] * x[k * p + j] }
            }
            var deaths = 0
            var eDenom = 0.0
            for j in 0..<p { a2[j] = 0 }
            for k in groupBegin[g]..<groupEnd[g] {
                for j in 0..<p { resid[k * p + j] = score[k] * (x[k * p + j] * cumhaz - xhaz[j]) }
                denom += score[k]
                for j in 0..<p { a[j] += score[k] * x[k * p + j] }
                if event[k] {
                    deaths += 1
                    eDenom += score[k]
                    for j in 0..<p { a2[j] += score[k] * x[k * p + j] }
                }
            }
            let d = Double(deaths)
            if !efron || deaths == 1 {
                let hazard = d / denom
                cumhaz += hazard
                for j in 0..<p {
                    mean[j] = a[j] / denom
                    xhaz[j] += mean[j] * hazard
                }
                for k in groupBegin[g]..<groupEnd[g] where event[k] {
                    for j in 0..<p { resid[k * p + j] += x[k * p + j] - mean[j] }
                }
            } else {
                mh1 = 0
                for j in 0..<p { mh2[j] = 0; mh3[j] = 0 }
                for dd in 0..<deaths {
                    let downweight = Double(dd) / d
                    let d2 = denom - downweight * eDenom
                    let hazard = 1 / d2
                    cumhaz += hazard
                    mh1 += hazard * downweight
                    for j in 0..<p {
                        mean[j] = (a[j] - downweight * a2[j]) / d2
                        xhaz[j] += mean[j] * hazard
                        mh2[j] += mean[j] * hazard * downweight
                        mh3[j] += mean[j] / d
                    }
                }
                for k in groupBegin[g]..<groupEnd[g] where event[k] {
                    for j in 0..<p {
                        let xj = x[k * p + j]
                        resid[k * p + j] += (xj - mh3[j]) + score[k] * (xj * mh1 - mh2[j])
                    }
                }
            }
        }
        if groupCount > 0 {
            for k in stratumBegin..<groupEnd[groupCount - 1] where !exited[k] { close(k) }
        }

        var original = [Double](repeating: 0, count: n * p)
        for k in 0..<m {
            let row = order[k]
            for j in 0..<p { original[row * p + j] = resid[k * p + j] / scales[j] }
        }
        return original
    }
}

/// Sandwich variance for clustered data (Lin & Wei 1989; coxph with cluster()):
/// dfbeta residuals D = L V summed within clusters, V_robust = D'D.
enum CoxRobustVariance {
    /// Sums the rows of an n × p row-major matrix within clusters: C × p.
    static func collapse(_ rows: [Double], p: Int, cluster: [Int]) -> [Double] {
        var index: [Int: Int] = [:]
        var sums: [Double] = []
        for (i, c) in cluster.enumerated() {
            let slot: Int
            if let s = index[c] { slot = s } else {
                slot = index.count
                index[c] = slot
                sums.append(contentsOf: repeatElement(0, count: p))
            }
            for j in 0..<p { sums[slot * p + j] += rows[i * p + j] }
        }
        return sums
    }

    /// D'D for a row-major C × p matrix.
    static func crossProduct(_ d: [Double], p: Int) -> [Double] {
        var v = [Double](repeating: 0, count: p * p)
        let rows = p == 0 ? 0 : d.count / p
        for r in 0..<rows {
            for i in 0..<p {
                let di = d[r * p + i]
                for j in 0..<p { v[i * p + j] += di * d[r * p + j] }
            }
        }
        return v
    }

    /// Row-major n × p residuals times a p × p matrix.
    static func multiply(_ resid: [Double], p: Int, by v: [Double]) -> [Double] {
        let rows = p == 0 ? 0 : resid.count / p
        var out = [Double](repeating: 0, count: resid.count)
        for r in 0..<rows {
            for j in 0..<p {
                var s = 0.0
                for i in 0..<p { s += resid[r * p + i] * v[i * p + j] }
                out[r * p + j] = s
            }
        }
        return out
    }
}
