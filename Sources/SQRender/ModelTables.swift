import SQResults
import SQSurvival

/// Tables for `fit cox`, `each` and `check ph`, laid out like a paper's
/// Table 2: term, level vs reference, HR (95% CI), p.
enum ModelTables {
    typealias Cell = TableView.Cell

    static func termRow(_ t: CoxResult.Term, extra: [Cell] = []) -> [Cell] {
        let level = t.level.map { level in t.reference.map { "\(level) vs \($0)" } ?? level } ?? ""
        let hr = t.hazardRatio == nil ? "NA (dropped)" :
            // A limit beyond the double range (a coefficient running to infinity) is R's Inf.
            "\(NumberFormat.ratio(t.hazardRatio)) (\(NumberFormat.interval(t.lower, t.upper, missing: "Inf", NumberFormat.ratio)))"
        return [Cell(t.term), Cell(level, raw: t.level ?? ""), Cell(hr, raw: NumberFormat.raw(t.hazardRatio)),
                Cell(NumberFormat.pValue(t.p), raw: NumberFormat.raw(t.p))] + extra
    }

    static func cox(_ r: CoxResult) -> [TableView] {
        let level = NumberFormat.number(r.conf * 100)
        var notes: [String] = []
        func test(_ name: String, _ t: TestStatistic) -> String {
            "\(name) \(NumberFormat.number(t.statistic)) on \(t.df) df, \(NumberFormat.pClause(t.p))"
        }
        if let frailty = r.frailty {
            notes += RandomEffectTables.notes(frailty, r)
        } else if r.tests.likelihoodRatio.df == 0 {
            notes.append("No term could be estimated, so there is nothing to test (0 df)")
        } else {
            notes.append([test("Likelihood ratio", r.tests.likelihoodRatio), test("Wald", r.tests.wald),
                          test("Score", r.tests.score)].joined(separator: "; ")
                          + (r.tests.robustScore.map { "; " + test("robust score", $0) } ?? ""))
            if r.cluster != nil {
                // As R's summary.coxph prints under a model with cluster().
                notes.append("The likelihood ratio and score tests assume independence of observations within a cluster; the Wald and robust score tests do not")
            }
        }
        if let c = r.concordance {
            notes.append("Concordance \(String(format: "%.3f", c))" + (r.concordanceSE.map { " (se \(String(format: "%.3f", $0)))" } ?? ""))
        }
        if let cluster = r.cluster { notes.append("Robust standard errors clustered on \(cluster)") }
        if r.iterations == 0 {
            notes.append("Evaluated at the starting values (iter = 0): coefficients 0, tests at β = 0")
        }
        let header = "Cox model \(r.endpoint): n = \(r.n), events = \(r.events)"
            + (r.nDropped > 0 ? " (\(r.nDropped) dropped for missing values)" : "")
            + ", ties = \(r.ties)" + (r.strata.map { ", strata: \($0.joined(separator: ", "))" } ?? "")
        let columns = ["term", "level", "HR (\(level)% CI)", "p", "coef", "se"]
        let rows = r.terms.map { t in
            termRow(t, extra: [Cell(NumberFormat.number(t.coefficient), raw: NumberFormat.raw(t.coefficient)),
                               Cell(NumberFormat.number(t.standardError), raw: NumberFormat.raw(t.standardError))])
        }
        let model = TableView(title: header, columns: columns, rows: rows, notes: notes, rightAligned: [3, 4, 5])
        return [model] + (r.frailty.map { [RandomEffectTables.variance($0)] } ?? [])
    }

    static func each(_ r: EachResult) -> [TableView] {
        let level = NumberFormat.number(r.conf * 100)
        if let joint = r.multivariable { return [screen(r, joint, level: level)] }
        let rows = r.terms.map { row in
            termRow(row.term, extra: [Cell("\(row.n)"), Cell("\(row.events)")])
        }
        return [TableView(title: "Univariable Cox models \(r.endpoint) (ties = \(r.ties))",
                          columns: ["term", "level", "HR (\(level)% CI)", "p", "n", "events"], rows: rows, rightAligned: [3, 4, 5])]
    }

    static func zph(_ r: SQResults.ZPHResult) -> [TableView] {
        var rows = r.terms.map { t in
            [Cell(t.term), Cell(NumberFormat.number(t.chiSquare), raw: NumberFormat.raw(t.chiSquare)), Cell("\(t.df)"),
             Cell(NumberFormat.pValue(t.p), raw: NumberFormat.raw(t.p))]
        }
        rows.append([Cell("GLOBAL"), Cell(NumberFormat.number(r.global.chiSquare), raw: NumberFormat.raw(r.global.chiSquare)),
                     Cell("\(r.global.df)"), Cell(NumberFormat.pValue(r.global.p), raw: NumberFormat.raw(r.global.p))])
        return [TableView(title: "Proportional hazards test (Schoenfeld residuals, KM time)" + (r.model.map { ": \($0)" } ?? ""),
                          columns: ["term", "chisq", "df", "p"], rows: rows, rightAligned: [1, 2, 3])]
    }

    static func pool(_ r: PoolResult) -> [TableView] {
        let level = NumberFormat.number(r.conf * 100)
        var rows = r.studies.map { s in
            [Cell(s.label), Cell(NumberFormat.number(s.estimate), raw: NumberFormat.raw(s.estimate)),
             Cell(NumberFormat.interval(s.lower, s.upper), raw: "\(NumberFormat.raw(s.lower));\(NumberFormat.raw(s.upper))"),
             Cell(String(format: "%.1f%%", s.weight), raw: NumberFormat.raw(s.weight))]
        }
        rows.append([Cell("pooled (\(r.method.uppercased()))"), Cell(NumberFormat.number(r.estimate), raw: NumberFormat.raw(r.estimate)),
                     Cell(NumberFormat.interval(r.lower, r.upper), raw: "\(NumberFormat.raw(r.lower));\(NumberFormat.raw(r.upper))"),
                     Cell("100%", raw: "100")])
        let scale = r.transform == "none" ? "" : ", pooled on the \(r.transform) scale"
        let notes = ["k = \(r.k); τ² = \(NumberFormat.number(r.tau2)), I² = \(String(format: "%.1f", r.i2))%; "
                     + "Q = \(NumberFormat.number(r.q)) on \(r.k - 1) df, \(NumberFormat.pClause(r.pQ))\(scale)"]
        return [TableView(title: "Pooled estimate (inverse variance, \(r.method.uppercased()))",
                          columns: ["study", "estimate", "\(level)% CI", "weight"], rows: rows, notes: notes, rightAligned: [1, 3])]
    }

    /// Seed 001's Table 2: each row a term (level), its univariable HR (CI)
    /// and p, then the same term's HR (CI) and p in the model of all terms.
    static func screen(_ r: EachResult, _ joint: CoxResult, level: String) -> TableView {
        let rows = r.terms.map { row -> [Cell] in
            let uni = termRow(row.term)
            let match = joint.terms.first { $0.term == row.term.term && $0.level == row.term.level }
            let multi = match.map { Array(termRow($0).dropFirst(2)) } ?? [Cell("—", raw: ""), Cell("", raw: "")]
            return uni + [Cell("\(row.n)"), Cell("\(row.events)")] + multi
        }
        var notes = ["Univariable: one model per term, on the patients that term is known for (n, events)."]
        notes.append("Multivariable: all terms in one model, n = \(joint.n), events = \(joint.events)"
                     + (joint.nDropped > 0 ? " (\(joint.nDropped) dropped for missing values)" : "")
                     + "; likelihood ratio \(NumberFormat.number(joint.tests.likelihoodRatio.statistic)) on \(joint.tests.likelihoodRatio.df) df, \(NumberFormat.pClause(joint.tests.likelihoodRatio.p))")
        return TableView(title: "Univariable and multivariable Cox models \(r.endpoint) (ties = \(r.ties))",
                         columns: ["term", "level", "univariable HR (\(level)% CI)", "p", "n", "events",
                                   "multivariable HR (\(level)% CI)", "p"],
                         rows: rows, notes: notes, rightAligned: [3, 4, 5, 7])
    }
}
