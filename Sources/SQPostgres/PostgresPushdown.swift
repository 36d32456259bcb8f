/// The sufficient statistics of SQ's survival analyses as single SQL queries,
/// so only sums cross the network: per (stratum, time) for the counts, and one
/// row per Newton step for a Cox model (`coxDerivatives`).
///
/// Every column is a sum, so a table partitioned over foreign servers is read
/// partition by partition inside one `UNION ALL` and the partial sums are added
/// on the coordinator: PostgreSQL 15 pushes such a per-partition aggregate to
/// its server whole, all servers at once (`Async Foreign Scan`, `Relations:
/// Aggregate on …` in EXPLAIN), while the same `GROUP BY` over the partitioned
/// parent fetches every row to the coordinator.
public enum PostgresPushdown {
    /// Per (strata…, time), ordered by them: `n` rows, `events`, the weighted
    /// rows `weighted_n` and weighted events `weighted_events` — what the
    /// Kaplan–Meier estimator, the log-rank test and follow-up need (the number
    /// at risk is the reverse cumulative sum of `n` within a stratum).
    /// Result columns: strata `s0…`, `time`, `n`, `events`, `weighted_n`, `weighted_events`.
    public static func eventCounts(_ source: PostgresSurvivalSource) -> PostgresSQL {
        let w = source.weightExpression
        let d = "(\(source.event))::float8"
        let sums = ["count(*)::float8", "sum(\(d))", "sum(\(w))", "sum(\(w) * \(d))"]
        return aggregate(source, sums: sums, names: ["n", "events", "weighted_n", "weighted_events"], extraNotNull: [], arguments: [])
    }

    /// `SELECT strata, time, sums… GROUP BY strata, time` over one relation, or
    /// the same per relation inside `UNION ALL` with the partial sums added;
    /// `extraKeys` group after the time.
    static func aggregate(_ source: PostgresSurvivalSource, sums: [String], names: [String],
                          extraNotNull: [String], arguments: [PostgresValue],
                          extraKeys: [(expression: String, name: String)] = [], ordered: Bool = true) -> PostgresSQL {
        let keys = source.strata.enumerated().map { "(\($1)) AS s\($0)" } + ["(\(source.time))::float8 AS \"time\""]
            + extraKeys.map { "\($0.expression) AS \($0.name)" }
        let keyNames = source.strata.indices.map { "s\($0)" } + ["\"time\""]
            + extraKeys.map(\.name)
        let groupBy = positions(keyNames.count)
        let order = ordered ? " ORDER BY \(groupBy)" : ""
        let selectList = (keys + zip(sums, names).map { "\($0) AS \($1)" }).joined(separator: ", ")
        let condition = source.whereClause(also: extraNotNull)
        let perRelation = source.relations.map { relation in
            "SELECT \(selectList) FROM \(relation) WHERE \(condition) GROUP BY \(groupBy)"
        }
        let filterArguments = source.filter?.arguments ?? []
        let all = arguments.isEmpty ? filterArguments : arguments
        if perRelation.count == 1 {
            return PostgresSQL(perRelation[0] + order, all)
        }
        let outer = (keyNames + names.map { "sum(\($0)) AS \($0)" }).joined(separator: ", ")
        let union = perRelation.map { "(\($0))" }.joined(separator: " UNION ALL ")
        return PostgresSQL("SELECT \(outer) FROM (\(union)) AS parts GROUP BY \(groupBy)" + order, all)
    }
}
