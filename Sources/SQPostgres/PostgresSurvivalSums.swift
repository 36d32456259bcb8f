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
        let columns = try connection.fetchColumns(PostgresPushdown.eventCounts(source), kinds: kinds, settings: PostgresPushdown.aggregateSettings)
        let k = source.strata.count
        return PostgresEventCounts(strata: columns[..<k].map(\.texts), time: columns[k].reals, n: columns[k + 1].reals,
                                   events: columns[k + 2].reals, weightedN: columns[k + 3].reals, weightedEvents: columns[k + 4].reals)
    }
}

/// `PostgresPushdown.coxDerivatives` read back: the risk sets' part of the log
/// partial likelihood, score and information (p × p, row-major) at the β bound,
/// and the deaths with their Σ r·x̃_j (x̃ = x − c, r = w·exp(η)), which at β = 0
/// is the events' Σ w·x̃_j.
public struct PostgresCoxDerivatives: Sendable, Equatable {
    public var logLikelihood: Double
    public var score: [Double]
    public var information: [Double]
    public var events: Double
    public var eventsX: [Double]

    public static func fetch(_ source: PostgresSurvivalSource, covariates: [String], beta: [Double], centers: [Double]? = nil,
                             efron: Bool = true, on connection: PostgresConnection) throws -> PostgresCoxDerivatives {
        let p = covariates.count, pairs = PostgresPushdown.coxPairs(p)
        let sql = PostgresPushdown.coxDerivatives(source, covariates: covariates, beta: beta, centers: centers, efron: efron)
        let columns = try connection.fetchColumns(sql, kinds: Array(repeating: .real, count: 2 + 2 * p + pairs.count),
                                                  settings: PostgresPushdown.coxSettings(source))
        let row = columns.map { $0.reals.first ?? .nan }
        var information = [Double](repeating: 0, count: p * p)
        for (q, (j, k)) in pairs.enumerated() {
            information[j * p + k] = row[1 + p + q]
            information[k * p + j] = row[1 + p + q]
        }
        let rest = 1 + p + pairs.count
        return PostgresCoxDerivatives(logLikelihood: row[0], score: Array(row[1..<(1 + p)]), information: information,
                                      events: row[rest], eventsX: Array(row[(rest + 1)..<(rest + 1 + p)]))
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
