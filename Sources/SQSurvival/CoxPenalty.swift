import Foundation

/// What a penalty contributes at the current coefficients, as R's `coxpenal.fit`
/// asks its penalty functions (`pfun`): the penalty P(b), subtracted from the
/// log-likelihood; its gradient ∂P/∂b, subtracted from the score; its curvature
/// ∂²P/∂b², added to the information — a diagonal (a sparse term, coxfit5's
/// `fdiag`) or a full block (a dense term's `second` matrix). The penalised
/// coefficients are the first `gradient.count` ones of the loop's vector.
struct CoxPenaltyTerms {
    enum Curvature {
        case diagonal([Double])
        /// Row-major k × k, k = gradient.count.
        case full([Double])
    }

    var penalty: Double
    var gradient: [Double]
    var curvature: Curvature
    /// coxpenal.fit's `flag`: the penalised coefficients are held where they are
    /// (no score, unit information, no coupling), as a frailty of variance 0.
    var holdsFixed = false
}

/// A penalty callback into the one Newton–Raphson loop (`NewtonRaphson`), as
/// frailty() and ridge() are to coxph and a random effect is to coxme.
protocol CoxPenalty {
    /// coxpenal.fit's `recenter`: moves the penalised coefficients to an
    /// equivalent point before each evaluation (the partial likelihood cannot
    /// see a common shift of the random effects).
    func recentre(_ coefficients: inout [Double])
    func terms(at coefficients: [Double]) -> CoxPenaltyTerms
}

extension CoxPenalty {
    func recentre(_ coefficients: inout [Double]) {}
}

extension CoxLikelihoodValue: NewtonTerms {
    var gradient: [Double] { score }

    mutating func penalise(_ terms: CoxPenaltyTerms) {
        let p = score.count, k = terms.gradient.count
        if terms.holdsFixed {
            for j in 0..<k {
                score[j] = 0
                for i in 0..<p { information[j * p + i] = 0; information[i * p + j] = 0 }
                information[j * p + j] = 1
            }
            return
        }
        for j in 0..<k { score[j] -= terms.gradient[j] }
        switch terms.curvature {
        case .diagonal(let d):
            for j in 0..<k { information[j * p + j] += d[j] }
        case .full(let c):
            for i in 0..<k { for j in 0..<k { information[i * p + j] += c[i * k + j] } }
        }
    }
}

extension BorderedTerms: NewtonTerms {
    var gradient: [Double] { sparseScore + denseScore }

    var isFinite: Bool {
        logLikelihood.isFinite && sparseScore.allSatisfy(\.isFinite) && denseScore.allSatisfy(\.isFinite)
            && sparseDiagonal.allSatisfy(\.isFinite) && cross.allSatisfy(\.isFinite) && dense.allSatisfy(\.isFinite)
    }

    /// Coordinate j < ns is a sparse level (its information is diagonal); the
    /// rest are the dense block's. A full curvature may touch only dense ones.
    mutating func penalise(_ terms: CoxPenaltyTerms) {
        let ns = sparseScore.count, m = denseScore.count, k = terms.gradient.count
        if terms.holdsFixed {
            // coxfit5's zflag.
            for j in 0..<min(k, ns) {
                sparseScore[j] = 0
                sparseDiagonal[j] = 1
                for c in 0..<m { cross[j * m + c] = 0 }
            }
            for h in 0..<max(0, k - ns) {
                denseScore[h] = 0
                for c in 0..<m { dense[h * m + c] = 0; dense[c * m + h] = 0 }
                dense[h * m + h] = 1
            }
            return
        }
        for j in 0..<k {
            if j < ns { sparseScore[j] -= terms.gradient[j] } else { denseScore[j - ns] -= terms.gradient[j] }
        }
        switch terms.curvature {
        case .diagonal(let d):
            for j in 0..<k {
                if j < ns { sparseDiagonal[j] += d[j] } else { dense[(j - ns) * m + j - ns] += d[j] }
            }
        case .full(let c):
            precondition(ns == 0, "a full penalty block needs dense coordinates")
            for i in 0..<k { for j in 0..<k { dense[i * m + j] += c[i * k + j] } }
        }
    }
}
