import SQBackend
import SQCompiler
import SQPostgres

/// `km`, `logrank`, `followup` and `count` on PostgreSQL read their columns
/// aggregated: the database groups the rows by every column the analysis uses
/// (time, event, the `by` and strata values) and sends each distinct
/// combination once with its number of rows, so what crosses the network is
/// a row per (group, time, event), not a row per patient. SQ repeats each
/// combination its count of times, and the estimators see the same rows as
/// without the aggregate (in another order, which none of them depends on).
///
/// A table partitioned over foreign tables is grouped partition by partition
/// inside one `UNION ALL` and the counts added: PostgreSQL 15 sends such a
/// per-partition aggregate to its server whole, where the `GROUP BY` over the
/// parent would fetch every row (docs/postgres.md).
enum AggregatedFetch {
    /// Whether `plan` runs on aggregated columns: PostgreSQL, an analysis of
    /// counts, no `pushdown = false`, and at least one column.
    static func applies(_ plan: AnalysisPlan, backend: any Backend) -> PostgresBackend? {
        guard let postgres = backend as? PostgresBackend, plan.pushdown != false,
              !plan.request.columns.isEmpty, plan.request.limit == nil else { return nil }
        switch plan.call {
        case .km, .logrank, .followup, .count: return postgres
        default: return nil
        }
    }

    static func columns(for request: DataRequest, on backend: PostgresBackend) throws -> [FetchedColumn] {
        let dialect = backend.dialect
        let keys = request.columns.indices.map { "\($0 + 1)" }.joined(separator: ", ")
        let names = request.columns.indices.map { "c\($0)" }
        let perRelation = try backend.pushdownRelations(of: request.relation.from).map { relation -> SQLFragment in
            let select = zip(request.columns, names).map { dialect.alias($0.fragment, as: $1) }
                + [dialect.alias(SQLFragment(sql: "count(*)"), as: "sq_n")]
            return "\(dialect.select(select, from: relation, where: request.filter, limit: nil)) GROUP BY \(sql: keys)"
        }
        let statement: SQLFragment
        if perRelation.count == 1 {
            statement = perRelation[0]
        } else {
            let outer = names.map { SQLFragment.identifier($0) } + [dialect.alias(SQLFragment(sql: "sum(\"sq_n\")"), as: "sq_n")]
            let union = SQLFragment.joined(perRelation.map { "(\($0))" }, separator: " UNION ALL ")
            statement = "\(dialect.select(outer, from: dialect.subquery(union, alias: "sq_parts"), where: nil, limit: nil)) GROUP BY \(sql: keys)"
        }
        let grouped = try backend.fetchColumns(statement.rendered(by: dialect), kinds: request.columns.map(\.kind) + [.real])
        guard case .real(let counts, _)? = grouped.last else { return [] }
        return grouped.dropLast().map { expand($0, counts: counts) }
    }

    /// Each value repeated as many times as its combination has rows.
    static func expand(_ column: FetchedColumn, counts: [Double]) -> FetchedColumn {
        let total = Int(counts.reduce(0, +).rounded())
        switch column {
        case .real(let values, let nulls):
            var outValues: [Double] = [], outNulls: [Bool] = []
            outValues.reserveCapacity(total); outNulls.reserveCapacity(total)
            for (i, n) in counts.enumerated() {
                let repeats = Int(n.rounded())
                outValues.append(contentsOf: repeatElement(values[i], count: repeats))
                outNulls.append(contentsOf: repeatElement(nulls[i], count: repeats))
            }
            return .real(values: outValues, isNull: outNulls)
        case .text(let values):
            var out: [String?] = []
            out.reserveCapacity(total)
            for (i, n) in counts.enumerated() { out.append(contentsOf: repeatElement(values[i], count: Int(n.rounded()))) }
            return .text(out)
        }
    }
}
