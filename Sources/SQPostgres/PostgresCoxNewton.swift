import Foundation

/// A Cox model fitted where the rows are: each Newton–Raphson iteration binds
/// β to one `PostgresPushdown.coxDerivatives` statement, which forms the risk
/// sets and the ties correction in SQL and returns one row (the log partial
/// likelihood, score and information); the step is taken here. The iteration is
/// R survival's coxfit6 with the rules of SQ's own engine: start at β = 0,
/// pull a step back towards the last accepted β while the log partial
/// likelihood falls, stop when its relative change is at most `epsilon`, keep
/// the last accepted β at the iteration limit, and take the variance from the
/// information at the estimate.
public struct PostgresCoxFit: Sendable, Equatable {
    public var coefficients: [Double]
    /// The inverse of the information matrix at the estimate, p × p row-major.
    public var variance: [Double]
    public var standardErrors: [Double]
    public var logLikelihoodNull: Double
    public var logLikelihood: Double
    /// Rows with an event among the complete cases.
    public var events: Double
    public var iterations: Int
    public var converged: Bool
    /// The score test at β = 0, U(0)ᵀ I(0)⁻¹ U(0): the first Newton step's
    /// U · δ, as coxph reports it (`score` in `summary(coxph)`).
    public var scoreTest: Double = .nan
    /// The score and information (p × p, row-major) at the estimate, for
    /// coxph.fit's check of infinite coefficients (|U·V| against β).
    public var score: [Double] = []
    public var information: [Double] = []
}

public enum PostgresCoxNewton {
    /// Fits the model on `source`: one statement per iteration
    /// (`PostgresPushdown.coxDerivatives`), with the covariates centred at
    /// `centers` (the fit does not depend on them; coxph's keep exp(η) in range),
    /// or at their means, in one more query, when nil.
    public static func fit(_ source: PostgresSurvivalSource, covariates: [String], centers: [Double]? = nil, efron: Bool,
                           maxIterations: Int = 20, epsilon: Double = 1e-9,
                           on connection: PostgresConnection) throws -> PostgresCoxFit {
        let p = covariates.count
        let centers = try centers ?? means(source, covariates: covariates, on: connection)
        func derivatives(_ beta: [Double]) throws -> PostgresCoxDerivatives {
            try PostgresCoxDerivatives.fetch(source, covariates: covariates, beta: beta, centers: centers, efron: efron, on: connection)
        }
        // coxfit6's rules, as SQ's own `NewtonRaphson` applies them (`NewtonRules.coxph`):
        // stop when |1 − ℓ_best / ℓ_new| ≤ eps; a step that lowers ℓ (or overflows)
        // is pulled back towards the last accepted β, by 1/2, then 2/3, 3/4, …;
        // at the iteration limit the last accepted β is kept.
        var accepted = [Double](repeating: 0, count: p)
        let start = try derivatives(accepted)
        // At β = 0, r = w: the deaths' Σ r·x̃_j is the events' Σ w·x̃_j, which gives
        // the events' own terms at every β: Σ_events w·η = Σ_j β_j Σ_events w·x̃_j in
        // the log-likelihood, Σ_events w·x̃_j in the score.
        let eventsX = start.eventsX
        func total(_ sums: PostgresCoxDerivatives, at beta: [Double]) -> (Double, [Double], [Double]) {
            let loglik = sums.logLikelihood + zip(beta, eventsX).reduce(0.0) { $0 + $1.0 * $1.1 }
            return (loglik, zip(sums.score, eventsX).map { $0 + $1 }, sums.information)
        }
        func evaluate(_ beta: [Double]) throws -> (Double, [Double], [Double]) { total(try derivatives(beta), at: beta) }
        var (loglik, score, information) = total(start, at: accepted)
        let events = start.events
        let loglikNull = loglik
        var iterations = 0, converged = p == 0
        var scoreTest = 0.0
        var trial = accepted
        if !converged, let step = solve(information, score, p) {
            for j in 0..<p { trial[j] += step[j]; scoreTest += score[j] * step[j] }
            var halvings = 0.0
            while iterations < maxIterations {
                iterations += 1
                let (newLoglik, newScore, newInformation) = try evaluate(trial)
                let failed = !(newLoglik.isFinite && newScore.allSatisfy(\.isFinite) && newInformation.allSatisfy(\.isFinite))
                if !failed && abs(1 - loglik / newLoglik) <= epsilon {
                    converged = true
                    accepted = trial
                    (loglik, score, information) = (newLoglik, newScore, newInformation)
                    break
                }
                if iterations == maxIterations { break }
                if failed || newLoglik < loglik {
                    halvings += 1
                    for j in 0..<p { trial[j] = (trial[j] + halvings * accepted[j]) / (halvings + 1) }
                } else {
                    halvings = 0
                    accepted = trial
                    (loglik, score, information) = (newLoglik, newScore, newInformation)
                    guard let step = solve(information, score, p) else { break }
                    for j in 0..<p { trial[j] += step[j] }
                }
            }
        }
        let beta = accepted
        let variance = inverse(information, p) ?? [Double](repeating: .nan, count: p * p)
        return PostgresCoxFit(coefficients: beta, variance: variance,
                              standardErrors: (0..<p).map { variance[$0 * p + $0].squareRoot() },
                              logLikelihoodNull: loglikNull, logLikelihood: loglik, events: events,
                              iterations: iterations, converged: converged,
                              scoreTest: scoreTest, score: score, information: information)
    }

    /// The complete cases' mean of each covariate, in one query.
    static func means(_ source: PostgresSurvivalSource, covariates: [String], on connection: PostgresConnection) throws -> [Double] {
        guard !covariates.isEmpty else { return [] }
        let totals = covariates.map { "sum((\($0))::float8)" }.joined(separator: ", ")
        let condition = source.whereClause(also: covariates)
        let parts = source.relations.map { "SELECT \(totals), count(*)::float8 FROM \($0) WHERE \(condition)" }
        let sql = PostgresSQL(parts.joined(separator: " UNION ALL "), source.filter?.arguments ?? [])
        let columns = try connection.fetchColumns(sql, kinds: Array(repeating: .real, count: covariates.count + 1),
                                                  settings: PostgresPushdown.aggregateSettings)
        let n = columns[covariates.count].reals.reduce(0, +)
        return (0..<covariates.count).map { j in n > 0 ? columns[j].reals.reduce(0, +) / n : 0 }
    }

    /// Solves A x = b for a symmetric positive definite A (Cholesky), nil when it is not.
    static func solve(_ a: [Double], _ b: [Double], _ p: Int) -> [Double]? {
        guard let l = cholesky(a, p) else { return nil }
        var y = b
        for i in 0..<p {
            for k in 0..<i { y[i] -= l[i * p + k] * y[k] }
            y[i] /= l[i * p + i]
        }
        for i in stride(from: p - 1, through: 0, by: -1) {
            for k in (i + 1)..<p { y[i] -= l[k * p + i] * y[k] }
            y[i] /= l[i * p + i]
        }
        return y
    }

    static func inverse(_ a: [Double], _ p: Int) -> [Double]? {
        var out = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            var unit = [Double](repeating: 0, count: p)
            unit[j] = 1
            guard let column = solve(a, unit, p) else { return nil }
            for i in 0..<p { out[i * p + j] = column[i] }
        }
        return out
    }

    static func cholesky(_ a: [Double], _ p: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0...i {
                var sum = a[i * p + j]
                for k in 0..<j { sum -= l[i * p + k] * l[j * p + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * p + i] = sum.squareRoot()
                } else {
                    l[i * p + j] = sum / l[j * p + j]
                }
            }
        }
        return l
    }
}
