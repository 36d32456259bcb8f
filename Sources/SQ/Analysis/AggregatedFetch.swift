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
        let grouped = try backend.groupedCounts(of: request.columns.map(\.fragment), kinds: request.columns.map(\.kind),
                                                from: request.relation.from, where: request.filter)
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
