import Foundation

/// The frailty's distribution: coxph's `frailty.gamma` or `frailty.gaussian`.
public enum FrailtyDistribution: String, Sendable {
    case gamma
    case gaussian
}

/// A frailty penalty at variance θ (coxph's `pfun` for frailty()), called back
/// by the one Newton–Raphson loop: the random effects are recentred, then the
/// penalty is taken from the log-likelihood, its gradient from the score and
/// its (diagonal) curvature added to the information.
///   gamma (Therneau, Grambsch & Pankratz 2003): recentre so mean eᵇ = 1;
///     P = −ν Σ b, P′ = ν (eᵇ − 1), P″ = ν eᵇ, ν = 1/θ;
///   gaussian: recentre to mean 0; P = ½ Σ (b²/θ + log 2πθ), P′ = b/θ, P″ = 1/θ.
/// θ = 0 switches the frailty off (coxph's `flag`): b is held at 0.
struct FrailtyPenalty: CoxPenalty {
    let distribution: FrailtyDistribution
    let theta: Double
    /// Number of groups: the first `levels` coefficients of the loop are the b's.
    let levels: Int

    var isOff: Bool { theta == 0 }

    func recentre(_ coefficients: inout [Double]) {
        guard !isOff, levels > 0 else { return }
        let q = Double(levels)
        var shift = 0.0
        switch distribution {
        case .gamma:
            for j in 0..<levels { shift += exp(coefficients[j]) }
            shift = log(shift / q)
        case .gaussian:
            for j in 0..<levels { shift += coefficients[j] }
            shift /= q
        }
        for j in 0..<levels { coefficients[j] -= shift }
    }

    func terms(at coefficients: [Double]) -> CoxPenaltyTerms {
        let b = coefficients[0..<levels]
        if isOff {
            return CoxPenaltyTerms(penalty: 0, gradient: Array(repeating: 0, count: levels),
                                   curvature: .diagonal([]), holdsFixed: true)
        }
        switch distribution {
        case .gamma:
            let nu = 1 / theta
            let e = b.map(exp)
            return CoxPenaltyTerms(penalty: -nu * b.reduce(0, +), gradient: e.map { nu * ($0 - 1) },
                                   curvature: .diagonal(e.map { nu * $0 }))
        case .gaussian:
            let penalty = b.reduce(0) { $0 + 0.5 * ($1 * $1 / theta + log(2 * Double.pi * theta)) }
            return CoxPenaltyTerms(penalty: penalty, gradient: b.map { $0 / theta },
                                   curvature: .diagonal(Array(repeating: 1 / theta, count: levels)))
        }
    }
}

extension MixedProblem {
    /// coxfit5_b: the penalised Newton–Raphson with the frailty block of the
    /// information kept diagonal (sparse) — the same bordered system as
    /// coxme's — under coxpenal.fit's rules (`NewtonRules.coxpenal`).
    func frailtyFit(_ penalty: FrailtyPenalty, b initialB: [Double], beta initialBeta: [Double],
                    maxIterations: Int, epsilon: Double) throws -> MixedInnerFit {
        MixedInnerFit(try NewtonRaphson.maximise(
            self, from: initialB + initialBeta, penalty: penalty,
            rules: .coxpenal(epsilon: epsilon, maxIterations: maxIterations), shouldStop: shouldStop), layout: layout)
    }
}
