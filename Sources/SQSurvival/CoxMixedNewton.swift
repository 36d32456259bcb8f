import Foundation

/// One penalised fit at a fixed random-effect (frailty) variance θ.
struct MixedInnerFit {
    /// Random effects by layout position, fixed effects on the scaled design.
    var b: [Double]
    var beta: [Double]
    /// Unpenalised and penalised (ℓ − P: coxme's b'b / 2θ, or the frailty's) log partial likelihood at (b, β).
    var logLikelihood: Double
    var penalized: Double
    /// log det of the random-effect block of the penalised information (hdet).
    var logDeterminant: Double
    var factor: BorderedCholesky
    var iterations: Int
    var converged: Bool

    init(_ fit: NewtonFit<MixedProblem>, layout: RandomInterceptLayout) {
        let q = layout.levels
        b = Array(fit.coefficients[..<q])
        beta = Array(fit.coefficients[q...])
        logLikelihood = fit.logLikelihood
        penalized = fit.penalized
        logDeterminant = fit.factor.logDeterminant(denseLevels: layout.dense)
        factor = fit.factor
        iterations = fit.iterations
        converged = fit.converged
    }

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
    /// that lowers the penalised likelihood is halved (`NewtonRules.coxme`).
    /// The random effects are recentred to mean 0 before each evaluation — the
    /// partial likelihood cannot see their mean, so the optimum already has it
    /// and the sparse (approximate-Hessian) iteration gets there faster. The
    /// penalty is a callback into the one Newton loop, as in coxpenal.fit.
    func fit(theta: Double, b initialB: [Double], beta initialBeta: [Double],
             minIterations: Int, maxIterations: Int, epsilon: Double) throws -> MixedInnerFit {
        MixedInnerFit(try NewtonRaphson.maximise(
            self, from: initialB + initialBeta, penalty: RandomEffectPenalty(theta: theta, levels: layout.levels),
            rules: .coxme(epsilon: epsilon, minIterations: minIterations, maxIterations: max(maxIterations, 0)),
            shouldStop: shouldStop), layout: layout)
    }
}

extension MixedProblem: NewtonSystem {
    /// The coefficients are b by layout position (sparse levels, then dense), then β.
    func evaluate(_ coefficients: [Double]) -> BorderedTerms {
        let q = layout.levels
        return sets.evaluateMixed(beta: Array(coefficients[q...]), b: Array(coefficients[..<q]), level: level,
                                  layout: layout, ties: ties)
    }

    func factorise(_ terms: BorderedTerms) -> BorderedCholesky { BorderedCholesky(terms, tolerance: tolerance) }

    func step(_ factor: BorderedCholesky, _ terms: BorderedTerms) -> [Double] {
        let step = factor.solve(sparse: terms.sparseScore, dense: terms.denseScore)
        return step.sparse + step.dense
    }

    func rank(_ factor: BorderedCholesky) -> Int { factor.sparse + factor.schur.rank }
}

/// coxme's Gaussian random-effect penalty b'b / 2θ (no normalising constant;
/// the Laplace approximation adds ½ q log θ itself), recentred to mean 0.
struct RandomEffectPenalty: CoxPenalty {
    let theta: Double
    let levels: Int

    func recentre(_ coefficients: inout [Double]) {
        var mean = 0.0
        for j in 0..<levels { mean += coefficients[j] }
        mean /= Double(levels)
        for j in 0..<levels { coefficients[j] -= mean }
    }

    func terms(at coefficients: [Double]) -> CoxPenaltyTerms {
        var sum = 0.0
        for j in 0..<levels { sum += coefficients[j] * coefficients[j] }
        return CoxPenaltyTerms(penalty: sum / (2 * theta), gradient: coefficients[0..<levels].map { $0 / theta },
                               curvature: .diagonal(Array(repeating: 1 / theta, count: levels)))
    }
}
