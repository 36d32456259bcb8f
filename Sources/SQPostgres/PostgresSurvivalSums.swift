/// `PostgresPushdown.eventCounts` read back: one entry per (stratum, time), in order.
public struct PostgresEventCounts: Sendable, Equatable {
    /// Each stratum expression's value as text, per row (one array per stratum expression).
    public var strata: [[String?]]
    public var time: [Double]
    public var n: [Double]
    public var events: [Double]
    public var weightedN: [Double]
    public var weightedEvents: [Double]

    public static func fetch(_ source: PostgresSurvivalSource, on connection: PostgresConnection) throws -> PostgresEventCounts {
        let kinds = source.strata.map { _ in PostgresColumnKind.text } + Array(repeating: .real, count: 5)
        let columns = try connection.fetchColumns(PostgresPushdown.eventCounts(source), kinds: kinds)
        let k = source.strata.count
        return PostgresEventCounts(strata: columns[..<k].map(\.texts), time: columns[k].reals, n: columns[k + 1].reals,
                                   events: columns[k + 2].reals, weightedN: columns[k + 3].reals, weightedEvents: columns[k + 4].reals)
    }
}

/// `PostgresPushdown.coxSums` read back: per (stratum, distinct time), in order,
/// with x̃ = x − c and r = w·exp(η). Pair arrays follow `CoxLayout.pairs`.
public struct PostgresCoxSums: Sendable, Equatable {
    public var strata: [[String?]]
    public var time: [Double]
    /// Σ r, Σ r·x̃_j (per j), Σ r·x̃_j·x̃_k (per pair) over every row at the time.
    public var risk: [Double]
    public var riskX: [[Double]]
    public var riskXX: [[Double]]
    /// Σ δ (the number of events), Σ w·δ, Σ w·δ·η, Σ w·δ·x̃_j.
    public var events: [Double]
    public var eventWeight: [Double]
    public var eventEta: [Double]
    public var eventX: [[Double]]
    /// Σ δ·r, Σ δ·r·x̃_j, Σ δ·r·x̃_j·x̃_k: the tied events' share of the risk set (Efron; empty for Breslow).
    public var eventRisk: [Double]
    public var eventRiskX: [[Double]]
    public var eventRiskXX: [[Double]]

    public static func fetch(_ source: PostgresSurvivalSource, covariates: [String], beta: [Double], centers: [Double]? = nil,
                             efron: Bool = true, on connection: PostgresConnection) throws -> PostgresCoxSums {
        let layout = PostgresPushdown.CoxLayout(covariates: covariates.count, efron: efron)
        let sql = PostgresPushdown.coxSums(source, covariates: covariates, beta: beta, centers: centers, efron: efron)
        let k = source.strata.count
        let kinds = source.strata.map { _ in PostgresColumnKind.text } + Array(repeating: .real, count: 1 + layout.width)
        let columns = try connection.fetchColumns(sql, kinds: kinds)
        var next = k + 1
        func take(_ count: Int) -> [[Double]] {
            defer { next += count }
            return columns[next..<(next + count)].map(\.reals)
        }
        let p = covariates.count, pairs = layout.pairs.count
        let risk = take(1)[0], riskX = take(p), riskXX = take(pairs)
        let events = take(1)[0], eventWeight = take(1)[0], eventEta = take(1)[0], eventX = take(p)
        var eventRisk: [Double] = [], eventRiskX: [[Double]] = [], eventRiskXX: [[Double]] = []
        if efron { eventRisk = take(1)[0]; eventRiskX = take(p); eventRiskXX = take(pairs) }
        return PostgresCoxSums(strata: columns[..<k].map(\.texts), time: columns[k].reals, risk: risk, riskX: riskX, riskXX: riskXX,
                               events: events, eventWeight: eventWeight, eventEta: eventEta, eventX: eventX,
                               eventRisk: eventRisk, eventRiskX: eventRiskX, eventRiskXX: eventRiskXX)
    }
}

extension PostgresColumn {
    /// The numbers of a `real` column (NULL read as NaN: an empty sum).
    var reals: [Double] {
        if case .real(let values, _) = self { return values }
        return []
    }

    var texts: [String?] {
        if case .text(let values) = self { return values }
        return []
    }
}
