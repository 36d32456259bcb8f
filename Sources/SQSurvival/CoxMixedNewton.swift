import Foundation

/// One penalised fit at a fixed random-effect variance θ.
struct MixedInnerFit {
    /// Random effects by layout position, fixed effects on the scaled design.
    var b: [Double]
    var beta: [Double]
    /// Unpenalised and penalised (− b'b / 2θ) log partial likelihood at (b, β).
    var logLikelihood: Double
    var penalized: Double
    /// log det of the random-effect block of the penalised information (hdet).
    var logDeterminant: Double
    var factor: BorderedCholesky
    var iterations: Int
    var converged: Bool

    /// The Laplace approximation of the integrated log-likelihood,
    /// ℓ_I(θ) ≈ PPL(b̂, β̂) − ½ (q log θ + log det H_bb), H_bb including 1/θ on its
    /// diagonal (Ripatti & Palmgren 2000; coxme.fit's `ilik`, noweb fit.Rnw).
    func integrated(theta: Double, levels q: Int) -> Double {
        penalized - 0.5 * (Double(q) * log(theta) + logDeterminant)
    }
}

/// The data of a mixed-effects fit, laid out once and reused for every θ.
struct MixedProblem {
    let sets: CoxRiskSets
    let layout: RandomInterceptLayout
    /// Sorted row → layout position of its level.
    let level: [Int]
    let ties: Ties
    let tolerance: Double
    let shouldStop: (@Sendable () -> Bool)?

    var levels: Int { layout.levels }

    /// Newton–Raphson on the penalised partial likelihood with penalty b'b / 2θ
    /// (coxme's coxfit6b / agfit6b): at least `minIterations` and at most
    /// `maxIterations` steps, stopping when |1 − ℓ_old / ℓ_new| ≤ eps; a step
    /// that lowers the penalised likelihood is halved. After each step the random
    /// effects are recentred to mean 0 — the partial likelihood cannot see their
    /// mean, so the optimum already has it and the sparse (approximate-Hessian)
    /// iteration gets there faster. The penalty is added here, to the same
    /// risk-set pass as an unpenalised fit: a callback into one Newton loop, as
    /// in coxpenal.fit.
    func fit(theta: Double, b initialB: [Double], beta initialBeta: [Double],
             minIterations: Int, maxIterations: Int, epsilon: Double) throws -> MixedInnerFit {
        let q = layout.levels, ns = layout.sparse, nd = layout.dense, p = sets.p
        var b = initialB, beta = initialBeta
        var oldB = b, oldBeta = beta
        var best = 0.0
        var kept: MixedInnerFit?
        var converged = false
        var iterations = 0
        for iteration in 0...max(maxIterations, 0) {
            iterations = iteration
            if let shouldStop, shouldStop() { throw SurvivalError.cancelled }
            var terms = sets.evaluateMixed(beta: beta, b: b, level: level, layout: layout, ties: ties)
            var penalty = 0.0
            for j in 0..<q { penalty += b[j] * b[j] }
            let penalized = terms.logLikelihood - penalty / (2 * theta)
            let m = nd + p
            for j in 0..<ns {
                terms.sparseScore[j] -= b[j] / theta
                terms.sparseDiagonal[j] += 1 / theta
            }
            for h in 0..<nd {
                terms.denseScore[h] -= b[ns + h] / theta
                terms.dense[h * m + h] += 1 / theta
            }
            let change = abs(1 - best / penalized)
            if iteration > 0 && (!penalized.isFinite || (penalized < best && change > epsilon)) {
                for j in 0..<q { b[j] = (oldB[j] + b[j]) / 2 }
                for j in 0..<p { beta[j] = (oldBeta[j] + beta[j]) / 2 }
                continue
            }
            let factor = BorderedCholesky(terms, tolerance: tolerance)
            kept = MixedInnerFit(b: b, beta: beta, logLikelihood: terms.logLikelihood, penalized: penalized,
                                 logDeterminant: factor.logDeterminant(denseLevels: nd), factor: factor,
                                 iterations: iteration, converged: false)
            if iteration >= minIterations && change <= epsilon { converged = true; break }
            best = penalized
            guard iteration < maxIterations else { break }
            let step = factor.solve(sparse: terms.sparseScore, dense: terms.denseScore)
            oldB = b
            oldBeta = beta
            for j in 0..<ns { b[j] += step.sparse[j] }
            for h in 0..<nd { b[ns + h] += step.dense[h] }
            for j in 0..<p { beta[j] += step.dense[nd + j] }
            var mean = 0.0
            for j in 0..<q { mean += b[j] }
            mean /= Double(q)
            for j in 0..<q { b[j] -= mean }
        }
        guard var result = kept else {
            throw SurvivalError.invalidArgument("the mixed-effects fit overflowed at its starting values")
        }
        result.iterations = iterations
        result.converged = converged
        return result
    }
}
