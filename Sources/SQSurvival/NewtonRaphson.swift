import Foundation

/// The log-likelihood, score and information at one point, as a Newton system produces them.
protocol NewtonTerms {
    var logLikelihood: Double { get }
    /// The score, in the order of the coefficient vector.
    var gradient: [Double] { get }
    var isFinite: Bool { get }
    /// Subtracts the penalty's gradient from the score and adds its curvature to the information.
    mutating func penalise(_ terms: CoxPenaltyTerms)
}

/// A likelihood the Newton–Raphson loop maximises: the plain Cox design
/// (`CoxDenseSystem`) or coxme's bordered random-effect layout (`MixedProblem`).
protocol NewtonSystem {
    associatedtype Terms: NewtonTerms
    associatedtype Factor
    func evaluate(_ coefficients: [Double]) -> Terms
    func factorise(_ terms: Terms) -> Factor
    /// I⁻ U: the Newton step.
    func step(_ factor: Factor, _ terms: Terms) -> [Double]
    func rank(_ factor: Factor) -> Int
}

/// The stopping and step-halving conventions of the R routine a fit matches.
/// They differ in small ways that decide the last digits and the iteration count.
struct NewtonRules {
    enum Halving {
        /// coxfit6 / agfit4: the k-th consecutive halving moves to (new + k·old)/(k + 1).
        case growing
        /// coxfit5 and coxme: every halving goes half way back, (old + new)/2.
        case half
    }

    enum AtLimit {
        /// coxfit6: the last accepted point.
        case lastAccepted
        /// coxfit5: the last point tried.
        case lastTried
        /// agfit4: the last point tried unless it is worse than the best by more than eps (relative).
        case lastTriedUnlessClearlyWorse
        /// coxme: the last point tried unless it would have been halved.
        case lastTriedUnlessHalved
    }

    var epsilon: Double
    var maxIterations: Int
    /// coxme's fixed number of steps while it searches θ: no convergence before this.
    var minIterations = 0
    var halving = Halving.growing
    var atLimit = AtLimit.lastAccepted
    /// coxfit5 and agfit4 do not stop on a point reached by step-halving.
    var settleAfterHalving = false
    /// agfit4: a change of the information's rank counts as a failed step.
    var rankChangeFails = false
    /// coxme halves only when the likelihood falls by more than eps.
    var toleratesSmallFall = false

    /// coxph.fit → coxfit6, or agreg.fit → agfit4 for counting-process data.
    static func coxph(_ options: CoxOptions, countingProcess: Bool) -> NewtonRules {
        NewtonRules(epsilon: options.epsilon, maxIterations: options.maxIterations,
                    atLimit: countingProcess ? .lastTriedUnlessClearlyWorse : .lastAccepted,
                    settleAfterHalving: countingProcess, rankChangeFails: countingProcess)
    }

    /// coxpenal.fit → coxfit5 (frailty(), ridge()).
    static func coxpenal(epsilon: Double, maxIterations: Int) -> NewtonRules {
        NewtonRules(epsilon: epsilon, maxIterations: maxIterations, halving: .half, atLimit: .lastTried,
                    settleAfterHalving: true)
    }

    /// coxme.fit → coxfit6b / agfit6b.
    static func coxme(epsilon: Double, minIterations: Int, maxIterations: Int) -> NewtonRules {
        NewtonRules(epsilon: epsilon, maxIterations: maxIterations, minIterations: minIterations,
                    halving: .half, atLimit: .lastTriedUnlessHalved, toleratesSmallFall: true)
    }
}

/// Where the loop stopped.
struct NewtonFit<System: NewtonSystem> {
    var coefficients: [Double]
    /// At `coefficients`, the penalty's gradient and curvature included.
    var terms: System.Terms
    var factor: System.Factor
    /// The unpenalised log-likelihood (`terms.logLikelihood`) and ℓ − P.
    var logLikelihood: Double { terms.logLikelihood }
    var penalized: Double
    /// ℓ at the start, and the score test there: U' I⁻ U.
    var initialLogLikelihood: Double
    var scoreTest: Double
    var iterations: Int
    var converged: Bool
}

/// Newton–Raphson on a (penalised) partial likelihood — the one loop of every
/// Cox fit, as coxpenal.fit is coxph's: the system evaluates ℓ, U and I; the
/// penalty, when there is one, is called back at each point and subtracts P
/// from ℓ and P′ from U and adds P″ to I. Each iteration solves I δ = U and
/// stops when |1 − ℓ_best / ℓ_new| ≤ eps; a step that lowers the (penalised)
/// log-likelihood or overflows is pulled back towards the last good point
/// (step-halving), by the `rules` of the R routine being matched.
enum NewtonRaphson {
    static func maximise<System: NewtonSystem>(
        _ system: System, from start: [Double], penalty: (any CoxPenalty)? = nil, rules: NewtonRules,
        shouldStop: (@Sendable () -> Bool)?
    ) throws -> NewtonFit<System> {
        func evaluate(_ x: inout [Double]) -> (terms: System.Terms, penalized: Double, factor: System.Factor) {
            penalty?.recentre(&x)
            var terms = system.evaluate(x)
            var penalized = terms.logLikelihood
            if let penalty {
                let contribution = penalty.terms(at: x)
                terms.penalise(contribution)
                if !contribution.holdsFixed { penalized -= contribution.penalty }
            }
            return (terms, penalized, system.factorise(terms))
        }
        if let shouldStop, shouldStop() { throw SurvivalError.cancelled }
        var accepted = start
        let current = evaluate(&accepted)
        let initialRank = system.rank(current.factor)
        let firstStep = system.step(current.factor, current.terms)
        let gradient = current.terms.gradient
        var scoreTest = 0.0
        for i in gradient.indices { scoreTest += gradient[i] * firstStep[i] }
        var fit = NewtonFit<System>(coefficients: accepted, terms: current.terms, factor: current.factor,
                                    penalized: current.penalized, initialLogLikelihood: current.terms.logLikelihood,
                                    scoreTest: scoreTest, iterations: 0, converged: false)
        guard rules.maxIterations > 0 && current.penalized.isFinite else { return fit }

        func keep(_ x: [Double], _ point: (terms: System.Terms, penalized: Double, factor: System.Factor)) {
            fit.coefficients = x
            fit.terms = point.terms
            fit.factor = point.factor
            fit.penalized = point.penalized
        }
        var best = current.penalized
        var trial = zip(accepted, firstStep).map { $0 + $1 }
        var halvings = 0.0
        for iteration in 1...rules.maxIterations {
            fit.iterations = iteration
            if let shouldStop, shouldStop() { throw SurvivalError.cancelled }
            let point = evaluate(&trial)
            var failed = !point.terms.isFinite
            if rules.rankChangeFails && system.rank(point.factor) != initialRank { failed = true }
            let change = abs(1 - best / point.penalized)
            let settled = !rules.settleAfterHalving || halvings == 0
            if !failed && settled && iteration >= rules.minIterations && change <= rules.epsilon {
                keep(trial, point)
                fit.converged = true
                return fit
            }
            let falls = point.penalized < best && !(rules.toleratesSmallFall && change <= rules.epsilon)
            if iteration == rules.maxIterations {
                switch rules.atLimit {
                case .lastAccepted: break
                case .lastTried: keep(trial, point)
                case .lastTriedUnlessClearlyWorse:
                    if !failed && (point.penalized - best) / abs(best) >= -rules.epsilon { keep(trial, point) }
                case .lastTriedUnlessHalved:
                    if !failed && !falls { keep(trial, point) }
                }
                return fit
            }
            if failed || falls {
                halvings += 1
                switch rules.halving {
                case .growing:
                    for i in trial.indices { trial[i] = (trial[i] + halvings * accepted[i]) / (halvings + 1) }
                case .half:
                    for i in trial.indices { trial[i] = (accepted[i] + trial[i]) / 2 }
                }
            } else {
                halvings = 0
                best = point.penalized
                let step = system.step(point.factor, point.terms)
                accepted = trial
                keep(trial, point)
                for i in trial.indices { trial[i] += step[i] }
            }
        }
        return fit
    }
}
