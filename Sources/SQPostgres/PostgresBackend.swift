import Foundation
import SQBackend

/// SQ's PostgreSQL backend: a `PostgresConnection` behind the `Backend`
/// protocol, with `PostgresDialect`. Read-only unless opened `writable`, and
/// then enforced by PostgreSQL (see `PostgresConnection`). Data comes in with
/// PostgreSQL's own tools: `import`, `register` and `open "file"` say so.
public final class PostgresBackend: Backend, @unchecked Sendable {
    public let connection: PostgresConnection
    public let dialect: any SQLDialect = PostgresDialect()

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// `location` is a `postgresql://` URL; its password never appears in a message.
    public static func connect(to location: String, writable: Bool) throws -> PostgresBackend {
        PostgresBackend(connection: try PostgresConnection(url: location, writable: writable))
    }

    /// The connection ends when the backend is released (libpq's `PQfinish` in deinit).
    public func close() {}

    // MARK: Schema

    /// Tables, views and foreign tables; a partition is reached through its
    /// parent, so only the parent is listed.
    public func tables() throws -> [TableInfo] {
        try connection.tables().filter { !$0.isPartition }.map { table in
            TableInfo(schema: table.schema, name: table.name,
                      isView: table.kind == .view || table.kind == .materializedView)
        }
    }

    public func columns(of table: String) throws -> [ColumnInfo]? {
        try connection.columns(of: table)?.map { ColumnInfo(name: $0.name, declaredType: $0.declaredType) }
    }

    /// What an aggregate over `relation` should be written against, each
    /// part summed after: the foreign partitions of a table partitioned over
    /// foreign tables (PostgreSQL 15 pushes an aggregate to a foreign server only
    /// when it is written against the foreign partition, see `PostgresPushdown`),
    /// else the relation itself (a local table, a view, a cohort's subquery).
    public func pushdownRelations(of relation: SQLFragment) throws -> [SQLFragment] {
        guard let name = relation.identifierName, let partitioning = try connection.partitioning(of: name),
              partitioning.isForeign else { return [relation] }
        return partitioning.partitions.map { "\(identifier: $0.schema).\(identifier: $0.name)" }
    }

    // MARK: Queries

    /// Each combination of `columns` over the relation's rows (with the filter)
    /// and its number of rows, as the columns then the count: `GROUP BY` every
    /// column, per foreign partition inside `UNION ALL` with the counts summed
    /// when the relation is partitioned over foreign tables (`pushdownRelations`).
    public func groupedCounts(of columns: [SQLFragment], kinds: [ColumnKind], from relation: SQLFragment,
                              where filter: SQLFragment?) throws -> [FetchedColumn] {
        let keys = columns.indices.map { "\($0 + 1)" }.joined(separator: ", ")
        let names = columns.indices.map { "c\($0)" }
        let perRelation = try pushdownRelations(of: relation).map { part -> SQLFragment in
            let select = zip(columns, names).map { dialect.alias($0, as: $1) }
                + [dialect.alias(SQLFragment(sql: "count(*)"), as: "sq_n")]
            return "\(dialect.select(select, from: part, where: filter, limit: nil)) GROUP BY \(sql: keys)"
        }
        let statement: SQLFragment
        if perRelation.count == 1 {
            statement = perRelation[0]
        } else {
            let outer = names.map { SQLFragment.identifier($0) } + [dialect.alias(SQLFragment(sql: "sum(\"sq_n\")"), as: "sq_n")]
            let union = SQLFragment.joined(perRelation.map { "(\($0))" }, separator: " UNION ALL ")
            statement = "\(dialect.select(outer, from: dialect.subquery(union, alias: "sq_parts"), where: nil, limit: nil)) GROUP BY \(sql: keys)"
        }
        return try fetchColumns(statement.rendered(by: dialect), kinds: kinds + [.real])
    }

    public func fetchColumns(_ sql: SQL, kinds: [ColumnKind]) throws -> [FetchedColumn] {
        try connection.fetchColumns(sql, kinds: kinds)
    }

    public func rowCount(of relation: SQLFragment) throws -> Int {
        let result = try connection.query(dialect.rowCount(of: relation).rendered(by: dialect))
        if case .integer(let n)? = result.rows.first?.first { return Int(n) }
        return 0
    }

    /// One statement (libpq's extended protocol refuses a second), in a
    /// read-only transaction unless the connection is writable.
    public func queryReadOnly(_ sql: SQL) throws -> QueryResult {
        let result = try connection.query(sql)
        return QueryResult(columnNames: result.columnNames, rows: result.rows, changedRows: result.changedRows)
    }

    // MARK: Data in

    public func importFile(path: String, table: String, options: ImportOptions) throws -> ImportReport {
        throw unsupported("`import`")
    }

    public func register(table: String, columns: [String], rows: [[SQLValue]], replace: Bool) throws {
        throw unsupported("registering a host's rows as a table")
    }

    public func readNumericColumns(csv path: String, count: Int, shouldStop: (@Sendable () -> Bool)?) throws -> [[Double]]? {
        throw unsupported("reading a CSV file")
    }

    public func attach(path: String, as schema: String, writable: Bool) throws {
        throw unsupported("`open \"file\"` beside a PostgreSQL database")
    }

    private func unsupported(_ what: String) -> StoreError {
        StoreError(.rejected, "\(what) is not supported on PostgreSQL (\(connection.url.redacted)); import into SQLite or load with psql")
    }

    // MARK: Cancelling

    public func interrupt() { connection.cancel() }

    /// libpq's `PQcancel`, which its documentation allows in a signal handler.
    public func interruptFromSignalHandler() { connection.cancelFromSignalHandler() }
}
