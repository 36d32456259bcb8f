/// An analysis statement: the analysis, then the clauses every analysis may
/// carry: `from <table|cohort>`, `where <cond>`, `with name = value, ...`.
public struct AnalysisStatement: Sendable {
    public var analysis: Analysis
    public var source: Name?
    public var filter: Expr?
    public var options: [Argument]
    public var span: Span
    public init(analysis: Analysis, source: Name?, filter: Expr?, options: [Argument], span: Span) {
        self.analysis = analysis
        self.source = source
        self.filter = filter
        self.options = options
        self.span = span
    }
}

public enum Analysis: Sendable {
    /// `km os [by a, b] [at 1y, 2y]`
    case km(endpoint: Name, by: [Expr], at: [Expr])
    /// `logrank os by g [, h]` (stratified with `with strata = center`)
    case logrank(endpoint: Name, by: [Expr])
    /// `followup os`
    case followup(endpoint: Name)
    /// `fit cox os ~ terms`
    case cox(endpoint: Name, terms: [Term])
    /// `check ph [m]`
    case checkPH(model: Name?)
    /// `each os ~ a, b, c`: one univariable Cox model per term.
    case each(endpoint: Name, terms: [Term])
    /// `describe age, sex by g`
    case describe(variables: [Expr], by: Expr?)
    /// `cutpoint os ~ x [by g] [adjust ~ a + b]`
    case cutpoint(endpoint: Name, variable: Expr, by: Expr?, adjust: [Term])
    /// `interaction os ~ g * (a, b, c) [adjust ~ x + y]`
    case interaction(endpoint: Name, group: Expr, modifiers: [Expr], adjust: [Term])
    /// `subgroups os ~ g by a * b * c` (crossed) or `by a, b` (one factor at a time)
    case subgroups(endpoint: Name, treatment: Expr, by: [Expr], crossed: Bool)
    /// `plot km os [by g] [to "km.svg"]`
    case plotKM(endpoint: Name, by: [Expr], path: StringLiteral?)
    /// `plot forest m [to "forest.svg"]`
    case plotForest(model: Name, path: StringLiteral?)
    /// `plot cutpoint c [to "scan.svg"]`: the scan of a kept `cutpoint` result.
    case plotCutpoint(result: Name, path: StringLiteral?)
    /// `reconstruct ipd from "curve.csv" with atrisk = "..", total = 228 as t`
    /// (its `with` options are the statement's `options`).
    case reconstruct(curve: StringLiteral, table: Name)
    /// `pool estimate = yi, se = sei, label = study`
    case pool(arguments: [Argument])
    /// `pool survival [endpoint] at 1y, 2y from t1, t2, ...`: KM rates per study, pooled per time.
    case poolSurvival(endpoint: Name?, at: [Expr], studies: [Name])
    /// `count [by a, b]`
    case count(by: [Expr])
    /// `list a, b [limit 20]`
    case list(columns: [Expr], limit: Expr?)
    /// An analysis added through a `StatementRule` (StatementRegistry.swift):
    /// its word and what its own rule read.
    case registered(word: String, syntax: any AnalysisSyntax)
}

/// A model term on the right of `~`, before expansion: `a * b` becomes
/// `a + b + a:b` in the compiler.
public struct Term: Sendable {
    public indirect enum Kind: Sendable {
        /// A column, a call such as `log(bili)`, `factor(x, ref = "a")`,
        /// `strata(g)`, `cluster(id)`, `frailty(id, dist = gaussian)`.
        case atom(Expr)
        /// `a * b`: main effects and interaction.
        case cross(Term, Term)
        /// `a : b`: the interaction only.
        case interact(Term, Term)
        /// `(effects | group)`: Gaussian random effects per level of `group`, in
        /// lme4's and coxme's notation — `(1 | g)` a random intercept, `(1 + x | g)`
        /// and `(x | g)` an intercept and a slope, `(1 | g1/g2)` nested groups.
        /// The planner says which it fits.
        case random(effects: [Term], group: Expr)
    }

    public var kind: Kind
    public var span: Span
    public init(_ kind: Kind, span: Span) { self.kind = kind; self.span = span }
}
