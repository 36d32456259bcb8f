import SQBackend
import SQCompiler

/// A Cox model's request written for `PostgresCoxNewton`: each relation to
/// aggregate (the foreign partitions of a partitioned table, as
/// `AggregatedFetch`), the time, event, strata and covariate expressions, and
/// the rows' condition — the cohort's filter and no NULL in a column the model
/// uses (R's na.omit, as `requireCompleteRows`). Every bound value of the
/// relation, filter and expressions is numbered into one argument list, so the
/// queries bind β and the centres after them.
public struct CoxPushdownSQL {
    public let request: DataRequest
    public var relations: [String]
    public var time = "", event = ""
    public var strata: [String] = []
    /// The design's columns as SQL numbers, in design order (`addCovariate`).
    public var covariates: [String] = []
    /// The cohort's filter alone (nil: every row), and the complete-case condition.
    public var cohortFilter: String?
    public var complete = ""
    private var renderer: Renderer
    public var arguments: [PostgresValue] { renderer.arguments }

    public init(backend: PostgresBackend, request: DataRequest, endpoint: EndpointColumns, model: ModelPlan) throws {
        self.request = request
        renderer = Renderer(dialect: backend.dialect)
        relations = []
        for relation in try backend.pushdownRelations(of: request.relation.from) { relations.append(renderer.render(relation)) }
        time = number(endpoint.time)
        event = number(endpoint.event)
        for column in model.strata { strata.append(expression(column)) }
        if let filter = request.filter { cohortFilter = "(\(renderer.render(filter)))" }
        // The strata's own placeholders appear here too: a text argument PostgreSQL sees nowhere has no type.
        var conditions: [String] = []
        for column in Set(model.usedColumns + [endpoint.time, endpoint.event]).sorted() { conditions.append(expression(column)) }
        complete = (conditions + strata).map { "\($0) IS NOT NULL" }.joined(separator: " AND ")
    }

    /// The cohort's filter and the complete-case condition.
    public var condition: String { ([cohortFilter].compactMap { $0 } + [complete]).joined(separator: " AND ") }

    public var source: PostgresSurvivalSource {
        PostgresSurvivalSource(relations: relations, time: time, event: event, strata: strata,
                               filter: PostgresSQL(condition, arguments))
    }

    /// A request column as an SQL number; a comparison is a boolean in
    /// PostgreSQL, and the sums need it as 0/1.
    public mutating func number(_ column: Int) -> String {
        let fragment = request.columns[column].fragment
        let text = renderer.render(fragment)
        return fragment.type == .boolean ? "((\(text))::int)" : "(\(text))"
    }

    /// A request column as written (for a factor's comparisons).
    public mutating func expression(_ column: Int) -> String { "(\(renderer.render(request.columns[column].fragment)))" }

    /// A bound value's placeholder.
    public mutating func bind(_ value: PostgresValue) -> String { renderer.bind(value) }

    /// Per value of `column` over the complete rows, its number of rows.
    public mutating func distinctQuery(_ column: Int) -> PostgresSQL {
        let x = expression(column)
        let parts = relations.map { "SELECT \(x) AS v, count(*)::float8 AS sq_n FROM \($0) WHERE \(condition) GROUP BY 1" }
        let text = parts.count == 1 ? parts[0]
            : "SELECT v, sum(sq_n) AS sq_n FROM (\(parts.map { "(\($0))" }.joined(separator: " UNION ALL "))) AS parts GROUP BY 1"
        return PostgresSQL(text, arguments)
    }

    /// Per (stratum, time, event, linear predictor) the number of complete
    /// rows, with lp = Σ x_j β_j − Σ β_j c_j summed in column order as
    /// `CoxModel.linearPredictor` (R's `fit$linear.predictors`), β and the
    /// shift bound after the request's own arguments.
    public func predictorQuery(beta: [Double], centres: [Double]) -> PostgresSQL {
        let (predictor, predictorArguments) = linearPredictor(beta: beta, centres: centres)
        let keys = source.strata.enumerated().map { "\($1) AS s\($0)" }
            + ["(\(source.time))::float8 AS \"time\"", "(\(source.event))::float8 AS ev", "\(predictor) AS lp"]
        let names = source.strata.indices.map { "s\($0)" } + ["\"time\"", "ev", "lp"]
        let groupBy = (1...names.count).map(String.init).joined(separator: ", ")
        let parts = source.relations.map {
            "SELECT \(keys.joined(separator: ", ")), count(*)::float8 AS sq_n FROM \($0) WHERE \(condition) GROUP BY \(groupBy)"
        }
        let text = parts.count == 1 ? parts[0]
            : "SELECT \(names.joined(separator: ", ")), sum(sq_n) AS sq_n FROM (\(parts.map { "(\($0))" }.joined(separator: " UNION ALL "))) AS parts GROUP BY \(groupBy)"
        return PostgresSQL(text, predictorArguments)
    }

    /// The largest linear predictor over the complete rows (`linearPredictor`).
    public func largestPredictorQuery(beta: [Double], centres: [Double]) -> PostgresSQL {
        let (predictor, predictorArguments) = linearPredictor(beta: beta, centres: centres)
        let parts = source.relations.map { "SELECT max(\(predictor)) AS lp FROM \($0) WHERE \(condition)" }
        return PostgresSQL(parts.count == 1 ? parts[0] : "SELECT max(lp) FROM (\(parts.joined(separator: " UNION ALL "))) AS parts",
                           predictorArguments)
    }

    /// lp = Σ x_j β_j − Σ β_j c_j, with β and the shift bound after the request's own arguments.
    private func linearPredictor(beta: [Double], centres: [Double]) -> (String, [PostgresValue]) {
        let offset = arguments.count
        let terms = covariates.enumerated().map { j, x in "(\(x))::float8 * $\(offset + j + 1)::float8" }
        let predictor = "(\(terms.joined(separator: " + "))) - $\(offset + covariates.count + 1)::float8"
        let shift = zip(beta, centres).reduce(0.0) { $0 + $1.0 * $1.1 }
        return (predictor, arguments + beta.map(PostgresValue.real) + [.real(shift)])
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
                case .argument(let value): text += bind(value)
                }
            }
            return text
        }

        mutating func bind(_ value: PostgresValue) -> String {
            arguments.append(value)
            return dialect.placeholder(arguments.count)
        }
    }
}

/// Before a fit from sums, one row per relation: the cohort's rows, the
/// complete ones and their events, and what the row path would refuse or warn
/// about (an event not 0/1, a time negative or not finite, a covariate not
/// finite or of extreme size), with each covariate's sum (its mean is R's
/// centre) and whether it is 0/±1 only (coxph does not centre those).
extension CoxPushdownSQL {
    /// A factor level's dummy column: 1 where the column (as a number or as text) is one of
    /// the level's values (bound), else 0.
    public static func indicator(_ x: String, isNumber: Bool, items: [String]) -> String {
        let operand = isNumber ? "(\(x))::float8" : "(\(x))::text"
        return "(CASE WHEN \(operand) IN (\(items.joined(separator: ", "))) THEN 1 ELSE 0 END)"
    }

    /// A bound number as a float8 parameter.
    public mutating func bindNumber(_ value: Double) -> String { bind(.real(value)) + "::float8" }
}

public struct CoxPushdownCounts {
    public var rows = 0, complete = 0, events = 0
    public var badEvents = 0, badTimes = 0
    public var sums: [Double], largest: [Double], notFinite: [Int], indicatorLike: [Bool]

    /// Why the row path must run instead (its error names the problem), or nil.
    public var rowsNeeded: String? {
        if rows == 0 { return "the cohort is empty" }
        if complete == 0 { return "no row is complete" }
        if badEvents > 0 { return "the event is not 0/1 in \(badEvents) rows" }
        if badTimes > 0 { return "the time is negative or not finite in \(badTimes) rows" }
        if notFinite.contains(where: { $0 > 0 }) { return "a covariate is not finite" }
        return nil
    }

    /// The largest linear predictor at β (coxph.fit's check of infinite coefficients), one number.
    public static func largestPredictor(_ sql: CoxPushdownSQL, beta: [Double], centres: [Double],
                                        on connection: PostgresConnection) throws -> Double {
        let fetched = try connection.fetchColumns(sql.largestPredictorQuery(beta: beta, centres: centres), kinds: [.real],
                                                  settings: PostgresPushdown.aggregateSettings)
        return fetched[0].reals.first ?? 0
    }

    public static func fetch(_ sql: CoxPushdownSQL, on connection: PostgresConnection) throws -> CoxPushdownCounts {
        let complete = sql.complete
        let event = "(\(sql.source.event))::float8", time = "(\(sql.source.time))::float8"
        let numbers = sql.covariates.map { "(\($0))::float8" }
        // One relation: the complete-case condition and each number once a row, in a
        // subquery a volatile column keeps from being pulled up (as `coxDerivatives`),
        // a number NULL on the rows that are not complete; foreign partitions: inline.
        let fenced = sql.source.relations.count == 1
        let c = fenced ? "sq_c" : complete
        let e = fenced ? "sq_e" : event, t = fenced ? "sq_t" : time
        let xs = fenced ? numbers.indices.map { "sq_x\($0)" } : numbers
        var columns = ["count(*)::float8", "count(*) FILTER (WHERE \(c))::float8",
                       "coalesce(sum(\(e)) FILTER (WHERE \(c)), 0)",
                       "count(*) FILTER (WHERE \(c) AND NOT (\(e) IN (0, 1)))::float8",
                       "count(*) FILTER (WHERE \(c) AND NOT (\(t) >= 0 AND \(t) < 'Infinity'::float8))::float8"]
        for x in xs {
            // NaN sorts above every number in PostgreSQL, so `< 'Infinity'` is false for it too.
            let finite = "abs(\(x)) < 'Infinity'::float8"
            columns += ["coalesce(sum(\(x)) FILTER (WHERE \(c)), 0)",
                        "coalesce(max(abs(\(x))) FILTER (WHERE \(c) AND \(finite)), 0)",
                        "count(*) FILTER (WHERE \(c) AND NOT (\(finite)))::float8",
                        "count(*) FILTER (WHERE \(c) AND NOT (\(x) IN (0, 1, -1)))::float8"]
        }
        let list = columns.joined(separator: ", ")
        let filter = sql.cohortFilter.map { " WHERE \($0)" } ?? ""
        let parts = sql.source.relations.map { relation -> String in
            guard fenced else { return "SELECT \(list) FROM \(relation)" + filter }
            let values = [("(\(complete))", "sq_c"), (event, "sq_e"), (time, "sq_t")] + zip(numbers, xs).map { ($0, $1) }
            let row = values.enumerated().map { i, value in i == 0 ? "\(value.0) AS \(value.1)" : "CASE WHEN \(complete) THEN \(value.0) END AS \(value.1)" }
            return "SELECT \(list) FROM (SELECT \((row + ["clock_timestamp() AS sq_fence"]).joined(separator: ", ")) FROM \(relation)\(filter)) AS sq_rows"
        }
        let statement = PostgresSQL(parts.joined(separator: " UNION ALL "), sql.arguments)
        let fetched = try connection.fetchColumns(statement, kinds: Array(repeating: .real, count: columns.count),
                                                  settings: PostgresPushdown.aggregateSettings)
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
