import Foundation

/// The maximiser's result, on the original (unscaled) covariate scale.
struct CoxIterationResult: Sendable {
    var beta: [Double]
    /// Inverse information (zero rows/columns for aliased columns).
    var variance: [Double]
    /// Score at the final β.
    var score: [Double]
    var logLikelihoodNull: Double
    var logLikelihood: Double
    /// Score test at β = 0: U(0)' I(0)⁻ U(0).
    var scoreTest: Double
    /// Rank of the final information matrix.
    var rank: Int
    var iterations: Int
    var converged: Bool
    /// The inverse information on the scaled covariates, and the scales:
    /// `variance[i, j] = scaledVariance[i, j] · scales[i] · scales[j]`. A
    /// covariate of size 1e300 has a variance (1e-604) that no double holds,
    /// but its standard error √scaledVariance · scale (1e-302) is exact.
    var scaledVariance: [Double] = []
    var scales: [Double] = []
}

extension CoxRiskSets {
    /// Newton–Raphson from β = 0 (coxph.fit → coxfit6; agreg.fit → agfit4).
    ///
    /// Each iteration solves I(β) δ = U(β) by the generalised Cholesky of
    /// `Cholesky`; iteration stops when |1 − ℓ_best / ℓ_new| ≤ eps. A step that
    /// lowers the log-likelihood (or overflows) is pulled back towards the last
    /// good β — by half, then by ever larger fractions (coxfit6: step-halving).
    /// For counting-process data agfit4 also refuses to stop in the middle of a
    /// halving or when the rank of the information matrix changes.
    func maximise(options: CoxOptions, countingProcess: Bool) throws -> CoxIterationResult {
        let p = self.p
        let tolerance = options.tolerance
        var beta = [Double](repeating: 0, count: p)
        var current = evaluate(beta: beta, ties: options.ties)
        var factor = Cholesky(current.information, n: p, tolerance: tolerance)
        let initialRank = factor.rank
        let logLikelihoodNull = current.logLikelihood
        var best = logLikelihoodNull
        let firstStep = factor.solve(current.score)
        var scoreTest = 0.0
        for i in 0..<p { scoreTest += current.score[i] * firstStep[i] }

        var iterations = 0
        var converged = false
        if options.maxIterations > 0 && logLikelihoodNull.isFinite {
            var trialBeta = zip(beta, firstStep).map { $0 + $1 }
            var halving = 0.0
            for iteration in 1...options.maxIterations {
                iterations = iteration
                try options.checkStop()
                let trial = evaluate(beta: trialBeta, ties: options.ties)
                let trialFactor = Cholesky(trial.information, n: p, tolerance: tolerance)
                var failed = !trial.isFinite
                if countingProcess && trialFactor.rank != initialRank { failed = true }
                let settled = !countingProcess || halving == 0
                if !failed && settled && abs(1 - best / trial.logLikelihood) <= options.epsilon {
                    beta = trialBeta
                    current = trial
                    factor = trialFactor
                    converged = true
                    break
                }
                if iteration == options.maxIterations {
                    // agfit4 keeps the last attempt unless it is clearly worse than the best.
                    if countingProcess && !failed
                        && (trial.logLikelihood - best) / abs(best) >= -options.epsilon {
                        beta = trialBeta
                        current = trial
                        factor = trialFactor
                    }
                    break
                }
                if failed || trial.logLikelihood < best {
                    halving += 1
                    for i in 0..<p { trialBeta[i] = (trialBeta[i] + halving * beta[i]) / (halving + 1) }
                } else {
                    halving = 0
                    best = trial.logLikelihood
                    let step = trialFactor.solve(trial.score)
                    beta = trialBeta
                    current = trial
                    factor = trialFactor
                    for i in 0..<p { trialBeta[i] += step[i] }
                }
            }
        }

        var variance = factor.inverse()
        let scaledVariance = variance
        var score = current.score
        for i in 0..<p {
            beta[i] *= scales[i]
            score[i] /= scales[i]
            for j in 0..<p { variance[i * p + j] *= scales[i] * scales[j] }
        }
        return CoxIterationResult(
            beta: beta, variance: variance, score: score,
            logLikelihoodNull: logLikelihoodNull, logLikelihood: current.logLikelihood,
            scoreTest: scoreTest, rank: factor.rank, iterations: iterations, converged: converged,
            scaledVariance: scaledVariance, scales: scales)
    }
}

extension CoxIterationResult {
    /// √V[j, j] from the scaled variance (see `scaledVariance`).
    func standardError(_ j: Int) -> Double {
        let p = beta.count
        guard scaledVariance.count == p * p else { return variance[j * p + j].squareRoot() }
        return scaledVariance[j * p + j].squareRoot() * abs(scales[j])
    }
}
