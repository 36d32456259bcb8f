/// What lowering needs to know about the SQL engine. SQLite is the only
/// backend today; a PostgreSQL dialect can implement the same requirements.
public protocol SQLDialect: Sendable {
    /// Quote an identifier (table or column name).
    func quoteIdentifier(_ name: String) -> String
    /// The SQL function computing the natural logarithm.
    var naturalLogFunction: String { get }
    /// An expression giving the number of days since 1970-01-01 for a date value.
    func julianDays(_ expression: String) -> String
}
