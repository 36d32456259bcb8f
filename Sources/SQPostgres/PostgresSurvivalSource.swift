/// Where the survival rows are and which expressions give time, event, strata
/// and weight: the input of the pushdown queries. `relations` is one table, or
/// each foreign partition of a partitioned table, since PostgreSQL 15 pushes an
/// aggregate to a foreign server only when it is written against the foreign
/// partition itself (`PostgresPushdown`).
public struct PostgresSurvivalSource: Sendable, Equatable {
    /// SQL text of each relation to read (quoted names, or parenthesized subqueries with an alias).
    public var relations: [String]
    /// SQL expressions over a relation's columns (identifiers quoted by the caller).
    public var time: String
    /// A 0/1 number: 1 for an event, 0 for a censoring.
    public var event: String
    public var strata: [String]
    /// A case weight (nil: every row weighs 1). A weighted Cox fit's standard
    /// errors are the model-based ones (coxph's `naive.var`); for non-integer
    /// weights coxph reports robust ones instead, which need each row's score
    /// residual and so cannot come from sums.
    public var weight: String?
    /// Extra rows to drop, as a condition whose values are bound (`$1…` of its own arguments).
    public var filter: PostgresSQL?

    public init(relations: [String], time: String, event: String, strata: [String] = [], weight: String? = nil, filter: PostgresSQL? = nil) {
        self.relations = relations
        self.time = time
        self.event = event
        self.strata = strata
        self.weight = weight
        self.filter = filter
    }

    /// The source for a table found by name: its foreign partitions when it is
    /// partitioned over foreign tables (`pg_partitioned_table`, `pg_inherits`,
    /// `pg_foreign_table`), else the table itself.
    public static func table(_ name: String, schema: String? = nil, on connection: PostgresConnection,
                             time: String, event: String, strata: [String] = [], weight: String? = nil,
                             filter: PostgresSQL? = nil) throws -> PostgresSurvivalSource {
        let quote = PostgresSQLBuilder.quote
        var relations = [(schema.map { quote($0) + "." } ?? "") + quote(name)]
        if let partitioning = try connection.partitioning(of: name, schema: schema), partitioning.isForeign {
            relations = partitioning.partitions.map { quote($0.schema) + "." + quote($0.name) }
        }
        return PostgresSurvivalSource(relations: relations, time: time, event: event, strata: strata, weight: weight, filter: filter)
    }

    var weightExpression: String { weight.map { "(\($0))::float8" } ?? "1::float8" }

    /// Complete cases only (as R's default `na.omit`), then the filter.
    func whereClause(also expressions: [String]) -> String {
        var conditions = ([time, event] + strata + (weight.map { [$0] } ?? []) + expressions).map { "(\($0)) IS NOT NULL" }
        if let filter { conditions.append("(\(filter.text))") }
        return conditions.joined(separator: " AND ")
    }
}
