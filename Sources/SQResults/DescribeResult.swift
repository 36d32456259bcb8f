/// `describe`: a Table 1. One column per `by` group and the Overall column
/// (always last), a block of rows per variable, and when asked the p-value of
/// gtsummary's default test for each variable.
public struct DescribeResult: Codable, Sendable {
    /// The `by` expression as written; nil without `by` (the Overall column alone).
    public var by: String?
    /// "range", "mean" or "iqr": what the numeric rows show.
    public var stats: String
    /// The `by` groups in level order, then Overall.
    public var groups: [Group]
    public var variables: [Variable]
    /// Rows left out because their `by` value is missing.
    public var nDropped: Int

    public struct Group: Codable, Sendable {
        /// The group's `by` value as text, or "Overall".
        public var label: String
        public var overall: Bool
        public var n: Int

        public init(label: String, overall: Bool, n: Int) {
            self.label = label
            self.overall = overall
            self.n = n
        }
    }

    /// A count (and, for a level, its percentage of the group's non-missing values).
    public struct Count: Codable, Sendable, Equatable {
        /// The group the count belongs to (a `groups` label), so a record read alone says whose it is.
        public var group: String?
        public var n: Int
        /// 0–100; nil for counts that are not shares (group sizes, missing values).
        public var percent: Double?
        public init(n: Int, percent: Double? = nil) { self.n = n; self.percent = percent }
    }

    public struct Variable: Codable, Sendable {
        public var label: String
        /// "numeric" or "categorical".
        public var type: String
        /// Numeric variables: one summary per group, Overall last.
        public var summaries: [Summary]?
        /// Categorical variables: the levels in `factor`'s order, each with one count per group.
        public var levels: [Level]?
        /// Missing values per group, Overall last.
        public var missing: [Count]
        public var test: Test?

        public init(label: String, type: String, summaries: [Summary]? = nil, levels: [Level]? = nil, missing: [Count], test: Test? = nil) {
            self.label = label
            self.type = type
            self.summaries = summaries
            self.levels = levels
            self.missing = missing
            self.test = test
        }
    }

    public struct Summary: Codable, Sendable {
        /// The group summarised (a `groups` label).
        public var group: String?
        public var n: Int
        public var mean: Double?
        public var sd: Double?
        public var median: Double?
        public var q1: Double?
        public var q3: Double?
        public var min: Double?
        public var max: Double?

        public init(group: String? = nil, n: Int, mean: Double? = nil, sd: Double? = nil, median: Double? = nil, q1: Double? = nil, q3: Double? = nil, min: Double? = nil, max: Double? = nil) {
            self.group = group
            self.n = n
            self.mean = mean
            self.sd = sd
            self.median = median
            self.q1 = q1
            self.q3 = q3
            self.min = min
            self.max = max
        }
    }

    public struct Level: Codable, Sendable {
        public var level: Value
        public var counts: [Count]

        public init(level: Value, counts: [Count]) {
            self.level = level
            self.counts = counts
        }
    }

    public struct Test: Codable, Sendable {
        /// "wilcoxon", "kruskal", "chisq" or "fisher".
        public var method: String
        public var statistic: Double?
        public var df: Int?
        public var p: Double?
        /// Why there is no p-value, when there is none.
        public var note: String?

        /// The footnote's name of the test.
        public var name: String {
            switch method {
            case "wilcoxon": return "Wilcoxon rank-sum test"
            case "kruskal": return "Kruskal–Wallis rank-sum test"
            case "chisq": return "Pearson's chi-square test"
            case "fisher": return "Fisher's exact test"
            default: return method
            }
        }

        enum CodingKeys: String, CodingKey { case method, statistic, df, p, note }

        public init(method: String, statistic: Double? = nil, df: Int? = nil, p: Double? = nil, note: String? = nil) {
            self.method = method
            self.statistic = statistic
            self.df = df
            self.p = p
            self.note = note
        }
    }

    enum CodingKeys: String, CodingKey { case by, stats, groups, variables, nDropped = "n_dropped" }

    public init(by: String? = nil, stats: String, groups: [Group], variables: [Variable], nDropped: Int) {
        self.by = by
        self.stats = stats
        self.groups = groups
        self.variables = variables
        self.nDropped = nDropped
    }
}

extension DescribeResult {
    /// Labels every per-group record with its group, by position.
    public mutating func labelGroups() {
        let labels = groups.map(\.label)
        func label<T>(_ records: inout [T], _ set: (inout T, String) -> Void) {
            for i in records.indices where i < labels.count { set(&records[i], labels[i]) }
        }
        for v in variables.indices {
            label(&variables[v].missing) { $0.group = $1 }
            if variables[v].summaries != nil { label(&variables[v].summaries!) { $0.group = $1 } }
            if let levels = variables[v].levels {
                for l in levels.indices { label(&variables[v].levels![l].counts) { $0.group = $1 } }
            }
        }
    }
}
