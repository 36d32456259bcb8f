import Foundation

/// Log partial likelihood, score vector and information matrix at one β.
struct CoxLikelihoodValue: Sendable {
    var logLikelihood: Double
    /// Score U(β), length p.
    var score: [Double]
    /// Information −∂²ℓ/∂β², flat p × p, both triangles filled.
    var information: [Double]

    var isFinite: Bool {
        logLikelihood.isFinite && score.allSatisfy(\.isFinite) && information.allSatisfy(\.isFinite)
    }
}

extension CoxRiskSets {
    /// One backward pass over the groups (coxfit6_iter; agfit4 for (start, stop] data).
    ///
    /// Running sums over the risk set — S0 = Σ r, S1 = Σ r x, S2 = Σ r x x' with
    /// r = exp(x'β) — grow as time decreases and shrink when counting-process rows
    /// reach their start. At an event time with d deaths, Breslow uses the full
    /// sums; Efron (1977; Therneau & Grambsch §3.3) adds the deaths' own sums a
    /// d-th at a time, so the k-th term sees them with weight k/d. Each term adds
    /// log S0 to the likelihood, the mean S1/S0 to the score and the weighted
    /// covariance S2/S0 − (S1/S0)(S1/S0)' to the information.
    ///
    /// The O(n p²) part is S2. On large data the lower triangle's rows are split
    /// between two passes that run on both cores; each pass also keeps S0 and S1
    /// (O(n p), which every information entry needs), and the first one the
    /// likelihood and score. The passes write disjoint rows of the information.
    /// `parallel` nil = decide by size (n p² ≥ 2·10⁶); tests force either path.
    func evaluate(beta: [Double], ties: Ties, parallel forced: Bool? = nil) -> CoxLikelihoodValue {
        let p = self.p
        let m = rowCount
        let eta = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(m, 1))
        let risk = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(m, 1))
        let info = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(p * p, 1))
        defer { eta.deallocate(); risk.deallocate(); info.deallocate() }
        info.initialize(repeating: 0)
        var first = PassTotals(logLikelihood: 0, score: [Double](repeating: 0, count: p))

        x.withUnsafeBufferPointer { xBuffer in
            guard let X = xBuffer.baseAddress, let etaBase = eta.baseAddress, let riskBase = risk.baseAddress,
                  let infoBase = info.baseAddress else { return }
            let shared = SendablePointer((X: X, eta: etaBase, risk: riskBase, info: infoBase))
            let parallel = (forced ?? (m * p * p >= 2_000_000)) && p >= 2
            let blocks = parallel ? 2 : 1
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                guard let memory = shared.pointer else { return }
                let lower = m * block / blocks, upper = m * (block + 1) / blocks
                for r in lower..<upper {
                    let row = memory.X + r * p
                    var z = offset?[r] ?? 0.0
                    for j in 0..<p { z += beta[j] * row[j] }
                    memory.eta[r] = z
                    memory.risk[r] = exp(z)
                }
            }
            let split = parallel ? Self.balancedSplit(p) : p
            let totals = PassResults()
            DispatchQueue.concurrentPerform(iterations: blocks) { part in
                guard let memory = shared.pointer else { return }
                let result = pass(X: memory.X, eta: memory.eta, risk: memory.risk, info: memory.info,
                                  informationRows: part == 0 ? 0..<split : split..<p,
                                  keepsTotals: part == 0, efron: ties == .efron)
                if part == 0 { totals.first = result }
            }
            first = totals.first
        }
        for i in 0..<p {
            for j in 0..<i { info[j * p + i] = info[i * p + j] }
        }
        return CoxLikelihoodValue(logLikelihood: first.logLikelihood, score: first.score, information: Array(info))
    }

    /// The row index that splits the lower triangle of a p × p matrix into two
    /// halves of about equal work (row i has i + 1 entries).
    static func balancedSplit(_ p: Int) -> Int {
        let half = p * (p + 1) / 4
        var work = 0
        for i in 0..<p {
            work += i + 1
            if work >= half { return i + 1 }
        }
        return p
    }

    /// The backward pass for information rows `informationRows` (lower triangle);
    /// with `keepsTotals`, also the log-likelihood and score.
    private func pass(X: UnsafePointer<Double>, eta: UnsafeMutablePointer<Double>,
                      risk: UnsafeMutablePointer<Double>, info imat: UnsafeMutablePointer<Double>,
                      informationRows: Range<Int>, keepsTotals: Bool, efron: Bool) -> PassTotals {
        let p = self.p
        let rowsLow = informationRows.lowerBound, rowsHigh = informationRows.upperBound
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 3 * p + 2 * p * p)
        defer { scratch.deallocate() }
        scratch.initialize(repeating: 0, count: 3 * p + 2 * p * p)
        let a = scratch, a2 = scratch + p, u = scratch + 2 * p
        let cmat = scratch + 3 * p, cmat2 = cmat + p * p
        var loglik = 0.0

        /// Adds `r × (x, x x')` of sorted row `k` into (s1, s2): S1 whole, S2's assigned rows.
        @inline(__always)
        func accumulate(_ k: Int, _ r: Double, _ s1: UnsafeMutablePointer<Double>, _ s2: UnsafeMutablePointer<Double>) {
            let row = X + k * p
            for i in 0..<p { s1[i] += r * row[i] }
            for i in rowsLow..<rowsHigh {
                let ri = r * row[i]
                let s2row = s2 + i * p
                for j in 0...i { s2row[j] += ri * row[j] }
            }
        }

        var denom = 0.0
        var nrisk = 0
        for g in 0..<groupCount {
            if groupOpensStratum[g] {
                denom = 0
                nrisk = 0
                a.update(repeating: 0, count: p)
                cmat.update(repeating: 0, count: p * p)
            }
            for e in exitBegin[g]..<exitEnd[g] {
                let k = exits[e]
                nrisk -= 1
                if nrisk == 0 {
                    denom = 0
                    a.update(repeating: 0, count: p)
                    cmat.update(repeating: 0, count: p * p)
                } else {
                    denom -= risk[k]
                    accumulate(k, -risk[k], a, cmat)
                }
            }
            var deaths = 0
            var denom2 = 0.0
            for k in groupBegin[g]..<groupEnd[g] {
                nrisk += 1
                let r = risk[k]
                if event[k] {
                    deaths += 1
                    denom2 += r
                    if keepsTotals {
                        loglik += eta[k]
                        let row = X + k * p
                        for i in 0..<p { u[i] += row[i] }
                    }
                    accumulate(k, r, a2, cmat2)
                } else {
                    denom += r
                    accumulate(k, r, a, cmat)
                }
            }
            // The d Efron terms (or Breslow's single term of weight d) share
            // S0, S1, S2 up to the deaths' fraction f, so their sums collapse
            // to five scalar weights and one O(p²) update per event time.
            let d = Double(deaths)
            let steps = efron ? deaths : 1
            let w = efron ? 1.0 : d
            var logSum = 0.0, s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0
            for k in 1...steps {
                let f = efron ? Double(k) / d : 1
                let den = denom + f * denom2
                logSum += w * log(den)
                s0 += w / den
                s1 += w * f / den
                let q = w / (den * den)
                s2 += q
                s3 += q * f
                s4 += q * f * f
            }
            if keepsTotals {
                loglik -= logSum
                for i in 0..<p { u[i] -= a[i] * s0 + a2[i] * s1 }
            }
            for i in rowsLow..<rowsHigh {
                let ai = a[i], bi = a2[i]
                let row = i * p
                for j in 0...i {
                    imat[row + j] += cmat[row + j] * s0 + cmat2[row + j] * s1
                        - (ai * a[j] * s2 + (ai * a2[j] + bi * a[j]) * s3 + bi * a2[j] * s4)
                }
            }
            denom += denom2
            for i in 0..<p { a[i] += a2[i] }
            for i in rowsLow..<rowsHigh {
                for j in 0...i { cmat[i * p + j] += cmat2[i * p + j] }
            }
            a2.update(repeating: 0, count: p)
            for i in rowsLow..<rowsHigh { (cmat2 + i * p).update(repeating: 0, count: i + 1) }
        }
        return PassTotals(logLikelihood: loglik, score: Array(UnsafeBufferPointer(start: u, count: p)))
    }
}

/// The likelihood and score of the pass that keeps them.
struct PassTotals {
    var logLikelihood: Double
    var score: [Double]
}

/// Where the first pass leaves its totals (written by one thread, read after both end).
private final class PassResults: @unchecked Sendable {
    var first = PassTotals(logLikelihood: 0, score: [])
}
