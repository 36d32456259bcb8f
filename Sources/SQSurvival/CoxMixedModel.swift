import Foundation

/// Controls of a mixed-effects Cox fit, named after coxme.control.
public struct CoxMixedOptions: Sendable {
    /// Ties, the final fit's iteration limit (`iter.max`, 20), the confidence
    /// level and the stop hook; `epsilon` is replaced by `innerEpsilon`.
    public var cox: CoxOptions
    /// Convergence of the inner Newton–Raphson (coxme's `eps`). SQ's default
    /// 1e-12 is the tight setting under which coxme reaches its true optimum.
    public var innerEpsilon: Double
    /// A fixed random-effect variance (coxme's `vfixed`); nil = estimate it.
    public var variance: Double?
    /// coxme's `sparse = c(50, 0.02)`.
    public var sparseLevels: Int
    public var sparseFraction: Double

    public init(cox: CoxOptions = .init(), innerEpsilon: Double = 1e-12, variance: Double? = nil,
                sparseLevels: Int = 50, sparseFraction: Double = 0.02) {
        self.cox = cox
        self.innerEpsilon = innerEpsilon
        self.variance = variance
        self.sparseLevels = sparseLevels
        self.sparseFraction = sparseFraction
    }
}

/// A fitted Cox model with a Gaussian random intercept, b ~ N(0, θ), as
/// `coxme(Surv(...) ~ x + (1 | g))` reports it.
public struct CoxMixedFit: Sendable {
    /// Fixed effects: log hazard ratios, standard errors (from the inverse of the
    /// penalised information, as coxme), z, p and the hazard-ratio interval.
    public let coefficients: [Double]
    public let standardErrors: [Double]
    public let zScores: [Double]
    public let pValues: [Double]
    public let lower: [Double]
    public let upper: [Double]
    /// Fixed-effect variance matrix, p × p.
    public let variance: [[Double]]
    /// The random-effect variance θ and its square root.
    public let randomVariance: Double
    public var randomSD: Double { randomVariance.squareRoot() }
    /// θ was given (`with variance =`), not estimated.
    public let varianceFixed: Bool
    /// The estimate sits at the boundary θ = 0: no detectable group effect.
    public let atBoundary: Bool
    /// Number of groups, and how many coxme's sparse rule treats as sparse.
    public let groups: Int
    public let sparseGroups: Int
    /// Estimated random effects b per group code (0 ..< groups).
    public let randomEffects: [Double]
    /// Log-likelihoods: null (β = 0, b = 0), Laplace-integrated, penalised
    /// (partial likelihood − b'b/2θ), and the plain Cox model's maximum.
    public let logLikelihoodNull: Double
    public let logLikelihoodIntegrated: Double
    public let logLikelihoodPenalized: Double
    public let logLikelihoodCox: Double
    /// Likelihood-ratio test of the random effect: 2 (integrated − Cox), 1 df
    /// (conservative: θ = 0 is on the boundary of the parameter space).
    public let randomEffectTest: TestStatistic
    /// The plain Cox model's score test of the fixed effects at β = 0 (the null has b = 0).
    public let coxScoreTest: TestStatistic
    public let n: Int
    public let events: Int
    /// Evaluations of the integrated likelihood and Newton steps of the final fit.
    public let outerIterations: Int
    public let iterations: Int
    public let converged: Bool
    public let warnings: [CoxWarning]

    public var hazardRatios: [Double] { coefficients.map { exp($0) } }
}

/// The mixed-effects Cox model (coxme; Ripatti & Palmgren 2000; Therneau,
/// Grambsch & Pankratz 2003): for a given θ maximise the penalised partial
/// likelihood over (β, b); choose θ by maximising the Laplace approximation of
/// the integrated likelihood.
public enum CoxMixedModel {
    /// `group` holds each row's level code, 0 ..< number of levels (every level used).
    public static func fit(_ data: CoxData, group: [Int], options: CoxMixedOptions = .init()) throws -> CoxMixedFit {
        let n = data.count
        let p = data.covariates.count
        var checked = data
        if p == 0 { checked.covariates = [[Double](repeating: 0, count: n)] }
        try checked.validate()
        guard group.count == n else {
            throw SurvivalError.mismatchedLengths("time has \(n) rows, group has \(group.count)")
        }
        let q = (group.max() ?? -1) + 1
        guard group.allSatisfy({ $0 >= 0 }) else { throw SurvivalError.invalidValue("a group code is negative") }
        guard q >= 2 else {
            throw SurvivalError.invalidArgument(
                "the random effect has a single group: its variance cannot be estimated; drop the (1 | …) term")
        }
        var sizes = [Int](repeating: 0, count: q)
        for g in group { sizes[g] += 1 }
        if options.variance == nil && sizes.allSatisfy({ $0 == 1 }) {
            throw SurvivalError.invalidArgument(
                "every group has one row: the random-effect variance is not identifiable; "
                + "fit the model without the (1 | …) term, or fix it with `with variance = …`")
        }
        if let theta = options.variance, !(theta > 0 && theta.isFinite) {
            throw SurvivalError.invalidArgument("the variance must be a positive number, found \(theta)")
        }

        // The plain Cox model: its maximum for the test, its β as the start (coxme's fit0).
        let cox: (loglik0: Double, loglik: Double, beta: [Double], iterations: Int, score: TestStatistic)
        let sets = CoxRiskSets(data)
        if p > 0 {
            var coxOptions = options.cox
            coxOptions.epsilon = 1e-9
            let fit0 = try CoxModel.fit(data, options: coxOptions)
            try CoxMixedModel.requireEstimable(fit0)
            cox = (fit0.logLikelihoodNull, fit0.logLikelihood, fit0.coefficients.map { $0.isNaN ? 0 : $0 },
                   fit0.iterations, fit0.score)
        } else {
            let ll = sets.evaluate(beta: [], ties: options.cox.ties).logLikelihood
            cox = (ll, ll, [], 0, TestStatistic(statistic: 0, df: 0))
        }
        let layout = RandomInterceptLayout(codes: group, levels: q, sparseLevels: options.sparseLevels,
                                           sparseFraction: options.sparseFraction)
        let level = sets.order.map { layout.position[group[$0]] }
        let problem = MixedProblem(sets: sets, layout: layout, level: level, ties: options.cox.ties,
                                   tolerance: options.cox.tolerance, shouldStop: options.cox.shouldStop)
        let scaledCox = (0..<p).map { cox.beta[$0] / sets.scales[$0] }
        let zeroB = [Double](repeating: 0, count: q)

        // θ: maximise the integrated likelihood over log θ. Each evaluation runs
        // coxme's fixed number of inner steps, max(4, Cox iterations + 1), from
        // coxme's start (b = 0, 0.7 β̂_Cox), so the objective is coxme's own.
        var theta = options.variance ?? 0
        var outer = 0
        var atBoundary = false
        if options.variance == nil {
            let steps = max(4, cox.iterations + 1)
            let start = scaledCox.map { 0.7 * $0 }
            let search = try BrentMaximiser.maximise(
                starts: [0.02, 0.1, 0.4, 0.8].map { log($0 * $0) }, lowest: log(1e-9), highest: log(1e4),
                stride: log(4.0), tolerance: 1e-5) { logTheta in
                let t = exp(logTheta)
                return try problem.fit(theta: t, b: zeroB, beta: start, minIterations: steps,
                                       maxIterations: steps, epsilon: options.innerEpsilon)
                    .integrated(theta: t, levels: q)
            }
            theta = exp(search.x)
            outer = search.evaluations
            atBoundary = search.atLowerBound
        }
        let final = try problem.fit(theta: theta, b: zeroB, beta: scaledCox, minIterations: 0,
                                    maxIterations: options.cox.maxIterations, epsilon: options.innerEpsilon)
        return assemble(final, problem: problem, data: data, theta: theta, cox: (cox.loglik0, cox.loglik, cox.score),
                        group: group, options: options, outer: outer, atBoundary: atBoundary)
    }

    /// A random-effect fit keeps every design column (coxme stops on a constant
    /// one): a column the plain Cox model drops as collinear is an error here.
    static func requireEstimable(_ cox: CoxFit) throws {
        if let j = cox.aliased.firstIndex(of: true) {
            throw SurvivalError.invalidArgument(
                "covariate \(j + 1) is constant or collinear with the others; remove it from the random-effect model")
        }
    }

    private static func assemble(_ final: MixedInnerFit, problem: MixedProblem, data: CoxData, theta: Double,
                                 cox: (loglik0: Double, loglik: Double, score: TestStatistic), group: [Int], options: CoxMixedOptions,
                                 outer: Int, atBoundary: Bool) -> CoxMixedFit {
        let p = data.covariates.count, layout = problem.layout, nd = layout.dense, m = nd + p
        let scales = problem.sets.scales
        let inverse = final.factor.denseInverse()
        let z = Normal.quantile(1 - (1 - options.cox.conf) / 2)
        var beta = [Double](repeating: 0, count: p), se = beta, zs = beta, ps = beta, lo = beta, hi = beta
        var variance = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for i in 0..<p {
            beta[i] = final.beta[i] * scales[i]
            for j in 0..<p { variance[i][j] = inverse[(nd + i) * m + nd + j] * scales[i] * scales[j] }
            se[i] = variance[i][i].squareRoot()
            zs[i] = beta[i] / se[i]
            ps[i] = Normal.twoSidedP(zs[i])
            lo[i] = exp(beta[i] - z * se[i])
            hi[i] = exp(beta[i] + z * se[i])
        }
        let integrated = final.integrated(theta: theta, levels: layout.levels)
        var warnings: [CoxWarning] = []
        if !final.converged {
            warnings.append(CoxWarning(column: nil, message:
                "the penalised fit did not converge in \(options.cox.maxIterations) iterations; the last values are shown"))
        }
        if atBoundary {
            warnings.append(CoxWarning(column: nil, message:
                "the random-effect variance is at the boundary 0: no detectable group effect (LRT = 0)"))
        }
        let statistic = atBoundary ? 0 : max(0, 2 * (integrated - cox.loglik))
        return CoxMixedFit(
            coefficients: beta, standardErrors: se, zScores: zs, pValues: ps, lower: lo, upper: hi,
            variance: variance, randomVariance: theta, varianceFixed: options.variance != nil,
            atBoundary: atBoundary, groups: layout.levels, sparseGroups: layout.sparse,
            randomEffects: (0..<layout.levels).map { final.b[layout.position[$0]] },
            logLikelihoodNull: cox.loglik0, logLikelihoodIntegrated: integrated,
            logLikelihoodPenalized: final.penalized, logLikelihoodCox: cox.loglik,
            randomEffectTest: TestStatistic(statistic: statistic, df: 1), coxScoreTest: cox.score,
            n: data.count, events: data.event.reduce(0) { $0 + ($1 ? 1 : 0) },
            outerIterations: outer, iterations: final.iterations, converged: final.converged,
            warnings: warnings)
    }
}
