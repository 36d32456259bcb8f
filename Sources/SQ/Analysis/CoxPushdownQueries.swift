import SQBackend
import SQCompiler
import SQPostgres

/// A Cox model's request written for `PostgresCoxNewton`: each relation to
/// aggregate (the foreign partitions of a partitioned table, as
/// `AggregatedFetch`), the time, event, strata and covariate expressions, and
/// the rows' condition — the cohort's filter and no NULL in a column the model
/// uses (R's na.omit, as `requireCompleteRows`). Every bound value of the
/// relation, filter and expressions is numbered into one argument list, so the
/// queries bind β and the centres after them.
struct CoxPushdownSQL {
    var source: PostgresSurvivalSource
    var covariates: [String]
    /// The cohort's filter alone (nil: every row), and the complete-case condition.
    var cohortFilter: String?
    var complete: String
    var arguments: [PostgresValue]

    init(backend: PostgresBackend, request: DataRequest, endpoint: EndpointColumns, model: ModelPlan) throws {
        var renderer = Renderer(dialect: backend.dialect)
        let relations = try backend.pushdownRelations(of: request.relation.from).map { renderer.render($0) }
        // A comparison is a boolean in PostgreSQL; the sums need it as 0/1.
        func number(_ column: Int) -> String {
            let fragment = request.columns[column].fragment
            let text = renderer.render(fragment)
            return fragment.type == .boolean ? "((\(text))::int)" : "(\(text))"
        }
        let time = number(endpoint.time), event = number(endpoint.event)
        covariates = model.terms.map { number(model.variables[$0.variables[0]].column) }
        let strata = model.strata.map { "(\(renderer.render(request.columns[$0].fragment)))" }
        cohortFilter = request.filter.map { "(\(renderer.render($0)))" }
        let used = Set(model.usedColumns + [endpoint.time, endpoint.event]).sorted()
        // The strata's own placeholders appear here too: a text argument PostgreSQL sees nowhere has no type.
        complete = (used.map { "(\(renderer.render(request.columns[$0].fragment)))" } + strata)
            .map { "\($0) IS NOT NULL" }.joined(separator: " AND ")
        arguments = renderer.arguments
        let condition = ([cohortFilter].compactMap { $0 } + [complete]).joined(separator: " AND ")
        source = PostgresSurvivalSource(relations: relations, time: time, event: event, strata: strata,
                                        filter: PostgresSQL(condition, arguments))
    }

    /// Per (stratum, time, event, linear predictor) the number of complete
    /// rows, with lp = Σ x_j β_j − Σ β_j c_j summed in column order as
    /// `CoxModel.linearPredictor` (R's `fit$linear.predictors`), β and the
    /// shift bound after the request's own arguments.
    func predictorQuery(beta: [Double], centres: [Double]) -> PostgresSQL {
        let offset = arguments.count
        let terms = covariates.enumerated().map { j, x in "(\(x))::float8 * $\(offset + j + 1)::float8" }
        let predictor = "(\(terms.joined(separator: " + "))) - $\(offset + covariates.count + 1)::float8"
        let shift = zip(beta, centres).reduce(0.0) { $0 + $1.0 * $1.1 }
        let keys = source.strata.enumerated().map { "\($1) AS s\($0)" }
            + ["(\(source.time))::float8 AS \"time\"", "(\(source.event))::float8 AS ev", "\(predictor) AS lp"]
        let names = source.strata.indices.map { "s\($0)" } + ["\"time\"", "ev", "lp"]
        let groupBy = (1...names.count).map(String.init).joined(separator: ", ")
        let condition = ([cohortFilter].compactMap { $0 } + [complete]).joined(separator: " AND ")
        let parts = source.relations.map {
            "SELECT \(keys.joined(separator: ", ")), count(*)::float8 AS sq_n FROM \($0) WHERE \(condition) GROUP BY \(groupBy)"
        }
        let text = parts.count == 1 ? parts[0]
            : "SELECT \(names.joined(separator: ", ")), sum(sq_n) AS sq_n FROM (\(parts.map { "(\($0))" }.joined(separator: " UNION ALL "))) AS parts GROUP BY \(groupBy)"
        return PostgresSQL(text, arguments + beta.map(PostgresValue.real) + [.real(shift)])
    }

    /// Renders fragments into one statement's text, numbering their arguments as it goes.
    struct Renderer {
        let dialect: any SQLDialect
        var arguments: [PostgresValue] = []

        mutating func render(_ fragment: SQLFragment) -> String {
            var text = ""
            for piece in fragment.pieces {
                switch piece {
                case .sql(let sql): text += sql
                case .identifier(let name): text += dialect.quoteIdentifier(name)
                case .argument(let value):
                    switch value {
                    case .null: arguments.append(.null)
                    case .integer(let v): arguments.append(.integer(v))
                    case .real(let v): arguments.append(.real(v))
                    case .text(let v): arguments.append(.text(v))
                    }
                    text += dialect.placeholder(arguments.count)
                }
            }
            return text
        }
    }
}

/// Before a fit from sums, one row per relation: the cohort's rows, the
/// complete ones and their events, and what the row path would refuse or warn
/// about (an event not 0/1, a time negative or not finite, a covariate not
/// finite or of extreme size), with each covariate's sum (its mean is R's
/// centre) and whether it is 0/±1 only (coxph does not centre those).
struct CoxPushdownCounts {
    var rows = 0, complete = 0, events = 0
    var badEvents = 0, badTimes = 0
    var sums: [Double], largest: [Double], notFinite: [Int], indicatorLike: [Bool]

    /// Why the row path must run instead (its error names the problem), or nil.
    var rowsNeeded: String? {
        if rows == 0 { return "the cohort is empty" }
        if complete == 0 { return "no row is complete" }
        if badEvents > 0 { return "the event is not 0/1 in \(badEvents) rows" }
        if badTimes > 0 { return "the time is negative or not finite in \(badTimes) rows" }
        if notFinite.contains(where: { $0 > 0 }) { return "a covariate is not finite" }
        return nil
    }

    static func fetch(_ sql: CoxPushdownSQL, on connection: PostgresConnection) throws -> CoxPushdownCounts {
        let c = sql.complete
        let e = "(\(sql.source.event))::float8", t = "(\(sql.source.time))::float8"
        var columns = ["count(*)::float8", "count(*) FILTER (WHERE \(c))::float8",
                       "coalesce(sum(\(e)) FILTER (WHERE \(c)), 0)",
                       "count(*) FILTER (WHERE \(c) AND NOT (\(e) IN (0, 1)))::float8",
                       "count(*) FILTER (WHERE \(c) AND NOT (\(t) >= 0 AND \(t) < 'Infinity'::float8))::float8"]
        for covariate in sql.covariates {
            let x = "(\(covariate))::float8"
            // NaN sorts above every number in PostgreSQL, so `< 'Infinity'` is false for it too.
            let finite = "abs(\(x)) < 'Infinity'::float8"
            columns += ["coalesce(sum(\(x)) FILTER (WHERE \(c)), 0)",
                        "coalesce(max(abs(\(x))) FILTER (WHERE \(c) AND \(finite)), 0)",
                        "count(*) FILTER (WHERE \(c) AND NOT (\(finite)))::float8",
                        "count(*) FILTER (WHERE \(c) AND NOT (\(x) IN (0, 1, -1)))::float8"]
        }
        let list = columns.joined(separator: ", ")
        let parts = sql.source.relations.map { "SELECT \(list) FROM \($0)" + (sql.cohortFilter.map { " WHERE \($0)" } ?? "") }
        let statement = PostgresSQL(parts.joined(separator: " UNION ALL "), sql.arguments)
        let fetched = try connection.fetchColumns(statement, kinds: Array(repeating: .real, count: columns.count))
        func total(_ k: Int) -> Double {
            if case .real(let values, let nulls) = fetched[k] { return zip(values, nulls).reduce(0) { $0 + ($1.1 ? 0 : $1.0) } }
            return 0
        }
        func largest(_ k: Int) -> Double {
            if case .real(let values, let nulls) = fetched[k] { return zip(values, nulls).filter { !$0.1 }.map(\.0).max() ?? 0 }
            return 0
        }
        let p = sql.covariates.count
        var counts = CoxPushdownCounts(sums: [], largest: [], notFinite: [], indicatorLike: [])
        counts.rows = Int(total(0).rounded()); counts.complete = Int(total(1).rounded()); counts.events = Int(total(2).rounded())
        counts.badEvents = Int(total(3).rounded()); counts.badTimes = Int(total(4).rounded())
        for j in 0..<p {
            let k = 5 + 4 * j
            counts.sums.append(total(k))
            counts.largest.append(largest(k + 1))
            counts.notFinite.append(Int(total(k + 2).rounded()))
            counts.indicatorLike.append(total(k + 3) == 0)
        }
        return counts
    }
}
