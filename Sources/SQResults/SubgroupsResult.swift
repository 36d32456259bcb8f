/// `subgroups os ~ g by a * b` (crossed, seed 000 Table 4) or `by a, b` (one
/// block per factor with its p for interaction, the forest-plot layout): the
/// treatment's hazard ratio within every subgroup.
public struct SubgroupsResult: Codable, Sendable {
    public var endpoint: String
    public var treatment: String
    /// The treatment's compared level and its reference ("treated" and "control").
    public var treated: String
    public var control: String
    public var factors: [String]
    public var crossed: Bool
    public var n: Int
    public var nDropped: Int
    public var ties: String
    public var conf: Double
    public var blocks: [Block]

    public struct Block: Codable, Sendable {
        /// The factor of this block; nil for the crossed table.
        public var factor: String?
        /// Block layout: the joint Wald p of `treatment * factor`.
        public var interactionP: Double?
        public var rows: [Row]
        enum CodingKeys: String, CodingKey { case factor, interactionP = "interaction_p", rows }
        public init(factor: String?, interactionP: Double?, rows: [Row]) {
            self.factor = factor
            self.interactionP = interactionP
            self.rows = rows
        }
    }

    public struct Row: Codable, Sendable {
        /// One level per factor of the block, in `factors` order (crossed) or the block's factor.
        public var levels: [Value]
        public var nTreated: Int
        public var nControl: Int
        public var events: Int
        public var hazardRatio: Double?
        public var lower: Double?
        public var upper: Double?
        public var p: Double?
        /// Why there is no estimate ("no patients", "no events", "one arm only"),
        /// or "coefficient may be infinite".
        public var note: String?
        enum CodingKeys: String, CodingKey {
            case levels, nTreated = "n_treated", nControl = "n_control", events, hazardRatio = "hr", lower, upper, p, note
        }
        public init(levels: [Value], nTreated: Int, nControl: Int, events: Int, hazardRatio: Double?, lower: Double?,
                    upper: Double?, p: Double?, note: String?) {
            self.levels = levels
            self.nTreated = nTreated
            self.nControl = nControl
            self.events = events
            self.hazardRatio = hazardRatio
            self.lower = lower
            self.upper = upper
            self.p = p
            self.note = note
        }
    }

    enum CodingKeys: String, CodingKey {
        case endpoint, treatment, treated, control, factors, crossed, n, nDropped = "n_dropped", ties, conf, blocks
    }

    public init(endpoint: String, treatment: String, treated: String, control: String, factors: [String], crossed: Bool, n: Int, nDropped: Int, ties: String, conf: Double, blocks: [Block]) {
        self.endpoint = endpoint
        self.treatment = treatment
        self.treated = treated
        self.control = control
        self.factors = factors
        self.crossed = crossed
        self.n = n
        self.nDropped = nDropped
        self.ties = ties
        self.conf = conf
        self.blocks = blocks
    }
}
