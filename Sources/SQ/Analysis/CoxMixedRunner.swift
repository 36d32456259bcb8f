import Foundation
import SQCompiler
import SQSurvival

/// `fit cox ... + (1 | g)` (coxme) and `fit cox ... + frailty(g)` (coxph's
/// gamma or gaussian frailty): the data laid out as for `fit cox`, plus each
/// row's group code.
extension AnalysisRunner {
    func randomEffectCox(_ data: FetchedColumns, endpoint: EndpointColumns, model: ModelPlan, frailty: FrailtyPlan,
                         settings: ModelSettings) throws -> CoxResult {
        let rows = try requireCompleteRows(data, used: model.usedColumns)
        let dropped = data.rowCount - rows.count
        let design = try DesignMatrix.build(model, data: data, rows: rows)
        let scaleWarnings = try design.checkScales(model)
        let groups = data.groups([GroupColumn(label: "", column: frailty.group)], rows: rows)
        let coxData = CoxData(time: data.numbers(endpoint.time, rows: rows),
                              event: try data.events(endpoint, rows: rows),
                              entry: endpoint.start.map { data.numbers($0, rows: rows) },
                              covariates: design.columns,
                              strata: model.strata.isEmpty ? nil : data.groups(model.strata.map { GroupColumn(label: "", column: $0) }, rows: rows).codes)
        let cox = CoxOptions(ties: Ties(settings.ties), maxIterations: settings.maxIterations,
                             epsilon: settings.epsilon, conf: settings.conf,
                             shouldStop: { [weak session] in session?.isCancelled ?? false })
        let groupLabel = data.request.columns[frailty.group].label
        let labels = model.terms.map(\.label)
        let summary: RandomEffectSummary
        do {
            if frailty.mixedEffects {
                summary = RandomEffectSummary(try CoxMixedModel.fit(coxData, group: groups.codes,
                                                                    options: CoxMixedOptions(cox: cox, variance: settings.variance)))
            } else {
                let distribution: FrailtyDistribution = frailty.distribution == "gaussian" ? .gaussian : .gamma
                summary = RandomEffectSummary(try FrailtyModel.fit(coxData, group: groups.codes, options: FrailtyOptions(
                    cox: cox, distribution: distribution, theta: settings.theta)), distribution: distribution)
            }
        } catch SurvivalError.invalidArgument(let message) where message.hasPrefix("covariate ") {
            // Name the design column the engine numbers.
            let number = Int(message.dropFirst("covariate ".count).prefix { $0.isNumber }) ?? 0
            let name = design.info.indices.contains(number - 1)
                ? "`\(labels[design.info[number - 1].term])`" + (design.info[number - 1].level.map { " (\($0))" } ?? "")
                : "a covariate"
            throw SurvivalError.invalidArgument(
                "\(name) is constant or collinear with the other terms; remove it from the random-effect model")
        }
        var warnings = design.warnings + scaleWarnings + summary.warnings.map { Warning($0) }
        if dropped > 0 { warnings.append(Self.droppedWarning(dropped)) }
        let z = SQSurvival.Normal.quantile(1 - (1 - settings.conf) / 2)
        let terms = design.info.indices.map { j -> CoxResult.Term in
            let info = design.info[j]
            let b = summary.coefficients[j], se = summary.standardErrors[j]
            func value(_ x: Double) -> Double? { x.isFinite ? x : nil }
            return CoxResult.Term(term: labels[info.term], level: info.level, reference: info.reference,
                                  coefficient: value(b), standardError: value(se), naiveStandardError: nil,
                                  hazardRatio: value(exp(b)), lower: value(exp(b - z * se)), upper: value(exp(b + z * se)),
                                  z: value(b / se), p: value(SQSurvival.Normal.twoSidedP(b / se)))
        }
        let effects = zip(groups.keys, summary.randomEffects).map { key, b in
            CoxResult.Frailty.Effect(group: key.first ?? .null, b: b)
        }
        let record = CoxResult.Frailty(
            distribution: summary.distribution, method: summary.method, fixed: summary.fixed, group: groupLabel, groups: groups.keys.count,
            variance: summary.variance, sd: summary.variance.squareRoot(), theta: summary.variance,
            boundary: summary.boundary,
            logLikelihood: .init(null: summary.logLikelihoodNull, integrated: summary.logLikelihoodIntegrated,
                                 penalized: summary.logLikelihoodPenalized),
            lrt: summary.lrt, effects: effects)
        return CoxResult(endpoint: endpoint.name, n: summary.n, events: summary.events, nDropped: dropped, ties: settings.ties.rawValue,
                         conf: settings.conf, terms: terms,
                         logLikelihood: [summary.logLikelihoodNull, summary.logLikelihoodIntegrated ?? summary.logLikelihoodPenalized],
                         tests: CoxResult.Tests(likelihoodRatio: summary.likelihoodRatio, wald: summary.wald,
                                                score: summary.score),
                         concordance: nil, concordanceSE: nil, iterations: summary.iterations, converged: summary.converged,
                         diagnostics: warnings,
                         strata: model.strata.isEmpty ? nil : model.strata.map { data.request.columns[$0].label },
                         cluster: nil, frailty: record)
    }
}

/// What the result needs from either engine.
struct RandomEffectSummary {
    var distribution: String
    var method: String
    var fixed: Bool
    var coefficients: [Double]
    var standardErrors: [Double]
    var variance: Double
    var boundary: Bool
    var randomEffects: [Double]
    var logLikelihoodNull: Double
    var logLikelihoodIntegrated: Double?
    var logLikelihoodPenalized: Double
    var lrt: TestStatistic
    var likelihoodRatio: TestStatistic
    var wald: TestStatistic
    var score: TestStatistic
    var n: Int
    var events: Int
    var iterations: Int
    var converged: Bool
    var warnings: [String]

    init(_ fit: CoxMixedFit) {
        self.init(fit, distribution: "gaussian", method: "laplace", variance: fit.randomVariance, fixed: fit.varianceFixed)
    }

    init(_ fit: FrailtyFit, distribution: FrailtyDistribution) {
        // Gamma: coxph's marginal likelihood; gaussian: the Laplace approximation at coxph's θ.
        self.init(fit, distribution: distribution.rawValue, method: distribution == .gamma ? "em" : "reml",
                  variance: fit.theta, fixed: fit.thetaFixed)
    }

    private init(_ fit: some RandomEffectFit, distribution: String, method: String, variance: Double, fixed: Bool) {
        self.distribution = distribution
        self.method = method
        self.fixed = fixed
        self.variance = variance
        coefficients = fit.coefficients
        standardErrors = fit.standardErrors
        boundary = fit.atBoundary
        randomEffects = fit.randomEffects
        logLikelihoodNull = fit.logLikelihoodNull
        logLikelihoodIntegrated = fit.logLikelihoodIntegrated
        logLikelihoodPenalized = fit.logLikelihoodPenalized
        lrt = fit.randomEffectTest
        // coxme's "Integrated loglik" chi-square: against the null model, on p + (number of estimated variances) df.
        likelihoodRatio = TestStatistic(statistic: 2 * (fit.logLikelihoodIntegrated - fit.logLikelihoodNull),
                                        df: fit.coefficients.count + (fixed ? 0 : 1))
        wald = Self.wald(fit.coefficients, fit.variance)
        score = fit.coxScoreTest
        n = fit.n
        events = fit.events
        iterations = fit.iterations
        converged = fit.converged
        warnings = fit.warnings.map(\.message)
    }

    /// β' V⁻¹ β on p df (the fixed effects jointly).
    static func wald(_ beta: [Double], _ variance: [[Double]]) -> TestStatistic {
        let p = beta.count
        guard p > 0 else { return TestStatistic(statistic: 0, df: 0) }
        var a = variance
        var x = beta
        // Gaussian elimination on the small symmetric positive-definite V.
        for i in 0..<p {
            let pivot = a[i][i]
            guard pivot > 0 else { return TestStatistic(statistic: .nan, df: p) }
            for r in (i + 1)..<p {
                let f = a[r][i] / pivot
                for c in i..<p { a[r][c] -= f * a[i][c] }
                x[r] -= f * x[i]
            }
        }
        var solution = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var t = x[i]
            for c in (i + 1)..<p { t -= a[i][c] * solution[c] }
            solution[i] = t / a[i][i]
        }
        var s = 0.0
        for i in 0..<p { s += beta[i] * solution[i] }
        return TestStatistic(statistic: s, df: p)
    }
}

/// What the mixed-effects and frailty fits share, for one summary of either.
protocol RandomEffectFit {
    var coefficients: [Double] { get }
    var standardErrors: [Double] { get }
    var variance: [[Double]] { get }
    var atBoundary: Bool { get }
    var randomEffects: [Double] { get }
    var logLikelihoodNull: Double { get }
    var logLikelihoodIntegrated: Double { get }
    var logLikelihoodPenalized: Double { get }
    var randomEffectTest: TestStatistic { get }
    var coxScoreTest: TestStatistic { get }
    var n: Int { get }
    var events: Int { get }
    var iterations: Int { get }
    var converged: Bool { get }
    var warnings: [CoxWarning] { get }
}

extension CoxMixedFit: RandomEffectFit {}
extension FrailtyFit: RandomEffectFit {}
