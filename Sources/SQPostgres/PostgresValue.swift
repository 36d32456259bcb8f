import SQBackend

/// A value bound to a `$n` parameter or read from a result: the backend's
/// `SQLValue` (null, integer, real, text); PostgreSQL's richer types are
/// decoded into these (see `PostgresDecoding`). User values reach the server
/// only this way, as parameters of `PQexecParams`, never spliced into SQL text.
public typealias PostgresValue = SQLValue

/// SQL text with `$1…` placeholders and the values bound to them: the backend's `SQL`.
public typealias PostgresSQL = SQL

/// Rows returned by a query: the backend's `QueryResult`.
public typealias PostgresResult = QueryResult

/// How an analysis wants a result column read: the backend's `ColumnKind`.
public typealias PostgresColumnKind = ColumnKind

/// An analysis column (numbers with a NULL mask, or text with nil for NULL): the backend's `FetchedColumn`.
public typealias PostgresColumn = FetchedColumn
