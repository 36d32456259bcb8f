import SQSurvival

/// A test as the JSON results write it (docs/results.md, "Tests"):
/// `{"stat": 12.3, "df": 2, "p": 0.002}`; a statistic or p that is not a
/// number (NaN) is written `null`.
extension TestStatistic: Codable {
    enum CodingKeys: String, CodingKey { case statistic = "stat", df, p }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(statistic: try c.decodeIfPresent(Double.self, forKey: .statistic) ?? .nan,
                  df: try c.decode(Int.self, forKey: .df),
                  p: try c.decodeIfPresent(Double.self, forKey: .p) ?? .nan)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(statistic, forKey: .statistic)
        try c.encode(df, forKey: .df)
        try c.encode(p, forKey: .p)
    }
}
