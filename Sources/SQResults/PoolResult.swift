/// `pool`: random-effects (or fixed-effect) pooling, as metafor's rma.
/// Estimates and limits are on the natural scale; with a transform they were
/// pooled on the log or logit scale and transformed back.
public struct PoolResult: Codable, Sendable {
    public var method: String
    public var transform: String
    public var conf: Double
    public var k: Int
    public var estimate: Double
    /// Standard error on the pooling scale.
    public var standardError: Double
    public var lower: Double
    public var upper: Double
    public var p: Double
    public var tau2: Double
    public var i2: Double
    public var q: Double
    public var pQ: Double
    public var studies: [Study]
    public var nDropped: Int

    public struct Study: Codable, Sendable {
        public var label: String
        public var estimate: Double
        public var lower: Double
        public var upper: Double
        /// Weight in the pooled estimate, percent.
        public var weight: Double

        public init(label: String, estimate: Double, lower: Double, upper: Double, weight: Double) {
            self.label = label
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
            self.weight = weight
        }
    }

    enum CodingKeys: String, CodingKey {
        case method, transform, conf, k, estimate, standardError = "se", lower, upper, p, tau2, i2, q, pQ = "p_q", studies
        case nDropped = "n_dropped"
    }

    public init(method: String, transform: String, conf: Double, k: Int, estimate: Double, standardError: Double, lower: Double, upper: Double, p: Double, tau2: Double, i2: Double, q: Double, pQ: Double, studies: [Study], nDropped: Int) {
        self.method = method
        self.transform = transform
        self.conf = conf
        self.k = k
        self.estimate = estimate
        self.standardError = standardError
        self.lower = lower
        self.upper = upper
        self.p = p
        self.tau2 = tau2
        self.i2 = i2
        self.q = q
        self.pQ = pQ
        self.studies = studies
        self.nDropped = nDropped
    }
}

/// `pool survival`: one pooled Kaplan–Meier rate per requested time.
public struct PooledSurvivalResult: Codable, Sendable {
    public var endpoint: String
    public var at: [AtTime]

    public struct AtTime: Codable, Sendable {
        /// The time as written (`1y`).
        public var label: String
        public var pool: PoolResult

        public init(label: String, pool: PoolResult) {
            self.label = label
            self.pool = pool
        }
    }

    public init(endpoint: String, at: [AtTime]) {
        self.endpoint = endpoint
        self.at = at
    }
}
