/// `cutpoint`: the scanned cutoffs of a continuous variable and the chosen one.
/// `method` is "maxstat" (maximally selected log-rank statistic, p adjusted for
/// the scan by Lausen & Schumacher 1992) or "interaction" (seed 000: the lowest
/// Wald p of `treatment * (x > c)`, not adjusted for the scan).
public struct CutpointResult: Codable, Sendable {
    public var endpoint: String
    public var variable: String
    public var method: String
    /// `by`: the treatment whose interaction is scanned; nil for maxstat.
    public var treatment: String?
    /// `adjust ~ ...` terms as written.
    public var adjust: [String]
    public var n: Int
    public var events: Int
    public var nDropped: Int
    /// The chosen split is `variable ≤ cutoff` versus `variable > cutoff`.
    public var cutoff: Double?
    /// maxstat: the standardized log-rank statistic; interaction: the Wald z² of the interaction.
    public var statistic: Double?
    public var p: Double?
    /// True when `p` accounts for the search over cutoffs (maxstat's Lau92).
    public var pAdjusted: Bool
    public var candidates: Int
    /// Rows on each side of the chosen cutoff.
    public var nBelow: Int?
    public var nAbove: Int?
    /// maxstat: minprop / maxprop; interaction: the quantile probabilities bounding the scan.
    public var minprop: Double
    public var maxprop: Double
    /// Interaction scan: the values of those quantiles.
    public var lowerQuantile: Double?
    public var upperQuantile: Double?
    /// Interaction scan: the interaction's hazard ratio at the chosen cutoff (`treatment:variable>cutoff`).
    public var interaction: CoxResult.Term?
    public var conf: Double
    public var scan: [ScanRow]

    public struct ScanRow: Codable, Sendable {
        public var cutoff: Double
        /// Rows with variable ≤ cutoff.
        public var nBelow: Int
        public var statistic: Double?
        /// Interaction scan: the Wald p at this cutoff; nil for maxstat (only the maximum has a p).
        public var p: Double?
        enum CodingKeys: String, CodingKey { case cutoff, nBelow = "n_below", statistic, p }
        public init(cutoff: Double, nBelow: Int, statistic: Double?, p: Double?) {
            self.cutoff = cutoff
            self.nBelow = nBelow
            self.statistic = statistic
            self.p = p
        }
    }

    enum CodingKeys: String, CodingKey {
        case endpoint, variable, method, treatment, adjust, n, events, nDropped = "n_dropped", cutoff, statistic, p
        case pAdjusted = "p_adjusted", candidates, nBelow = "n_below", nAbove = "n_above", minprop, maxprop
        case lowerQuantile = "lower_quantile", upperQuantile = "upper_quantile", interaction, conf, scan
    }

    public init(endpoint: String, variable: String, method: String, treatment: String? = nil, adjust: [String], n: Int, events: Int, nDropped: Int, cutoff: Double? = nil, statistic: Double? = nil, p: Double? = nil, pAdjusted: Bool, candidates: Int, nBelow: Int? = nil, nAbove: Int? = nil, minprop: Double, maxprop: Double, lowerQuantile: Double? = nil, upperQuantile: Double? = nil, interaction: CoxResult.Term? = nil, conf: Double, scan: [ScanRow]) {
        self.endpoint = endpoint
        self.variable = variable
        self.method = method
        self.treatment = treatment
        self.adjust = adjust
        self.n = n
        self.events = events
        self.nDropped = nDropped
        self.cutoff = cutoff
        self.statistic = statistic
        self.p = p
        self.pAdjusted = pAdjusted
        self.candidates = candidates
        self.nBelow = nBelow
        self.nAbove = nAbove
        self.minprop = minprop
        self.maxprop = maxprop
        self.lowerQuantile = lowerQuantile
        self.upperQuantile = upperQuantile
        self.interaction = interaction
        self.conf = conf
        self.scan = scan
    }
}
