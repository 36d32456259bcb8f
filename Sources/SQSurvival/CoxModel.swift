import Foundation

/// Cox proportional-hazards regression, numerically as R's `coxph`.
public enum CoxModel {
    /// Fits the model by Newton–Raphson on the partial likelihood and assembles
    /// what `summary(coxph)` reports: coefficients, (robust) standard errors,
    /// intervals, the likelihood-ratio, Wald and score tests, and concordance.
    /// `skeleton`: the sort and tie groups of an earlier fit of the same
    /// endpoint on the same rows (`CoxRiskSkeleton(data)`), used when it matches.
    public static func fit(_ data: CoxData, options: CoxOptions = .init(), skeleton: CoxRiskSkeleton? = nil) throws -> CoxFit {
        try data.validate()
        guard options.conf > 0 && options.conf < 1 else {
            throw SurvivalError.invalidArgument("conf must be between 0 and 1, found \(options.conf)")
        }
        guard options.maxIterations >= 0 else {
            throw SurvivalError.invalidArgument("iter must be 0 or more, found \(options.maxIterations)")
        }
        let n = data.count
        let p = data.covariates.count
        let counting = data.entry != nil
        let sets = CoxRiskSets(data, skeleton: skeleton)
        let result = try sets.maximise(options: options, countingProcess: counting)
        try options.checkStop()

        let aliased: [Bool] = (0..<p).map { result.rank < p && result.variance[$0 * p + $0] == 0 }
        let kept = (0..<p).filter { !aliased[$0] }
        let beta = result.beta
        let linearPredictor = linearPredictor(data, beta: beta, centres: counting
            ? data.covariates.map { CoxRiskSets.isUncentred($0) ? 0 : $0.reduce(0, +) / Double(n) }
            : sets.centres)
        let warnings = checkWarnings(result, aliased: aliased, linearPredictor: linearPredictor,
                                     options: options, counting: counting)

        var robust: [Double]? = nil
        var robustScore: TestStatistic? = nil
        if let cluster = data.cluster {
            let fitted = sets.scoreResiduals(beta: beta, ties: options.ties, rows: n)
            let dfbeta = CoxRobustVariance.multiply(fitted, p: p, by: result.variance)
            robust = CoxRobustVariance.crossProduct(
                CoxRobustVariance.collapse(dfbeta, p: p, cluster: cluster), p: p)
            let null = sets.scoreResiduals(beta: [Double](repeating: 0, count: p), ties: options.ties, rows: n)
            let grouped = CoxRobustVariance.collapse(null, p: p, cluster: cluster)
            var u = [Double](repeating: 0, count: p)
            for r in 0..<(grouped.count / p) { for j in 0..<p { u[j] += grouped[r * p + j] } }
            let s = CoxRobustVariance.crossProduct(grouped, p: p)
            robustScore = TestStatistic(
                statistic: Cholesky(s, n: p, tolerance: options.tolerance).quadraticForm(u), df: kept.count)
        }
        let variance = robust ?? result.variance

        let z = Normal.quantile(1 - (1 - options.conf) / 2)
        var coefficients = beta, se = beta, naive = beta, zScores = beta, pValues = beta
        var lower = beta, upper = beta
        for j in 0..<p {
            if aliased[j] {
                coefficients[j] = .nan; se[j] = .nan; naive[j] = .nan
                zScores[j] = .nan; pValues[j] = .nan; lower[j] = .nan; upper[j] = .nan
                continue
            }
            naive[j] = result.standardError(j)
            se[j] = robust == nil ? naive[j] : variance[j * p + j].squareRoot()
            zScores[j] = beta[j] / se[j]
            pValues[j] = Normal.twoSidedP(zScores[j])
            lower[j] = exp(beta[j] - z * se[j])
            upper[j] = exp(beta[j] + z * se[j])
        }

        // coxph.wtest on the non-aliased block.
        let q = kept.count
        var sub = [Double](repeating: 0, count: q * q)
        for (a, i) in kept.enumerated() { for (b, j) in kept.enumerated() { sub[a * q + b] = variance[i * p + j] } }
        let waldStatistic: Double
        if robust == nil, result.scaledVariance.count == p * p {
            // On the scaled covariates: the same quadratic form, free of the
            // under- and overflow of extreme scales.
            for (a, i) in kept.enumerated() { for (b, j) in kept.enumerated() { sub[a * q + b] = result.scaledVariance[i * p + j] } }
            waldStatistic = Cholesky(sub, n: q, tolerance: options.tolerance).quadraticForm(kept.map { beta[$0] / result.scales[$0] })
        } else {
            waldStatistic = Cholesky(sub, n: q, tolerance: options.tolerance).quadraticForm(kept.map { beta[$0] })
        }

        try options.checkStop()
        let concordance = options.computesConcordance
            ? Concordance.compute(time: data.time, event: data.event, entry: data.entry,
                                  predictor: linearPredictor, strata: data.strata,
                                  cluster: data.cluster, order: counting ? nil : sets.order,
                                  layout: counting ? nil : sets.skeleton.concordance)
            : ConcordanceResult(counts: ConcordanceCounts(concordant: 0, discordant: 0, tiedX: 0, tiedY: 0, tiedXY: 0),
                                concordance: .nan, standardError: .nan)
        func square(_ m: [Double]) -> [[Double]] { (0..<p).map { i in Array(m[(i * p)..<(i * p + p)]) } }

        return CoxFit(
            coefficients: coefficients, aliased: aliased,
            variance: square(result.variance), robustVariance: robust.map(square),
            standardErrors: se, naiveStandardErrors: naive, zScores: zScores, pValues: pValues,
            lower: lower, upper: upper,
            logLikelihoodNull: result.logLikelihoodNull, logLikelihood: result.logLikelihood,
            likelihoodRatio: TestStatistic(
                statistic: 2 * (result.logLikelihood - result.logLikelihoodNull), df: q),
            wald: TestStatistic(statistic: waldStatistic, df: q),
            score: TestStatistic(statistic: result.scoreTest, df: q),
            robustScore: robustScore,
            concordance: concordance.concordance, concordanceSE: concordance.standardError,
            concordanceCounts: concordance.counts,
            n: n, events: data.event.reduce(0) { $0 + ($1 ? 1 : 0) },
            iterations: result.iterations, converged: result.converged,
            warnings: warnings, linearPredictor: linearPredictor)
    }

    /// x'β + offset − Σ β·centre, summed in column order as R's `x %*% coef + offset`.
    static func linearPredictor(_ data: CoxData, beta: [Double], centres: [Double]) -> [Double] {
        var shift = 0.0
        for j in 0..<beta.count { shift += beta[j] * centres[j] }
        var lp = [Double](repeating: 0, count: data.count)
        for (j, column) in data.covariates.enumerated() where beta[j] != 0 {
            let b = beta[j]
            for i in 0..<lp.count { lp[i] += column[i] * b }
        }
        if let offset = data.offset { for i in 0..<lp.count { lp[i] += offset[i] } }
        for i in 0..<lp.count { lp[i] -= shift }
        return lp
    }

    /// coxph.fit / agreg.fit diagnostics: non-convergence, infinite coefficients
    /// (|U V| still large relative to β once the log-likelihood has converged),
    /// and dropped collinear columns.
    static func checkWarnings(_ result: CoxIterationResult, aliased: [Bool], linearPredictor: [Double],
                              options: CoxOptions, counting: Bool) -> [CoxWarning] {
        let p = result.beta.count
        var warnings: [CoxWarning] = []
        for j in 0..<p where aliased[j] {
            warnings.append(CoxWarning(column: j, message: "column is collinear with others and was dropped"))
        }
        guard options.maxIterations > 1 else { return warnings }
        var infs = [Double](repeating: 0, count: p)
        for j in 0..<p {
            var s = 0.0
            for i in 0..<p { s += result.score[i] * result.variance[i * p + j] }
            infs[j] = abs(s)
        }
        if !result.converged {
            warnings.append(CoxWarning(column: nil, message: "Ran out of iterations (\(options.maxIterations)) and did not converge; the last values are shown (raise `iter`)"))
            if (linearPredictor.max() ?? 0) > 500 || infs.contains(where: { !$0.isFinite }) {
                warnings.append(CoxWarning(column: nil, message: "one or more coefficients may be infinite"))
            }
            return warnings
        }
        for j in 0..<p {
            let b = abs(result.beta[j])
            let infinite = counting
                ? infs[j] > options.infiniteTolerance * (1 + b)
                : infs[j] > options.epsilon && infs[j] > options.infiniteTolerance * b
            // A non-finite U·V (a covariate whose spread underflows, where R's own
            // check fails with NA) is reported as infinite too.
            if !result.score[j].isFinite || !infs[j].isFinite || infinite {
                warnings.append(CoxWarning(
                    column: j,
                    message: "Loglik converged before variable \(j + 1); coefficient may be infinite"))
            }
        }
        return warnings
    }
}
