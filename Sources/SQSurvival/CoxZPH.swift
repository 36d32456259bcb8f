import Foundation

/// The proportional-hazards test of `cox.zph`: one chi-square per model term and a global test.
public struct ZPHResult: Sendable {
    /// One entry per requested term, in the order given; a term whose columns
    /// were all aliased in the fit has statistic NaN and df 0 (R drops it).
    public let terms: [TestStatistic]
    public let global: TestStatistic
}

/// Grambsch & Therneau (1994) score test of β(t) = β + θ g(t), as R's
/// `cox.zph(fit, transform = "km", terms = TRUE)` (survival ≥ 3.0).
public enum ProportionalHazardsTest {
    /// `terms` groups the fit's design columns (0-based) into model terms: a
    /// 3-level factor is one term of two columns, tested with 2 df.
    ///
    /// With g(t) = 1 − KM(t−) centred on its mean over the events, the score for
    /// θ at (β̂, θ = 0) is U_θ = Σ_events g(t)(x − x̄(t)); the test for a term is
    /// U' I⁻¹ U over the β block plus that term's θ coordinates of the 2p × 2p
    /// information (zph1 / zph2), the global test uses every θ.
    public static func test(_ fit: CoxFit, data: CoxData, terms: [[Int]], options: CoxOptions) throws -> ZPHResult {
        try data.validate()
        let p = data.covariates.count
        guard fit.coefficients.count == p, fit.linearPredictor.count == data.count else {
            throw SurvivalError.mismatchedLengths("the fit has \(fit.coefficients.count) coefficients and "
                + "\(fit.linearPredictor.count) rows, the data \(p) columns and \(data.count) rows")
        }
        for term in terms {
            if let bad = term.first(where: { $0 < 0 || $0 >= p }) {
                throw SurvivalError.invalidArgument("term column \(bad + 1) is outside the model's \(p) columns")
            }
        }
        let kept = (0..<p).filter { !fit.aliased[$0] }
        let position = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
        let q = kept.count

        let transform = kmTransform(data)
        let meanLP = fit.linearPredictor.reduce(0, +) / Double(data.count)
        let reduced = CoxData(time: data.time, event: data.event, entry: data.entry,
                              covariates: kept.map { data.covariates[$0] }, strata: data.strata)
        let sets = CoxRiskSets(reduced)
        let eta = sets.order.map { fit.linearPredictor[$0] - meanLP }
        let timeWeight = sets.order.map { transform[$0] }
        let (u, imat) = sets.timeWeightedScore(eta: eta, timeWeight: timeWeight, ties: options.ties)

        /// U' M⁻¹ U over the β block and the θ coordinates `theta`.
        func statistic(_ theta: [Int]) -> Double {
            let index = Array(0..<q) + theta.map { q + $0 }
            let k = index.count
            var m = [Double](repeating: 0, count: k * k)
            for a in 0..<k { for b in 0..<k { m[a * k + b] = imat[index[a] * 2 * q + index[b]] } }
            let score = [Double](repeating: 0, count: q) + theta.map { u[q + $0] }
            return Cholesky(m, n: k, tolerance: options.tolerance).quadraticForm(score)
        }
        let results = terms.map { term -> TestStatistic in
            let theta = term.compactMap { position[$0] }
            guard !theta.isEmpty else { return TestStatistic(statistic: .nan, df: 0) }
            return TestStatistic(statistic: statistic(theta), df: theta.count)
        }
        return ZPHResult(terms: results, global: TestStatistic(statistic: statistic(Array(0..<q)), df: q))
    }

    /// cox.zph's "km" transform: 1 − S(t−) from the Kaplan–Meier of all rows
    /// (risk set start < t ≤ stop for counting-process data), centred on its
    /// mean over the events.
    static func kmTransform(_ data: CoxData) -> [Double] {
        let n = data.count
        let stops = data.time.sorted()
        let starts = data.entry?.sorted()
        var deaths: [Double: Int] = [:]
        for i in 0..<n where data.event[i] { deaths[data.time[i], default: 0] += 1 }
        let eventTimes = deaths.keys.sorted()
        var survival = [Double](repeating: 1, count: eventTimes.count)
        var s = 1.0
        for (k, t) in eventTimes.enumerated() {
            // Number at risk: stop ≥ t, minus (start ≥ t) for counting-process rows.
            var atRisk = n - CoxRiskSets.countBelow(stops, t)
            if let starts { atRisk -= n - CoxRiskSets.countBelow(starts, t) }
            s *= 1 - Double(deaths[t] ?? 0) / Double(atRisk)
            survival[k] = s
        }
        var g = data.time.map { t -> Double in
            let before = CoxRiskSets.countBelow(eventTimes, t)
            return 1 - (before == 0 ? 1 : survival[before - 1])
        }
        var sum = 0.0, events = 0.0
        for i in 0..<n where data.event[i] { sum += g[i]; events += 1 }
        let centre = sum / events
        for i in 0..<n { g[i] -= centre }
        return g
    }
}

extension CoxRiskSets {
    /// Number of elements of the sorted array `a` that are < v.
    static func countBelow(_ a: [Double], _ v: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

extension CoxRiskSets {
    /// Score and information of the extended model β(t) = β + θ g(t) at θ = 0,
    /// with risk scores exp(η) given per sorted row (zph1 / zph2): the same
    /// backward pass as `evaluate`, each event time's contribution to the θ
    /// coordinates weighted by g(t), to the θθ block by g(t)². Returns U (2p) and
    /// the 2p × 2p information, flat row-major.
    func timeWeightedScore(eta: [Double], timeWeight: [Double], ties: Ties) -> (u: [Double], imat: [Double]) {
        let p = self.p, size = 2 * p
        let risk = eta.map { exp($0) }
        var u = [Double](repeating: 0, count: size)
        var ibb = [Double](repeating: 0, count: p * p), ibt = ibb, itt = ibb
        var a = [Double](repeating: 0, count: p), a2 = a
        var cmat = [Double](repeating: 0, count: p * p), cmat2 = cmat
        var denom = 0.0
        var nrisk = 0

        func accumulate(_ k: Int, _ r: Double, _ s1: inout [Double], _ s2: inout [Double]) {
            for i in 0..<p {
                let ri = r * x[k * p + i]
                s1[i] += ri
                for j in 0...i { s2[i * p + j] += ri * x[k * p + j] }
            }
        }

        for g in 0..<groupCount {
            if groupOpensStratum[g] {
                denom = 0; nrisk = 0
                for i in 0..<p { a[i] = 0 }
                for i in 0..<(p * p) { cmat[i] = 0 }
            }
            for e in exitBegin[g]..<exitEnd[g] {
                let k = exits[e]
                nrisk -= 1
                if nrisk == 0 {
                    denom = 0
                    for i in 0..<p { a[i] = 0 }
                    for i in 0..<(p * p) { cmat[i] = 0 }
                } else {
                    denom -= risk[k]
                    accumulate(k, -risk[k], &a, &cmat)
                }
            }
            var deaths = 0
            var denom2 = 0.0
            var weight = 0.0
            for k in groupBegin[g]..<groupEnd[g] {
                nrisk += 1
                if event[k] {
                    deaths += 1
                    denom2 += risk[k]
                    weight = timeWeight[k]
                    for i in 0..<p {
                        u[i] += x[k * p + i]
                        u[p + i] += weight * x[k * p + i]
                    }
                    accumulate(k, risk[k], &a2, &cmat2)
                } else {
                    denom += risk[k]
                    accumulate(k, risk[k], &a, &cmat)
                }
            }
            let d = Double(deaths)
            // Breslow adds the deaths at once with weight d; Efron a d-th at a time.
            let steps = ties == .efron ? deaths : 1
            let fraction = ties == .efron ? 1 / d : 1
            let perStep = ties == .efron ? 1 : d
            for _ in 0..<steps {
                denom += denom2 * fraction
                for i in 0..<p {
                    a[i] += a2[i] * fraction
                    let mean = a[i] / denom
                    u[i] -= perStep * mean
                    u[p + i] -= weight * perStep * mean
                    for j in 0...i {
                        cmat[i * p + j] += cmat2[i * p + j] * fraction
                        let t = perStep * (cmat[i * p + j] - mean * a[j]) / denom
                        ibb[i * p + j] += t
                        ibt[i * p + j] += t * weight
                        itt[i * p + j] += t * weight * weight
                    }
                }
            }
            for i in 0..<p { a2[i] = 0 }
            for i in 0..<(p * p) { cmat2[i] = 0 }
        }

        var imat = [Double](repeating: 0, count: size * size)
        for i in 0..<p {
            for j in 0...i {
                for (r, c) in [(i, j), (j, i)] {
                    imat[r * size + c] = ibb[i * p + j]
                    imat[r * size + p + c] = ibt[i * p + j]
                    imat[(p + r) * size + c] = ibt[i * p + j]
                    imat[(p + r) * size + p + c] = itt[i * p + j]
                }
            }
        }
        return (u, imat)
    }
}
