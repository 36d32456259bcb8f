import SQSurvival

/// `interaction os ~ g * (a, b) [adjust ~ ...]`: per modifier, the interaction
/// coefficients of `g * modifier [+ adjust]`, their joint Wald test and the
/// likelihood-ratio test against the model without the interaction (001 Table 4).
public struct InteractionResult: Codable, Sendable {
    public var endpoint: String
    public var treatment: String
    public var adjust: [String]
    public var ties: String
    public var conf: Double
    public var factors: [Factor]

    public struct Factor: Codable, Sendable {
        public var factor: String
        public var n: Int
        public var events: Int
        public var nDropped: Int
        /// The interaction coefficients (`g:a`, one per level of a factor).
        public var terms: [CoxResult.Term]
        /// Joint Wald chi-square of the interaction coefficients (df = their number).
        public var wald: TestStatistic
        /// 2 (log L with − log L without the interaction).
        public var likelihoodRatio: TestStatistic
        /// The full model's warnings.
        public var diagnostics: [Warning]
        public var warnings: [String] { diagnostics.map(\.message) }
        enum CodingKeys: String, CodingKey {
            case factor, n, events, nDropped = "n_dropped", terms, wald, likelihoodRatio = "lr", diagnostics = "warnings"
        }
        public init(factor: String, n: Int, events: Int, nDropped: Int, terms: [CoxResult.Term], wald: TestStatistic,
                    likelihoodRatio: TestStatistic, warnings: [Warning]) {
            self.factor = factor
            self.n = n
            self.events = events
            self.nDropped = nDropped
            self.terms = terms
            self.wald = wald
            self.likelihoodRatio = likelihoodRatio
            self.diagnostics = warnings
        }
    }

    /// The block of one modifier, by its name as written.
    public func factor(_ name: String) -> Factor? { factors.first { $0.factor == name } }

    public init(endpoint: String, treatment: String, adjust: [String], ties: String, conf: Double, factors: [Factor]) {
        self.endpoint = endpoint
        self.treatment = treatment
        self.adjust = adjust
        self.ties = ties
        self.conf = conf
        self.factors = factors
    }
}
