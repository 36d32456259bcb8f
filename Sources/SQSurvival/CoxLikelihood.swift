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
    func evaluate(beta: [Double], ties: Ties) -> CoxLikelihoodValue {
        let p = self.p
        let m = rowCount
        var eta = [Double](repeating: 0, count: m)
        var risk = [Double](repeating: 0, count: m)
        var loglik = 0.0
        var score = [Double](repeating: 0, count: p)
        var info = [Double](repeating: 0, count: p * p)
        let efron = ties == .efron

        x.withUnsafeBufferPointer { xBuffer in
            guard let X = xBuffer.baseAddress else { return }
            eta.withUnsafeMutableBufferPointer { etaBuffer in
                risk.withUnsafeMutableBufferPointer { riskBuffer in
                    for r in 0..<m {
                        let row = X + r * p
                        var z = 0.0
                        for j in 0..<p { z += beta[j] * row[j] }
                        etaBuffer[r] = z
                        riskBuffer[r] = exp(z)
                    }
                }
            }
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * p + 2 * p * p)
            defer { scratch.deallocate() }
            scratch.initialize(repeating: 0, count: 2 * p + 2 * p * p)
            let a = scratch, a2 = scratch + p, cmat = scratch + 2 * p, cmat2 = cmat + p * p

            /// Adds `sign × r × (x, x x')` of sorted row `k` into (s1, s2).
            @inline(__always)
            func accumulate(_ k: Int, _ r: Double, _ s1: UnsafeMutablePointer<Double>, _ s2: UnsafeMutablePointer<Double>) {
                let row = X + k * p
                for i in 0..<p {
                    let ri = r * row[i]
                    s1[i] += ri
                    let s2row = s2 + i * p
                    for j in 0...i { s2row[j] += ri * row[j] }
                }
            }

            score.withUnsafeMutableBufferPointer { u in
                info.withUnsafeMutableBufferPointer { imat in
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
                                loglik += eta[k]
                                let row = X + k * p
                                for i in 0..<p { u[i] += row[i] }
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
                        loglik -= logSum
                        for i in 0..<p {
                            u[i] -= a[i] * s0 + a2[i] * s1
                            let ai = a[i], bi = a2[i]
                            let row = i * p
                            for j in 0...i {
                                imat[row + j] += cmat[row + j] * s0 + cmat2[row + j] * s1
                                    - (ai * a[j] * s2 + (ai * a2[j] + bi * a[j]) * s3 + bi * a2[j] * s4)
                            }
                        }
                        denom += denom2
                        for i in 0..<p {
                            a[i] += a2[i]
                            for j in 0...i { cmat[i * p + j] += cmat2[i * p + j] }
                        }
                        a2.update(repeating: 0, count: p)
                        cmat2.update(repeating: 0, count: p * p)
                    }
                    for i in 0..<p {
                        for j in 0..<i { imat[j * p + i] = imat[i * p + j] }
                    }
                }
            }
        }
        return CoxLikelihoodValue(logLikelihood: loglik, score: score, information: info)
    }
}
