/// A value bound to a `$n` parameter or read from a result, in the same four
/// kinds the SQLite store yields (`SQLValue`): PostgreSQL's richer types are
/// decoded into these (see `PostgresDecoding`). User values reach the server
/// only this way, as parameters of `PQexecParams`, never spliced into SQL text.
public enum PostgresValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// SQL text with `$1…` placeholders and the values bound to them, as one value
/// (after GRDB's `SQL` literal): the statement and its parameters never travel apart.
public struct PostgresSQL: Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var arguments: [PostgresValue]

    public init(_ text: String, _ arguments: [PostgresValue] = []) {
        self.text = text
        self.arguments = arguments
    }

    public var description: String { arguments.isEmpty ? text : "\(text) -- \(arguments)" }
}

/// Rows returned by a query.
public struct PostgresResult: Sendable, Equatable {
    public var columnNames: [String]
    public var rows: [[PostgresValue]]
    /// Rows an INSERT, UPDATE or DELETE changed (on a writable connection).
    public var changedRows = 0
}

/// How an analysis wants a result column read: as numbers (NULL mask kept) or as text
/// (the SQLite store's `ColumnKind`).
public enum PostgresColumnKind: Sendable, Hashable { case real, text }

/// An analysis column: contiguous values, no per-row objects (the SQLite store's
/// `FetchedColumn`). Numbers keep a NULL mask (the value under a NULL is NaN); text keeps nil for NULL.
public enum PostgresColumn: Sendable, Equatable {
    case real(values: [Double], isNull: [Bool])
    case text([String?])

    public var count: Int {
        switch self {
        case .real(let values, _): return values.count
        case .text(let values): return values.count
        }
    }

    public func isNull(_ row: Int) -> Bool {
        switch self {
        case .real(_, let nulls): return nulls[row]
        case .text(let values): return values[row] == nil
        }
    }
}
