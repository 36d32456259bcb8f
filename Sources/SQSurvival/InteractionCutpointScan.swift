import Foundation

/// The cutoff of a continuous variable at which a treatment's effect differs
/// most, as seed 000 (metastatic soft-tissue sarcoma, §2.3) chose its cutoffs:
/// "cutoffs between the 0.1 and 0.9 quantiles were considered, and the cutoff
/// with the lowest p-value of the interaction term with systemic therapy was
/// chosen". For every distinct value c of x with q₀.₁ ≤ c ≤ q₀.₉ (R's type-7
/// quantiles) it fits `treatment * (x > c) [+ adjust]` and keeps the Wald p of
/// the interaction coefficient. The minimum p is not adjusted for the search.
public enum InteractionCutpointScan {
    public struct Candidate: Sendable, Equatable {
        public let cutoff: Double
        /// Rows with x ≤ cutoff.
        public let below: Int
        /// Wald z² of the interaction and its p; nil when the interaction is not estimable.
        public let statistic: Double?
        public let p: Double?
        /// The interaction's log hazard ratio and its standard error.
        public let coefficient: Double?
        public let standardError: Double?
        public let infinite: Bool
    }

    public struct Scan: Sendable {
        public let candidates: [Candidate]
        /// The quantiles bounding the scan.
        public let lowerQuantile: Double
        public let upperQuantile: Double
        /// Index into `candidates` of the lowest p (the first when tied); nil when none could be estimated.
        public let best: Int?
        /// The fit at the chosen cutoff (coefficients: treatment, x > c, interaction, adjust...).
        public let bestFit: CoxFit?
    }

    /// R's `quantile(x, probs, type = 7)`: (1 − h)·x₍ⱼ₎ + h·x₍ⱼ₊₁₎ with j = ⌊1 + (n − 1)p⌋.
    public static func quantile(_ sorted: [Double], _ probability: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let index = 1 + Double(sorted.count - 1) * probability
        let lo = Int(index.rounded(.down)), hi = Int(index.rounded(.up))
        let low = sorted[lo - 1], high = sorted[hi - 1]
        guard index > Double(lo), high != low else { return low }
        let h = index - Double(lo)
        return (1 - h) * low + h * high
    }

    /// `treatment` is the 0/1 dummy of the treatment's non-reference level;
    /// `adjust` further design columns; `strata` optional stratum codes.
    public static func scan(time: [Double], event: [Bool], entry: [Double]? = nil, treatment: [Double], x: [Double],
                            adjust: [[Double]] = [], strata: [Int]? = nil, lowerProbability: Double = 0.1,
                            upperProbability: Double = 0.9, options: CoxOptions = .init()) throws -> Scan {
        let n = x.count
        guard time.count == n, event.count == n, treatment.count == n, adjust.allSatisfy({ $0.count == n }) else {
            throw SurvivalError.mismatchedLengths("time, event, treatment, x and the adjustment columns must have one value per row")
        }
        guard n > 0 else { throw SurvivalError.noObservations }
        guard event.contains(true) else { throw SurvivalError.noEvents }
        if let bad = x.firstIndex(where: { !$0.isFinite }) { throw SurvivalError.invalidValue("x is \(x[bad]) in row \(bad + 1)") }
        let sorted = x.sorted()
        let lower = quantile(sorted, lowerProbability), upper = quantile(sorted, upperProbability)
        var cutoffs: [Double] = []
        for (k, value) in sorted.enumerated() where value >= lower && value <= upper && (k == 0 || value != sorted[k - 1]) {
            cutoffs.append(value)
        }
        guard !cutoffs.isEmpty else {
            throw SurvivalError.invalidArgument("no value of the variable lies between its \(lowerProbability) and \(upperProbability) quantiles")
        }
        var candidates: [Candidate] = []
        var bestFit: CoxFit?
        var best: Int?
        // Every candidate's model has the same time, event and strata: one sort for the scan.
        var skeleton: CoxRiskSkeleton?
        for cutoff in cutoffs {
            try options.checkStop()
            let above = x.map { $0 > cutoff ? 1.0 : 0.0 }
            let product = zip(treatment, above).map(*)
            let data = CoxData(time: time, event: event, entry: entry, covariates: [treatment, above, product] + adjust, strata: strata)
            let below = above.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
            // A split that leaves one side without both arms makes the interaction aliased.
            var fitted: CoxFit?
            if skeleton == nil { skeleton = CoxRiskSkeleton(data) }
            do { fitted = try CoxModel.fit(data, options: options, skeleton: skeleton) } catch SurvivalError.cancelled { throw SurvivalError.cancelled } catch { fitted = nil }
            guard let fit = fitted, !fit.aliased[2], fit.pValues[2].isFinite else {
                candidates.append(Candidate(cutoff: cutoff, below: below, statistic: nil, p: nil, coefficient: nil,
                                            standardError: nil, infinite: false))
                continue
            }
            let z = fit.zScores[2]
            let infinite = fit.warnings.contains { $0.message.contains("infinite") }
            candidates.append(Candidate(cutoff: cutoff, below: below, statistic: z * z, p: fit.pValues[2],
                                        coefficient: fit.coefficients[2], standardError: fit.standardErrors[2], infinite: infinite))
            if best == nil || fit.pValues[2] < candidates[best!].p! {
                best = candidates.count - 1
                bestFit = fit
            }
        }
        return Scan(candidates: candidates, lowerQuantile: lower, upperQuantile: upper, best: best, bestFit: bestFit)
    }
}
