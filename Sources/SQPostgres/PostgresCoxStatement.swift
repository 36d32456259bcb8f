/// One Newton step of a Cox model as a single statement that returns one row:
/// the risk sets' part of the log partial likelihood, of the score and the
/// information at the β bound, with the Efron or Breslow ties correction done
/// in SQL, so only 1 + p + p(p+1)/2 numbers (and p + 1 more) cross per step.
///
/// With r = w·exp(η), η = Σ β_j x̃_j and x̃ = x − c (coxph's centring: the
/// partial likelihood is unchanged and exp(η) stays in range):
///
/// 1. `sq_groups`: per (strata…, time, event) the block Σ r, Σ r·x̃_j,
///    Σ r·x̃_j·x̃_k (j ≤ k), with the rows and Σ w — 1 + p + p(p+1)/2 + 2 sums
///    per row; the event = 1 group's block is the deaths' share Efron needs.
/// 2. `sq_times`: one row per (strata…, time): the non-deaths' block and the
///    deaths' block, d = the deaths and the deaths' Σ w.
/// 3. `sq_risk`: the risk set at each time split as SQ's own engine keeps it
///    (`CoxLikelihood.walk`, `GroupWeights`): `denom`, `a_j`, `cmat_q` for every row at a later
///    time of the stratum (a window's running sum) plus the non-deaths at that
///    time, and `denom2`, `a2_j`, `cmat2_q` for the deaths.
/// 4. `sq_ties`: per event time the d Efron terms (k = 1…d, f = k/d, each of
///    weight Σ_deaths w / d; Breslow: one term, f = 1, weight Σ_deaths w) with
///    den = denom + f·denom2, reduced to six weighted scalars: w_log = Σ log den,
///    w0 = Σ 1/den, w1 = Σ f/den, w2 = Σ 1/den², w3 = Σ f/den², w4 = Σ f²/den²
///    (Efron 1977; Therneau & Grambsch 2000 §3.3; R survival's coxfit6).
/// 5. One row: −Σ w_log, −Σ (a w0 + a2 w1) per j, and per pair
///    Σ cmat w0 + cmat2 w1 − (a_j a_k w2 + (a_j a2_k + a2_j a_k) w3 + a2_j a2_k w4),
///    then the deaths and the deaths' Σ r·x̃_j.
///
/// The events' own terms, Σ_events w·η and Σ_events w·x̃_j, do not depend on β
/// but through η = Σ β_j x̃_j: at β = 0, where r = w, they are the deaths' Σ r·x̃_j
/// of the last columns, so the caller reads them at its first step
/// (`PostgresCoxNewton.fit`).
///
/// One relation: each row's x̃, r and r·x̃_j are computed once, in subqueries that
/// a volatile but parallel-safe column (`clock_timestamp()`) keeps PostgreSQL from
/// pulling up (inline, it would evaluate exp(η) once per sum), so the grouping
/// can still run in parallel workers. Foreign partitions: each partition's
/// grouping is sent to its shard whole (a subquery would stop postgres_fdw's
/// pushdown), so there the expressions stay inline, and the partial sums of the
/// `UNION ALL` are added on the coordinator.
/// Parameters: the filter's first, then β_1…β_p, then c_1…c_p.
extension PostgresPushdown {
    /// Upper-triangle pairs (j ≤ k) of p covariates, in the order of the pair columns.
    public static func coxPairs(_ p: Int) -> [(Int, Int)] {
        (0..<p).flatMap { j in (j..<p).map { (j, $0) } }
    }

    /// The pushdown statements' own settings (`SET LOCAL`): memory to hash the
    /// groups in (with the default 4 MB PostgreSQL sorts them on disk instead).
    /// And no JIT: compiling a statement's dozens of expressions took seconds
    /// (3 s for the counts of ten covariates), more than running them.
    public static let aggregateSettings = ["work_mem = '64MB'", "jit = off"]
    /// The Cox statement's: also no sort where a hash will do. PostgreSQL cannot
    /// estimate the groups of expression keys (an event written `status == 1`)
    /// and takes them for a tenth of the rows, so it would sort every row
    /// (wide, with its x̃ and r·x̃) to group them; hashed, the groups are few
    /// (strata × times × 2) and PostgreSQL spills a hash to disk if they are not.
    /// (JIT would compile its hundreds of expressions at every iteration: 5.5 s on pbc's 312 rows.)
    /// On foreign partitions also rows costed as dearer to move (`cpu_tuple_cost`
    /// 0.1, from 0.01): the planner costs the 68 inline sums the same on a shard
    /// as on the coordinator, so at 1M rows it fetched every row to aggregate them
    /// there instead of sending each partition's grouping to its shard.
    public static func coxSettings(_ source: PostgresSurvivalSource) -> [String] {
        aggregateSettings + ["enable_sort = off"] + (source.relations.count > 1 ? ["cpu_tuple_cost = 0.1"] : [])
    }

    public static func coxDerivatives(_ source: PostgresSurvivalSource, covariates: [String], beta: [Double],
                                      centers: [Double]? = nil, efron: Bool = true) -> PostgresSQL {
        precondition(beta.count == covariates.count, "one β per covariate")
        let centers = centers ?? Array(repeating: 0, count: covariates.count)
        precondition(centers.count == covariates.count, "one centre per covariate")
        let offset = source.filter?.arguments.count ?? 0
        let p = covariates.count, pairs = coxPairs(p)
        let x = covariates.enumerated().map { j, expression in "((\(expression))::float8 - $\(offset + p + j + 1)::float8)" }
        let eta = p == 0 ? "0::float8" : x.enumerated().map { j, xj in "$\(offset + j + 1)::float8 * \(xj)" }.joined(separator: " + ")
        let w = source.weightExpression
        let r = "\(w) * exp(\(eta))"
        // Inline (foreign partitions) r is written in every sum, so it is kept short:
        // η = Σ β_j x_j − Σ β_j c_j, the constant folded by the planner, and no weight of 1.
        let shift = (0..<p).map { "$\(offset + $0 + 1)::float8 * $\(offset + p + $0 + 1)::float8" }.joined(separator: " + ")
        let raw = covariates.enumerated().map { j, expression in "$\(offset + j + 1)::float8 * (\(expression))::float8" }
        let inlineEta = p == 0 ? "0::float8" : "\(raw.joined(separator: " + ")) - (\(shift))"
        let inlineR = (source.weight == nil ? "" : "\(w) * ") + "exp(\(inlineEta))"
        let d = "(\(source.event))::float8"
        let strata = source.strata.indices.map { "s\($0)" }
        let keys = strata + ["\"time\""]
        let block = ["b0"] + (0..<p).map { "b1_\($0)" } + pairs.indices.map { "b2_\($0)" }
        let groupNames = ["sq_n", "sq_w"] + block
        let arguments = (source.filter?.arguments ?? []) + beta.map(PostgresValue.real) + centers.map(PostgresValue.real)

        let groups: String
        if source.relations.count == 1 {
            let rowKeys = source.strata.enumerated().map { "(\($1)) AS s\($0)" } + ["(\(source.time))::float8 AS \"time\"", "\(d) AS sq_d"]
            let rows = "SELECT \((rowKeys + ["\(w) AS sq_w", "\(r) AS sq_r"] + x.enumerated().map { "\($1) AS sq_x\($0)" } + ["clock_timestamp() AS sq_fence"]).joined(separator: ", ")) "
                + "FROM \(source.relations[0]) WHERE \(source.whereClause(also: covariates))"
            let products = (keys + ["sq_d", "sq_w", "sq_r"] + (0..<p).map { "sq_x\($0)" } + (0..<p).map { "sq_r * sq_x\($0) AS sq_rx\($0)" }
                            + ["clock_timestamp() AS sq_fence"]).joined(separator: ", ")
            let sums = ["count(*)::float8", "sum(sq_w)", "sum(sq_r)"] + (0..<p).map { "sum(sq_rx\($0))" }
                + pairs.map { "sum(sq_rx\($0.0) * sq_x\($0.1))" }
            let list = (keys + ["sq_d"] + zip(sums, groupNames).map { "\($0) AS \($1)" }).joined(separator: ", ")
            groups = "SELECT \(list) FROM (SELECT \(products) FROM (\(rows)) AS sq_rows) AS sq_products GROUP BY \(positions(keys.count + 1))"
        } else {
            let sums = ["count(*)::float8", "sum(\(w))", "sum(\(inlineR))"] + x.map { "sum(\(inlineR) * \($0))" }
                + pairs.map { "sum(\(inlineR) * \(x[$0.0]) * \(x[$0.1]))" }
            groups = aggregate(source, sums: sums, names: groupNames, extraNotNull: covariates, arguments: arguments,
                               extraKeys: [(d, "sq_d")], ordered: false).text
        }

        func atEvent(_ name: String, _ value: Int) -> String { "coalesce(sum(\(name)) FILTER (WHERE sq_d = \(value)), 0)" }
        let times = (keys + ["\(atEvent("sq_n", 1)) AS d", "\(atEvent("sq_w", 1)) AS dw"]
                     + block.map { "\(atEvent($0, 0)) AS c_\($0)" } + block.map { "\(atEvent($0, 1)) AS e_\($0)" })
            .joined(separator: ", ")
        // SQ's engine's names: the non-deaths' share of the risk set and the deaths'.
        let share = ["denom"] + (0..<p).map { "a_\($0)" } + pairs.indices.map { "cmat_\($0)" }
        let deaths = ["denom2"] + (0..<p).map { "a2_\($0)" } + pairs.indices.map { "cmat2_\($0)" }
        let risk = (keys + ["d", "dw"]
                    + zip(block, share).map { "coalesce(sum(c_\($0) + e_\($0)) OVER sq_later, 0) + c_\($0) AS \($1)" }
                    + zip(block, deaths).map { "e_\($0) AS \($1)" }).joined(separator: ", ")
        let partition = strata.isEmpty ? "" : "PARTITION BY \(strata.joined(separator: ", ")) "
        let later = "(\(partition)ORDER BY \"time\" DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"
        // f and den written out in each sum: a subquery for them inside the lateral
        // one makes PostgreSQL evaluate the window (sq_risk) far more slowly.
        let f = efron ? "(k::float8 / sq_risk.d)" : "1::float8"
        let den = "(sq_risk.denom + \(f) * sq_risk.denom2)"
        let weight = efron ? "sq_risk.dw / sq_risk.d" : "sq_risk.dw"
        // Breslow's one term is no sum (an aggregate over the outer row's columns alone would be the outer query's).
        func sum(_ term: String) -> String { efron ? "sum(\(term))" : term }
        let scalars = ["ln(\(den))", "1 / \(den)", "\(f) / \(den)", "1 / (\(den) * \(den))", "\(f) / (\(den) * \(den))", "\(f) * \(f) / (\(den) * \(den))"]
            .enumerated().map { "\(weight) * \(sum($1)) AS \($0 == 0 ? "w_log" : "w\($0 - 1)")" }.joined(separator: ", ")
        let terms = efron ? " FROM generate_series(1, sq_risk.d::int) AS k" : ""
        let ties = "SELECT sq_risk.*, sq_e.* FROM sq_risk CROSS JOIN LATERAL (SELECT \(scalars)\(terms)) AS sq_e WHERE sq_risk.d > 0"

        var totals = ["-sum(w_log)"] + (0..<p).map { "-sum(a_\($0) * w0 + a2_\($0) * w1)" }
        for (q, (j, k)) in pairs.enumerated() {
            totals.append("sum(cmat_\(q) * w0 + cmat2_\(q) * w1 - (a_\(j) * a_\(k) * w2 + (a_\(j) * a2_\(k) + a2_\(j) * a_\(k)) * w3 + a2_\(j) * a2_\(k) * w4))")
        }
        totals += ["sum(d)"] + (0..<p).map { "sum(a2_\($0))" }
        let text = "WITH sq_groups AS (\(groups)), "
            + "sq_times AS (SELECT \(times) FROM sq_groups GROUP BY \(positions(keys.count))), "
            + "sq_risk AS (SELECT \(risk) FROM sq_times WINDOW sq_later AS \(later)), "
            + "sq_ties AS (\(ties)) "
            + "SELECT \(totals.map { "coalesce(\($0), 0)" }.joined(separator: ", ")) FROM sq_ties"
        return PostgresSQL(text, arguments)
    }

    /// `GROUP BY 1, 2, …, n`: by position, since an output name such as `time`
    /// could also be an input column (PostgreSQL then takes the column).
    static func positions(_ n: Int) -> String { (1...n).map(String.init).joined(separator: ", ") }
}
