import SQResults

/// The random-effect part of a mixed-effects or frailty Cox model, laid out
/// like coxme's print: the log-likelihoods, the test of the random effect, and
/// a "Random effects" table of its standard deviation and variance.
enum RandomEffectTables {
    typealias Cell = TableView.Cell

    static func notes(_ f: CoxResult.Frailty, _ r: CoxResult) -> [String] {
        func ll(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "NA" }
        var notes: [String] = []
        let model = f.distribution == "gamma" ? "Gamma frailty" : (f.method == "laplace" ? "Gaussian random intercept" : "Gaussian frailty")
        notes.append("\(model) per \(f.group) (\(f.groups) groups), variance "
                     + (f.fixed ? "fixed" : "by \(methodName(f.method))"))
        notes.append("Log-likelihood: null \(ll(f.logLikelihood.null)), integrated \(ll(f.logLikelihood.integrated)), "
                     + "penalized \(ll(f.logLikelihood.penalized))")
        let t = r.tests.likelihoodRatio
        let wald = r.tests.wald
        notes.append("Integrated likelihood ratio \(NumberFormat.number(t.statistic)) on \(t.df) df, \(NumberFormat.pClause(t.p))"
                     + (wald.df > 0 ? "; Wald \(NumberFormat.number(wald.statistic)) on \(wald.df) df, \(NumberFormat.pClause(wald.p))" : ""))
        if f.boundary {
            notes.append("The variance is at the boundary 0: no detectable \(f.group) effect (LRT = 0)")
        } else {
            notes.append("Random effect vs plain Cox: LRT \(NumberFormat.number(f.lrt.statistic)) on 1 df, "
                         + "\(NumberFormat.pClause(f.lrt.p)) (conservative at the boundary θ = 0)")
        }
        if r.iterations > 0 && !r.converged { notes.append("warning: did not converge in the last fit; the last values are shown") }
        return notes
    }

    static func methodName(_ method: String) -> String {
        switch method {
        case "laplace": return "Laplace-approximated maximum likelihood (coxme)"
        case "em": return "coxph's marginal likelihood search (EM)"
        case "reml": return "coxph's REML iteration"
        default: return method
        }
    }

    static func variance(_ f: CoxResult.Frailty) -> TableView {
        let row = [Cell(f.group), Cell("Intercept"), Cell(NumberFormat.number(f.sd), raw: NumberFormat.raw(f.sd)),
                   Cell(NumberFormat.number(f.variance), raw: NumberFormat.raw(f.variance))]
        return TableView(title: "Random effects", columns: ["group", "variable", "SD", "variance"], rows: [row],
                         rightAligned: [2, 3])
    }
}
