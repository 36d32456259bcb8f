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
    /// ℓ − P with a penalty (coxph's `loglik` minus `penalty`); ℓ without.
    var penalizedLogLikelihood: Double
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

/// The plain Cox partial likelihood as a Newton system: β on the scaled design.
struct CoxDenseSystem: NewtonSystem {
    let sets: CoxRiskSets
    let ties: Ties
    let tolerance: Double

    func evaluate(_ beta: [Double]) -> CoxLikelihoodValue { sets.evaluate(beta: beta, ties: ties) }
    func factorise(_ terms: CoxLikelihoodValue) -> Cholesky { Cholesky(terms.information, n: sets.p, tolerance: tolerance) }
    func step(_ factor: Cholesky, _ terms: CoxLikelihoodValue) -> [Double] { factor.solve(terms.score) }
    func rank(_ factor: Cholesky) -> Int { factor.rank }
}

extension CoxRiskSets {
    /// Newton–Raphson from β = 0 (coxph.fit → coxfit6; agreg.fit → agfit4), or
    /// with a penalty called back at each step (coxpenal.fit → coxfit5; pass
    /// `rules: .coxpenal(…)`). The offset, if the data have one, is part of η.
    ///
    /// Each iteration solves I(β) δ = U(β) by the generalised Cholesky of
    /// `Cholesky`; iteration stops when |1 − ℓ_best / ℓ_new| ≤ eps. A step that
    /// lowers the log-likelihood (or overflows) is pulled back towards the last
    /// good β — by half, then by ever larger fractions (coxfit6: step-halving).
    /// For counting-process data agfit4 also refuses to stop in the middle of a
    /// halving or when the rank of the information matrix changes.
    func maximise(options: CoxOptions, countingProcess: Bool, penalty: (any CoxPenalty)? = nil,
                  rules: NewtonRules? = nil) throws -> CoxIterationResult {
        let p = self.p
        let system = CoxDenseSystem(sets: self, ties: options.ties, tolerance: options.tolerance)
        let fit = try NewtonRaphson.maximise(
            system, from: [Double](repeating: 0, count: p), penalty: penalty,
            rules: rules ?? .coxph(options, countingProcess: countingProcess), shouldStop: options.shouldStop)
        var beta = fit.coefficients
        var variance = fit.factor.inverse()
        let scaledVariance = variance
        var score = fit.terms.score
        for i in 0..<p {
            beta[i] *= scales[i]
            score[i] /= scales[i]
            for j in 0..<p { variance[i * p + j] *= scales[i] * scales[j] }
        }
        return CoxIterationResult(
            beta: beta, variance: variance, score: score,
            logLikelihoodNull: fit.initialLogLikelihood, logLikelihood: fit.logLikelihood,
            penalizedLogLikelihood: fit.penalized,
            scoreTest: fit.scoreTest, rank: fit.factor.rank, iterations: fit.iterations, converged: fit.converged,
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
