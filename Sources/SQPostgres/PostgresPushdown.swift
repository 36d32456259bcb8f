/// The sufficient statistics of SQ's survival analyses as single SQL queries,
/// so only per-(stratum, time) sums cross the network.
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

    /// The layout of `coxSums`' result columns after the strata and `time`.
    public struct CoxLayout: Sendable, Equatable {
        public var covariates: Int
        public var efron: Bool
        /// Upper-triangle pairs (j ≤ k), in the order of the `…XX` columns.
        public var pairs: [(Int, Int)] {
            (0..<covariates).flatMap { j in (j..<covariates).map { (j, $0) } }
        }
        public var blockWidth: Int { 1 + covariates + covariates * (covariates + 1) / 2 }
        /// risk block, events, event weight, event η, event x…, then the Efron block.
        public var width: Int { blockWidth + 3 + covariates + (efron ? blockWidth : 0) }

        public static func == (a: CoxLayout, b: CoxLayout) -> Bool { a.covariates == b.covariates && a.efron == b.efron }
    }

    /// One Newton step's data for a Cox model, with β and the centring bound as
    /// parameters: per (strata…, distinct time), with r = w·exp(η), η = Σ β_j (x_j − c_j):
    ///   Σ r, Σ r·x̃_j, Σ r·x̃_j·x̃_k (j ≤ k)          over all rows at that time,
    ///   Σ δ, Σ w·δ, Σ w·δ·η, Σ w·δ·x̃_j               over its events,
    ///   Σ δ·r, Σ δ·r·x̃_j, Σ δ·r·x̃_j·x̃_k (Efron only)  over its events,
    /// where x̃ = x − c. The caller forms the risk sets by reverse cumulative sums
    /// over time within a stratum and applies the ties correction (Efron 1977;
    /// Therneau & Grambsch 2000 §3.3; R survival's coxfit6). Centring leaves the
    /// partial likelihood unchanged and keeps exp(η) in range, as coxph does.
    /// Parameters: the filter's first, then β_1…β_p, then c_1…c_p.
    public static func coxSums(_ source: PostgresSurvivalSource, covariates: [String], beta: [Double],
                               centers: [Double]? = nil, efron: Bool = true) -> PostgresSQL {
        precondition(beta.count == covariates.count, "one β per covariate")
        let centers = centers ?? Array(repeating: 0, count: covariates.count)
        precondition(centers.count == covariates.count, "one centre per covariate")
        let offset = source.filter?.arguments.count ?? 0
        let p = covariates.count
        let x = covariates.enumerated().map { j, expression in "((\(expression))::float8 - $\(offset + p + j + 1)::float8)" }
        let eta = p == 0 ? "0::float8" : x.enumerated().map { j, xj in "$\(offset + j + 1)::float8 * \(xj)" }.joined(separator: " + ")
        let w = source.weightExpression
        let d = "(\(source.event))::float8"
        let r = "\(w) * exp(\(eta))"
        let layout = CoxLayout(covariates: p, efron: efron)
        /// The sums over a row's r, δ, w, η and x̃, written with the given spellings of those.
        func sums(r: String, d: String, w: String, eta: String, x: [String]) -> [String] {
            func block(_ factor: String) -> [String] {
                ["sum(\(factor))"] + x.map { "sum(\(factor) * \($0))" } + layout.pairs.map { "sum(\(factor) * \(x[$0.0]) * \(x[$0.1]))" }
            }
            var all = block(r)
            all += ["sum(\(d))", "sum(\(w) * \(d))", "sum(\(w) * \(d) * (\(eta)))"] + x.map { "sum(\(w) * \(d) * \($0))" }
            if efron { all += block("\(d) * \(r)") }
            return all
        }
        let arguments = (source.filter?.arguments ?? []) + beta.map(PostgresValue.real) + centers.map(PostgresValue.real)
        guard source.relations.count == 1 else {
            // Foreign partitions: each aggregate is sent to its shard whole, so the
            // expressions stay inline (a subquery would stop the pushdown).
            let inline = sums(r: r, d: d, w: w, eta: eta, x: x)
            return aggregate(source, sums: inline, names: (0..<inline.count).map { "c\($0)" }, extraNotNull: covariates, arguments: arguments)
        }
        // One relation: the row's r = w·exp(η), η and x̃ are computed once, in a
        // subquery kept from being flattened (`OFFSET 0`), and the sums read them
        // by name — inline, PostgreSQL would evaluate exp(η) once per sum (≈ 145
        // times a row for ten covariates with Efron).
        let named = sums(r: "sq_r", d: "sq_d", w: "sq_w", eta: "sq_eta", x: (0..<p).map { "sq_x\($0)" })
        let keys = source.strata.enumerated().map { "(\($1)) AS s\($0)" } + ["(\(source.time))::float8 AS \"time\""]
        let keyNames = source.strata.indices.map { "s\($0)" } + ["\"time\""]
        let rowTerms = keys + ["\(d) AS sq_d", "\(w) AS sq_w", "(\(eta)) AS sq_eta", "\(r) AS sq_r"]
            + x.enumerated().map { "\($1) AS sq_x\($0)" }
        let groupBy = (1...keyNames.count).map(String.init).joined(separator: ", ")
        let selectList = (keyNames + named.enumerated().map { "\($1) AS c\($0)" }).joined(separator: ", ")
        let rows = "SELECT \(rowTerms.joined(separator: ", ")) FROM \(source.relations[0]) WHERE \(source.whereClause(also: covariates)) OFFSET 0"
        return PostgresSQL("SELECT \(selectList) FROM (\(rows)) AS sq_rows GROUP BY \(groupBy) ORDER BY \(groupBy)", arguments)
    }

    /// `SELECT strata, time, sums… GROUP BY strata, time` over one relation, or
    /// the same per relation inside `UNION ALL` with the partial sums added.
    static func aggregate(_ source: PostgresSurvivalSource, sums: [String], names: [String],
                          extraNotNull: [String], arguments: [PostgresValue]) -> PostgresSQL {
        let keys = source.strata.enumerated().map { "(\($1)) AS s\($0)" } + ["(\(source.time))::float8 AS \"time\""]
        let keyNames = source.strata.indices.map { "s\($0)" } + ["\"time\""]
        // By position: an output name such as `time` could also be an input column (PostgreSQL then takes the column).
        let groupBy = (1...keyNames.count).map(String.init).joined(separator: ", ")
        let selectList = (keys + zip(sums, names).map { "\($0) AS \($1)" }).joined(separator: ", ")
        let condition = source.whereClause(also: extraNotNull)
        let perRelation = source.relations.map { relation in
            "SELECT \(selectList) FROM \(relation) WHERE \(condition) GROUP BY \(groupBy)"
        }
        let filterArguments = source.filter?.arguments ?? []
        let all = arguments.isEmpty ? filterArguments : arguments
        if perRelation.count == 1 {
            return PostgresSQL(perRelation[0] + " ORDER BY \(groupBy)", all)
        }
        let outer = (keyNames + names.map { "sum(\($0)) AS \($0)" }).joined(separator: ", ")
        let union = perRelation.map { "(\($0))" }.joined(separator: " UNION ALL ")
        return PostgresSQL("SELECT \(outer) FROM (\(union)) AS parts GROUP BY \(groupBy) ORDER BY \(groupBy)", all)
    }
}
