import Foundation

/// Controls of a shared-frailty Cox fit, as coxph + frailty() sets them.
public struct FrailtyOptions: Sendable {
    /// Ties, the inner iteration limit (`iter.max`, 20) and convergence (`eps`, 1e-9), conf, stop hook.
    public var cox: CoxOptions
    public var distribution: FrailtyDistribution
    /// A fixed variance (`frailty(g, theta = )`); nil = chosen by R's outer iteration.
    public var theta: Double?
    /// coxph.control's `outer.max`.
    public var outerMaxIterations: Int

    public init(cox: CoxOptions = .init(), distribution: FrailtyDistribution = .gamma, theta: Double? = nil,
                outerMaxIterations: Int = 10) {
        self.cox = cox
        self.distribution = distribution
        self.theta = theta
        self.outerMaxIterations = outerMaxIterations
    }
}

/// A fitted Cox model with a shared frailty per group, as `coxph(... + frailty(g))` reports it.
public struct FrailtyFit: Sendable {
    public let distribution: FrailtyDistribution
    public let coefficients: [Double]
    /// From the inverse of the penalised information (coxph's `var`).
    public let standardErrors: [Double]
    public let variance: [[Double]]
    /// The frailty variance θ (for gamma, the variance of the multiplicative frailty).
    public let theta: Double
    public let thetaFixed: Bool
    public let groups: Int
    /// Estimated log-frailties per group code.
    public let randomEffects: [Double]
    /// Log partial likelihood at β = 0 and at the estimate (coxph's `loglik`), the
    /// penalised one (gamma: coxph's, PL + ν Σ b with mean eᵇ = 1; gaussian:
    /// PL − b'b/2θ, as coxme), and the marginal (integrated) one: gamma's corrected
    /// likelihood (`c.loglik`); for gaussian, the Laplace approximation at θ.
    public let logLikelihoodNull: Double
    public let logLikelihood: Double
    public let logLikelihoodPenalized: Double
    public let logLikelihoodIntegrated: Double
    public let logLikelihoodCox: Double
    /// 2 (integrated − Cox), 1 df; 0 at the boundary θ = 0.
    public let randomEffectTest: TestStatistic
    public let coxScoreTest: TestStatistic
    public let atBoundary: Bool
    public let n: Int
    public let events: Int
    public let outerIterations: Int
    public let iterations: Int
    public let converged: Bool
    public let warnings: [CoxWarning]
}

/// The shared-frailty Cox model by penalised partial likelihood (Therneau,
/// Grambsch & Pankratz 2003; R's coxpenal.fit): an inner Newton–Raphson per θ,
/// an outer iteration choosing θ.
public enum FrailtyModel {
    public static func fit(_ data: CoxData, group: [Int], options: FrailtyOptions = .init()) throws -> FrailtyFit {
        let n = data.count, p = data.covariates.count
        guard p > 0 else {
            throw SurvivalError.invalidArgument(
                "a frailty() model needs at least one covariate, as coxph; for the random effect alone write `(1 | group)`")
        }
        try data.validate()
        guard group.count == n else {
            throw SurvivalError.mismatchedLengths("time has \(n) rows, group has \(group.count)")
        }
        let q = (group.max() ?? -1) + 1
        guard q >= 2 else {
            throw SurvivalError.invalidArgument(
                "the frailty term has a single group: its variance cannot be estimated; drop the frailty() term")
        }
        var sizes = [Int](repeating: 0, count: q), deaths = sizes
        for (i, g) in group.enumerated() {
            sizes[g] += 1
            if data.event[i] { deaths[g] += 1 }
        }
        if options.theta == nil && sizes.allSatisfy({ $0 == 1 }) {
            throw SurvivalError.invalidArgument(
                "every group has one row: the frailty variance is not identifiable; "
                + "fit the model without frailty(), or fix it with `with theta = …`")
        }
        if let theta = options.theta, !(theta > 0 && theta.isFinite) {
            throw SurvivalError.invalidArgument("theta must be a positive number, found \(theta)")
        }
        var coxOptions = options.cox
        coxOptions.epsilon = 1e-9
        let cox = try CoxModel.fit(data, options: coxOptions)
        try CoxMixedModel.requireEstimable(cox)

        // coxph's frailty() is sparse when it has more than 5 levels: every level then sparse.
        let layout = RandomInterceptLayout(codes: group, levels: q, sparseLevels: q > 5 ? 0 : Int.max,
                                           sparseFraction: .infinity)
        let sets = CoxRiskSets(data)
        let problem = MixedProblem(sets: sets, layout: layout, level: sets.order.map { layout.position[group[$0]] },
                                   ties: options.cox.ties, tolerance: options.cox.tolerance,
                                   shouldStop: options.cox.shouldStop)
        let maxInner = options.cox.maxIterations, eps = options.cox.epsilon
        var theta = options.theta ?? (options.distribution == .gamma ? 0 : 1)
        var initB = [Double](repeating: 0, count: q), initBeta = [Double](repeating: 0, count: p)
        var history: [FrailtyControl.Step] = []
        var saved: [(theta: Double, b: [Double], beta: [Double])] = []
        var failed: [Int] = []
        var innerTotal = 0
        var fit: MixedInnerFit
        var integrated = 0.0
        var outer = 0
        while true {
            outer += 1
            let penalty = FrailtyPenalty(distribution: options.distribution, theta: theta, levels: q)
            fit = try problem.frailtyFit(penalty, b: initB, beta: initBeta, maxIterations: maxInner, epsilon: eps)
            innerTotal += fit.iterations
            if fit.iterations >= maxInner { failed.append(outer) }
            let value: Double
            switch options.distribution {
            case .gamma:
                integrated = fit.penalized + (theta == 0 ? 0 : FrailtyControl.gammaCorrection(events: deaths, nu: 1 / theta))
                value = integrated
            case .gaussian:
                let inverse = fit.factor.denseInverse()
                let trace = fit.factor.randomEffectTrace(denseLevels: layout.dense, inverse: inverse)
                let sum = fit.b.reduce(0) { $0 + $1 * $1 }
                value = sum / (Double(q) - trace / theta) - theta
            }
            history.append(.init(theta: theta, value: value))
            if options.theta != nil || outer >= options.outerMaxIterations { break }
            let (next, done) = options.distribution == .gamma
                ? FrailtyControl.nextGamma(history, eps: 1e-5)
                : FrailtyControl.nextGaussian(history, eps: eps.squareRoot())
            if done { break }
            // Restart from the saved fit whose θ is closest to the next one (the first on ties).
            saved.append((theta, fit.b, fit.beta))
            let closest = saved.indices.min { abs(saved[$0].theta - next) < abs(saved[$1].theta - next) } ?? 0
            initB = saved[closest].b
            initBeta = saved[closest].beta
            theta = next
        }
        if options.distribution == .gaussian {
            // No marginal likelihood in coxph for the gaussian frailty: the Laplace
            // approximation at θ̂, as coxme computes it, for the test.
            integrated = fit.logLikelihood - fit.b.reduce(0) { $0 + $1 * $1 } / (2 * theta)
                - 0.5 * (Double(q) * log(theta) + fit.logDeterminant)
        }
        var warnings: [CoxWarning] = []
        if !failed.isEmpty && maxInner > 1 {
            warnings.append(CoxWarning(column: nil, message:
                "the inner loop failed to converge in \(maxInner) iterations for outer iterations "
                + failed.map(String.init).joined(separator: " ")))
        }
        let nd = layout.dense, m = nd + p
        let inverse = fit.factor.denseInverse()
        var beta = [Double](repeating: 0, count: p), se = beta
        var variance = [[Double]](repeating: beta, count: p)
        for i in 0..<p {
            beta[i] = fit.beta[i] * sets.scales[i]
            for j in 0..<p { variance[i][j] = inverse[(nd + i) * m + nd + j] * sets.scales[i] * sets.scales[j] }
            se[i] = variance[i][i].squareRoot()
        }
        let boundary = theta < 1e-6
        if boundary {
            warnings.append(CoxWarning(column: nil, message:
                "the frailty variance is at the boundary 0: no detectable group effect (LRT = 0)"))
        }
        let statistic = boundary ? 0 : max(0, 2 * (integrated - cox.logLikelihood))
        return FrailtyFit(
            distribution: options.distribution, coefficients: beta, standardErrors: se, variance: variance,
            theta: theta, thetaFixed: options.theta != nil, groups: q,
            randomEffects: (0..<q).map { fit.b[layout.position[$0]] },
            logLikelihoodNull: cox.logLikelihoodNull, logLikelihood: fit.logLikelihood,
            logLikelihoodPenalized: options.distribution == .gamma
                ? fit.penalized : fit.logLikelihood - fit.b.reduce(0) { $0 + $1 * $1 } / (2 * theta),
            logLikelihoodIntegrated: integrated,
            logLikelihoodCox: cox.logLikelihood,
            randomEffectTest: TestStatistic(statistic: statistic, df: 1), coxScoreTest: cox.score,
            atBoundary: boundary, n: n, events: data.event.reduce(0) { $0 + ($1 ? 1 : 0) },
            outerIterations: outer, iterations: innerTotal, converged: fit.converged, warnings: warnings)
    }
}
