/// `km`: one entry per stratum, as survfit + summary(fit, times, extend = TRUE).
public struct KaplanMeierResult: Codable, Sendable {
    public var endpoint: String
    /// The endpoint's time unit ("days", "months", ...), nil when not stated.
    public var unit: String?
    public var confType: String
    public var conf: Double
    public var nDropped: Int
    public var strata: [Stratum]

    public struct Stratum: Codable, Sendable {
        /// `trt=1` or `trt=1, sex=2` as R labels strata; "all" without `by`.
        public var label: String
        public var by: NamedValues
        public var n: Int
        public var events: Int
        public var nDropped: Int
        public var median: Double?
        public var medianLower: Double?
        public var medianUpper: Double?
        public var at: [SurvivalAt]

        enum CodingKeys: String, CodingKey {
            case label, by, n, events, nDropped = "n_dropped", median
            case medianLower = "median_lower", medianUpper = "median_upper", at
        }

        public init(label: String, by: NamedValues, n: Int, events: Int, nDropped: Int, median: Double? = nil, medianLower: Double? = nil, medianUpper: Double? = nil, at: [SurvivalAt]) {
            self.label = label
            self.by = by
            self.n = n
            self.events = events
            self.nDropped = nDropped
            self.median = median
            self.medianLower = medianLower
            self.medianUpper = medianUpper
            self.at = at
        }
    }

    public struct SurvivalAt: Codable, Sendable {
        public var time: Double
        public var label: String
        public var nRisk: Double
        public var survival: Double
        public var lower: Double?
        public var upper: Double?

        enum CodingKeys: String, CodingKey { case time, label, nRisk = "n_risk", survival, lower, upper }

        public init(time: Double, label: String, nRisk: Double, survival: Double, lower: Double? = nil, upper: Double? = nil) {
            self.time = time
            self.label = label
            self.nRisk = nRisk
            self.survival = survival
            self.lower = lower
            self.upper = upper
        }
    }

    enum CodingKeys: String, CodingKey {
        case endpoint, unit, confType = "conf_type", conf, nDropped = "n_dropped", strata
    }

    public init(endpoint: String, unit: String? = nil, confType: String, conf: Double, nDropped: Int, strata: [Stratum]) {
        self.endpoint = endpoint
        self.unit = unit
        self.confType = confType
        self.conf = conf
        self.nDropped = nDropped
        self.strata = strata
    }
}

/// `logrank`: survdiff (rho = 0).
public struct LogRankResult: Codable, Sendable {
    public var endpoint: String
    public var by: [String]
    public var strata: [String]
    public var groups: [Group]
    public var chiSquare: Double
    public var df: Int
    public var p: Double
    public var nDropped: Int

    public struct Group: Codable, Sendable {
        public var label: String
        public var n: Int
        public var observed: Double
        public var expected: Double

        public init(label: String, n: Int, observed: Double, expected: Double) {
            self.label = label
            self.n = n
            self.observed = observed
            self.expected = expected
        }
    }

    enum CodingKeys: String, CodingKey {
        case endpoint, by, strata, groups, chiSquare = "chisq", df, p, nDropped = "n_dropped"
    }

    public init(endpoint: String, by: [String], strata: [String], groups: [Group], chiSquare: Double, df: Int, p: Double, nDropped: Int) {
        self.endpoint = endpoint
        self.by = by
        self.strata = strata
        self.groups = groups
        self.chiSquare = chiSquare
        self.df = df
        self.p = p
        self.nDropped = nDropped
    }
}

/// `followup`: median follow-up by reverse Kaplan–Meier.
public struct FollowUpResult: Codable, Sendable {
    public var endpoint: String
    public var unit: String?
    public var method: String
    public var n: Int
    public var median: Double?
    public var lower: Double?
    public var upper: Double?
    public var nDropped: Int

    enum CodingKeys: String, CodingKey { case endpoint, unit, method, n, median, lower, upper, nDropped = "n_dropped" }

    public init(endpoint: String, unit: String? = nil, method: String, n: Int, median: Double? = nil, lower: Double? = nil, upper: Double? = nil, nDropped: Int) {
        self.endpoint = endpoint
        self.unit = unit
        self.method = method
        self.n = n
        self.median = median
        self.lower = lower
        self.upper = upper
        self.nDropped = nDropped
    }
}
