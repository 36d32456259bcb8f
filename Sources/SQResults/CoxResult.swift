import SQSurvival

/// `fit cox`: coxph, as docs/results.md ("cox") lays it out.
public struct CoxResult: Codable, Sendable {
    public var endpoint: String
    public var n: Int
    public var events: Int
    public var nDropped: Int
    public var ties: String
    public var conf: Double
    public var terms: [Term]
    /// (null model, final model).
    public var logLikelihood: [Double]
    public var tests: Tests
    public var concordance: Double?
    public var concordanceSE: Double?
    public var iterations: Int
    public var converged: Bool
    /// What the fit warns about, each pointing at its term where it has one.
    public var diagnostics: [Warning]
    public var strata: [String]?
    public var cluster: String?
    public var frailty: Frailty?

    public struct Term: Codable, Sendable {
        public var term: String
        /// The factor level (levels joined by `:` for interactions), nil for a numeric term.
        public var level: String?
        /// The reference level(s) the level is compared with.
        public var reference: String?
        public var coefficient: Double?
        public var standardError: Double?
        public var naiveStandardError: Double?
        public var hazardRatio: Double?
        public var lower: Double?
        public var upper: Double?
        public var z: Double?
        public var p: Double?

        /// (lower, upper) of the hazard ratio at the model's confidence level.
        public var confidenceInterval: (lower: Double?, upper: Double?) { (lower, upper) }

        enum CodingKeys: String, CodingKey {
            case term, level, reference, coefficient = "coef", standardError = "se", naiveStandardError = "naive_se"
            case hazardRatio = "hr", lower, upper, z, p
        }

        public init(term: String, level: String? = nil, reference: String? = nil, coefficient: Double? = nil, standardError: Double? = nil, naiveStandardError: Double? = nil, hazardRatio: Double? = nil, lower: Double? = nil, upper: Double? = nil, z: Double? = nil, p: Double? = nil) {
            self.term = term
            self.level = level
            self.reference = reference
            self.coefficient = coefficient
            self.standardError = standardError
            self.naiveStandardError = naiveStandardError
            self.hazardRatio = hazardRatio
            self.lower = lower
            self.upper = upper
            self.z = z
            self.p = p
        }
    }

    public struct Tests: Codable, Sendable {
        public var likelihoodRatio: TestStatistic
        public var wald: TestStatistic
        public var score: TestStatistic
        /// R's robust score test, with a `cluster()` term (summary.coxph's "Robust = ...").
        public var robustScore: TestStatistic? = nil
        enum CodingKeys: String, CodingKey { case likelihoodRatio = "lr", wald, score, robustScore = "robust_score" }

        public init(likelihoodRatio: TestStatistic, wald: TestStatistic, score: TestStatistic, robustScore: TestStatistic? = nil) {
            self.likelihoodRatio = likelihoodRatio
            self.wald = wald
            self.score = score
            self.robustScore = robustScore
        }
    }

    /// The random effect of a mixed-effects (`(1 | g)`) or frailty (`frailty(g)`) model.
    public struct Frailty: Codable, Sendable {
        /// "gaussian" or "gamma".
        public var distribution: String
        /// The method: "laplace" (mixed-effects, coxme), "em" (gamma frailty, coxph),
        /// "reml" (gaussian frailty, coxph).
        public var method: String
        /// The variance was given (`with variance =` / `with theta =`), not estimated.
        public var fixed: Bool
        public var group: String
        public var groups: Int
        /// The random effect's variance (θ) and its square root.
        public var variance: Double
        public var sd: Double
        /// coxph's name for the variance, the same number.
        public var theta: Double
        /// The estimate is at the boundary θ = 0.
        public var boundary: Bool
        public var logLikelihood: LogLikelihoods
        /// Likelihood-ratio test of the random effect against the plain Cox model.
        public var lrt: TestStatistic
        /// Estimated random effects per group (`show m random`); not part of the fit's JSON.
        public var effects: [Effect] = []

        public struct LogLikelihoods: Codable, Sendable {
            public var null: Double
            /// Integrated (marginal) log-likelihood; nil where R reports none (gaussian frailty).
            public var integrated: Double?
            public var penalized: Double

            public init(null: Double, integrated: Double? = nil, penalized: Double) {
                self.null = null
                self.integrated = integrated
                self.penalized = penalized
            }
        }

        public struct Effect: Codable, Sendable {
            public var group: Value
            public var b: Double

            public init(group: Value, b: Double) {
                self.group = group
                self.b = b
            }
        }

        enum CodingKeys: String, CodingKey {
            case distribution = "dist", method, fixed, group, groups, variance, sd, theta, boundary
            case logLikelihood = "loglik", lrt
        }

        public init(distribution: String, method: String, fixed: Bool, group: String, groups: Int, variance: Double, sd: Double, theta: Double, boundary: Bool, logLikelihood: LogLikelihoods, lrt: TestStatistic, effects: [Effect] = []) {
            self.distribution = distribution
            self.method = method
            self.fixed = fixed
            self.group = group
            self.groups = groups
            self.variance = variance
            self.sd = sd
            self.theta = theta
            self.boundary = boundary
            self.logLikelihood = logLikelihood
            self.lrt = lrt
            self.effects = effects
        }
    }

    enum CodingKeys: String, CodingKey {
        case endpoint, n, events, nDropped = "n_dropped", ties, conf, terms, logLikelihood = "loglik", tests
        case concordance, concordanceSE = "concordance_se", iterations, converged, diagnostics = "warnings", strata, cluster, frailty
    }

    /// The warnings' messages, as the JSON shows them.
    public var warnings: [String] { diagnostics.map(\.message) }

    /// The first term whose name (and level, when given) matches.
    public func term(_ name: String, level: String? = nil) -> Term? {
        terms.first { $0.term == name && (level == nil || $0.level == level) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(endpoint, forKey: .endpoint)
        try c.encode(n, forKey: .n)
        try c.encode(events, forKey: .events)
        try c.encode(nDropped, forKey: .nDropped)
        try c.encode(ties, forKey: .ties)
        try c.encode(conf, forKey: .conf)
        try c.encode(terms, forKey: .terms)
        try c.encode(logLikelihood, forKey: .logLikelihood)
        try c.encode(tests, forKey: .tests)
        try c.encode(concordance, forKey: .concordance)
        try c.encode(concordanceSE, forKey: .concordanceSE)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(converged, forKey: .converged)
        try c.encode(diagnostics, forKey: .diagnostics)
        // Present only when the model has them (docs/results.md, "cox": `frailty` only for random-effect models).
        if let strata { try c.encode(strata, forKey: .strata) }
        if let cluster { try c.encode(cluster, forKey: .cluster) }
        if let frailty { try c.encode(frailty, forKey: .frailty) }
    }

    public init(endpoint: String, n: Int, events: Int, nDropped: Int, ties: String, conf: Double, terms: [Term], logLikelihood: [Double], tests: Tests, concordance: Double? = nil, concordanceSE: Double? = nil, iterations: Int, converged: Bool, diagnostics: [Warning], strata: [String]? = nil, cluster: String? = nil, frailty: Frailty? = nil) {
        self.endpoint = endpoint
        self.n = n
        self.events = events
        self.nDropped = nDropped
        self.ties = ties
        self.conf = conf
        self.terms = terms
        self.logLikelihood = logLikelihood
        self.tests = tests
        self.concordance = concordance
        self.concordanceSE = concordanceSE
        self.iterations = iterations
        self.converged = converged
        self.diagnostics = diagnostics
        self.strata = strata
        self.cluster = cluster
        self.frailty = frailty
    }
}

/// `each`: one univariable model per term; each row as a Cox term plus its model's n and events.
public struct EachResult: Codable, Sendable {
    public var endpoint: String
    public var ties: String
    public var conf: Double
    public var terms: [Row]
    /// `with multivariable = true`: the model of all the terms together (a paper's Table 2).
    public var multivariable: CoxResult?

    public struct Row: Codable, Sendable {
        public var term: CoxResult.Term
        public var n: Int
        public var events: Int
        public var nDropped: Int
        /// Likelihood-ratio test of the whole term (all its levels).
        public var termP: Double?

        enum CodingKeys: String, CodingKey { case n, events, nDropped = "n_dropped", termP = "term_p" }

        /// Flat, as docs/results.md ("each") says: the Cox term's fields, then `n`, `events`, `n_dropped`, `term_p`.
        public func encode(to encoder: any Encoder) throws {
            try term.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(n, forKey: .n)
            try c.encode(events, forKey: .events)
            try c.encode(nDropped, forKey: .nDropped)
            try c.encode(termP, forKey: .termP)
        }

        public init(term: CoxResult.Term, n: Int, events: Int, nDropped: Int, termP: Double?) {
            self.term = term
            self.n = n
            self.events = events
            self.nDropped = nDropped
            self.termP = termP
        }

        public init(from decoder: any Decoder) throws {
            term = try CoxResult.Term(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            n = try c.decode(Int.self, forKey: .n)
            events = try c.decode(Int.self, forKey: .events)
            nDropped = try c.decode(Int.self, forKey: .nDropped)
            termP = try c.decodeIfPresent(Double.self, forKey: .termP)
        }
    }

    public init(endpoint: String, ties: String, conf: Double, terms: [Row], multivariable: CoxResult? = nil) {
        self.endpoint = endpoint
        self.ties = ties
        self.conf = conf
        self.terms = terms
        self.multivariable = multivariable
    }
}

/// `check ph`: cox.zph (transform "km").
public struct ZPHResult: Codable, Sendable {
    public var model: String?
    public var terms: [Row]
    public var global: Global

    public struct Global: Codable, Sendable {
        public var chiSquare: Double
        public var df: Int
        public var p: Double
        enum CodingKeys: String, CodingKey { case chiSquare = "chisq", df, p }

        public init(chiSquare: Double, df: Int, p: Double) {
            self.chiSquare = chiSquare
            self.df = df
            self.p = p
        }
    }

    public struct Row: Codable, Sendable {
        public var term: String
        public var level: String?
        public var chiSquare: Double
        public var df: Int
        public var p: Double
        enum CodingKeys: String, CodingKey { case term, level, chiSquare = "chisq", df, p }

        public init(term: String, level: String? = nil, chiSquare: Double, df: Int, p: Double) {
            self.term = term
            self.level = level
            self.chiSquare = chiSquare
            self.df = df
            self.p = p
        }
    }

    enum CodingKeys: String, CodingKey { case model, terms, global }

    public init(model: String? = nil, terms: [Row], global: Global) {
        self.model = model
        self.terms = terms
        self.global = global
    }
}
