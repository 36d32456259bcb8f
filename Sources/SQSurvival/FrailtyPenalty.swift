import Foundation

/// The frailty's distribution: coxph's `frailty.gamma` or `frailty.gaussian`.
public enum FrailtyDistribution: String, Sendable {
    case gamma
    case gaussian
}

/// A frailty penalty at variance θ (coxph's `pfun`): the random effects are
/// recentred, then the penalty adds to the log-likelihood, its gradient to the
/// score and its (diagonal) curvature to the information.
///   gamma (Therneau, Grambsch & Pankratz 2003): recentre so mean eᵇ = 1;
///     log-likelihood + ν Σ b, score + ν (1 − eᵇ), information + ν eᵇ, ν = 1/θ;
///   gaussian: recentre to mean 0; log-likelihood − ½ Σ (b²/θ + log 2πθ),
///     score − b/θ, information + 1/θ.
/// θ = 0 switches the frailty off (coxph's `flag`): b is held at 0.
struct FrailtyPenalty {
    let distribution: FrailtyDistribution
    let theta: Double

    var isOff: Bool { theta == 0 }

    func recentre(_ b: inout [Double]) {
        guard !isOff, !b.isEmpty else { return }
        let q = Double(b.count)
        let shift: Double
        switch distribution {
        case .gamma: shift = log(b.reduce(0) { $0 + exp($1) } / q)
        case .gaussian: shift = b.reduce(0, +) / q
        }
        for j in b.indices { b[j] -= shift }
    }

    /// Adds the penalty to `terms` (b by layout position) and returns the penalised log-likelihood.
    func apply(to terms: inout BorderedTerms, b: [Double], layout: RandomInterceptLayout) -> Double {
        let ns = layout.sparse, nd = layout.dense, m = terms.denseScore.count
        func add(_ j: Int, score: Double, curvature: Double) {
            if j < ns {
                terms.sparseScore[j] += score
                terms.sparseDiagonal[j] += curvature
            } else {
                terms.denseScore[j - ns] += score
                terms.dense[(j - ns) * m + j - ns] += curvature
            }
        }
        if isOff {
            // coxfit5's zflag: the frailty coordinates are pinned (unit information, no score, no coupling).
            for j in 0..<ns {
                terms.sparseScore[j] = 0
                terms.sparseDiagonal[j] = 1
                for k in 0..<m { terms.cross[j * m + k] = 0 }
            }
            for h in 0..<nd {
                terms.denseScore[h] = 0
                for k in 0..<m { terms.dense[h * m + k] = 0; terms.dense[k * m + h] = 0 }
                terms.dense[h * m + h] = 1
            }
            return terms.logLikelihood
        }
        var loglik = terms.logLikelihood
        switch distribution {
        case .gamma:
            let nu = 1 / theta
            for j in b.indices {
                let e = exp(b[j])
                add(j, score: nu * (1 - e), curvature: nu * e)
                loglik += nu * b[j]
            }
        case .gaussian:
            for j in b.indices {
                add(j, score: -b[j] / theta, curvature: 1 / theta)
                loglik -= 0.5 * (b[j] * b[j] / theta + log(2 * Double.pi * theta))
            }
        }
        return loglik
    }
}

/// One inner fit of coxph's penalised Newton–Raphson (coxfit5_b / agfit5_b).
struct FrailtyInnerFit {
    var b: [Double]
    var beta: [Double]
    /// Partial likelihood and penalised partial likelihood at (b, β).
    var logLikelihood: Double
    var penalized: Double
    var factor: BorderedCholesky
    var iterations: Int
    var converged: Bool
}

extension MixedProblem {
    /// coxfit5_b: Newton–Raphson on the penalised partial likelihood with the
    /// frailty block of the information kept diagonal (sparse) — the same
    /// bordered system as coxme's — stopping when |1 − ℓ_old/ℓ_new| ≤ eps
    /// outside a step-halving; a step that lowers ℓ is halved.
    func frailtyFit(_ penalty: FrailtyPenalty, b initialB: [Double], beta initialBeta: [Double],
                    maxIterations: Int, epsilon: Double) throws -> FrailtyInnerFit {
        let q = layout.levels, ns = layout.sparse, nd = layout.dense, p = sets.p
        var b = initialB, beta = initialBeta
        var oldB = b, oldBeta = beta
        var previous = 0.0
        var halving = false
        var iteration = 0
        while true {
            if let shouldStop, shouldStop() { throw SurvivalError.cancelled }
            penalty.recentre(&b)
            var terms = sets.evaluateMixed(beta: beta, b: b, level: level, layout: layout, ties: ties)
            let penalized = penalty.apply(to: &terms, b: b, layout: layout)
            let factor = BorderedCholesky(terms, tolerance: tolerance)
            if abs(1 - previous / penalized) <= epsilon && !halving {
                return FrailtyInnerFit(b: b, beta: beta, logLikelihood: terms.logLikelihood, penalized: penalized,
                                       factor: factor, iterations: iteration, converged: true)
            }
            if iteration >= maxIterations {
                return FrailtyInnerFit(b: b, beta: beta, logLikelihood: terms.logLikelihood, penalized: penalized,
                                       factor: factor, iterations: iteration, converged: false)
            }
            if iteration > 0 && !(penalized >= previous) {
                halving = true
                for j in 0..<q { b[j] = (oldB[j] + b[j]) / 2 }
                for j in 0..<p { beta[j] = (oldBeta[j] + beta[j]) / 2 }
            } else {
                halving = false
                previous = penalized
                let step = factor.solve(sparse: terms.sparseScore, dense: terms.denseScore)
                oldB = b
                oldBeta = beta
                for j in 0..<ns { b[j] += step.sparse[j] }
                for h in 0..<nd { b[ns + h] += step.dense[h] }
                for j in 0..<p { beta[j] += step.dense[nd + j] }
            }
            iteration += 1
        }
    }
}
