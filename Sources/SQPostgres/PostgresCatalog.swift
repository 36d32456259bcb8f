/// A table, view or foreign table the user can name.
public struct PostgresTableInfo: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case table, partitionedTable = "partitioned table", view, materializedView = "materialized view", foreignTable = "foreign table"
    }
    public var schema: String
    public var name: String
    public var kind: Kind
    /// True for a partition of a partitioned table (SQ names the parent instead).
    public var isPartition: Bool

    public init(schema: String, name: String, kind: Kind, isPartition: Bool) {
        self.schema = schema; self.name = name; self.kind = kind; self.isPartition = isPartition
    }
}

/// A column and its type as PostgreSQL spells it (`format_type`: `integer`,
/// `double precision`, `character varying(20)`, `date`, …).
public struct PostgresColumnInfo: Sendable, Equatable {
    public var name: String
    public var declaredType: String

    public init(name: String, declaredType: String) {
        self.name = name; self.declaredType = declaredType
    }
}

/// How a partitioned table is split (`pg_partitioned_table`) and its partitions
/// (`pg_inherits`), each a local table or a foreign table on another server
/// (`pg_foreign_table`, as postgres_fdw makes them).
public struct PostgresPartitioning: Sendable, Equatable {
    public struct Partition: Sendable, Equatable {
        public var schema: String
        public var name: String
        /// The bound, as PostgreSQL prints it (`FOR VALUES WITH (modulus 2, remainder 0)`).
        public var bound: String
        public var isForeign: Bool
        /// The foreign server's name (`CREATE SERVER`), for a foreign partition.
        public var server: String?

        public init(schema: String, name: String, bound: String, isForeign: Bool, server: String?) {
            self.schema = schema; self.name = name; self.bound = bound; self.isForeign = isForeign; self.server = server
        }
    }
    /// `hash`, `list` or `range`.
    public var strategy: String
    /// The partition key as PostgreSQL prints it (`HASH (patient)` gives `patient`).
    public var key: String
    public var partitions: [Partition]

    public init(strategy: String, key: String, partitions: [Partition]) {
        self.strategy = strategy; self.key = key; self.partitions = partitions
    }

    /// True when every partition is a foreign table: the aggregates then go to
    /// each partition by name, inside one `UNION ALL`, so each runs on its server.
    public var isForeign: Bool { !partitions.isEmpty && partitions.allSatisfy(\.isForeign) }
}

extension PostgresConnection {
    /// Tables, views and foreign tables outside PostgreSQL's own schemas.
    public func tables() throws -> [PostgresTableInfo] {
        let rows = try query(PostgresSQL("""
            SELECT n.nspname, c.relname, c.relkind::text, c.relispartition
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
            ORDER BY n.nspname, c.relname
            """)).rows
        return rows.map { row in
            let kind: PostgresTableInfo.Kind
            switch Self.string(row[2]) {
            case "p": kind = .partitionedTable
            case "v": kind = .view
            case "m": kind = .materializedView
            case "f": kind = .foreignTable
            default: kind = .table
            }
            return PostgresTableInfo(schema: Self.string(row[0]), name: Self.string(row[1]), kind: kind,
                                     isPartition: row[3] == .integer(1))
        }
    }

    /// The columns of a table (by name, found on the `search_path` unless
    /// `schema` is given), or nil when there is none.
    public func columns(of table: String, schema: String? = nil) throws -> [PostgresColumnInfo]? {
        guard let relation = try relation(table, schema: schema) else { return nil }
        let rows = try query(PostgresSQL("""
            SELECT a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_attribute a
            WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, [.integer(relation)])).rows
        return rows.map { PostgresColumnInfo(name: Self.string($0[0]), declaredType: Self.string($0[1])) }
    }

    /// The partitioning of a table, or nil when it is not partitioned (or does not exist).
    public func partitioning(of table: String, schema: String? = nil) throws -> PostgresPartitioning? {
        guard let relation = try relation(table, schema: schema) else { return nil }
        let parent = try query(PostgresSQL("""
            SELECT CASE p.partstrat WHEN 'h' THEN 'hash' WHEN 'l' THEN 'list' ELSE 'range' END,
                   pg_get_partkeydef(p.partrelid)
            FROM pg_partitioned_table p WHERE p.partrelid = $1::oid
            """, [.integer(relation)])).rows
        guard let first = parent.first else { return nil }
        let definition = Self.string(first[1])   // "HASH (patient)"
        var key = definition
        if let open = definition.firstIndex(of: "("), let close = definition.lastIndex(of: ")"), open < close {
            key = String(definition[definition.index(after: open)..<close])
        }
        let rows = try query(PostgresSQL("""
            SELECT n.nspname, c.relname, pg_get_expr(c.relpartbound, c.oid), c.relkind = 'f', s.srvname
            FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_foreign_table f ON f.ftrelid = c.oid
            LEFT JOIN pg_foreign_server s ON s.oid = f.ftserver
            WHERE i.inhparent = $1::oid
            ORDER BY c.relname
            """, [.integer(relation)])).rows
        let partitions = rows.map { row in
            PostgresPartitioning.Partition(schema: Self.string(row[0]), name: Self.string(row[1]), bound: Self.string(row[2]),
                                           isForeign: row[3] == .integer(1), server: row[4] == .null ? nil : Self.string(row[4]))
        }
        return PostgresPartitioning(strategy: Self.string(first[0]), key: key, partitions: partitions)
    }

    /// The table's oid, looked up as data (`to_regclass` of a quoted name), so a
    /// name is never spliced into SQL.
    func relation(_ table: String, schema: String?) throws -> Int64? {
        let name = (schema.map { PostgresSQLBuilder.quote($0) + "." } ?? "") + PostgresSQLBuilder.quote(table)
        let rows = try query(PostgresSQL("SELECT to_regclass($1)::oid::int8", [.text(name)])).rows
        if case .integer(let oid)? = rows.first?.first { return oid }
        return nil
    }

    static func string(_ value: PostgresValue) -> String {
        switch value {
        case .text(let text): return text
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .null: return ""
        }
    }
}
