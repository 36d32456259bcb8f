/// How one SQL engine spells what SQ's lowering needs. The compiler never
/// writes an engine's SQL itself: it asks the dialect its session's backend
/// supplies (`Backend.dialect`). Requirements that standard SQL answers have
/// a default in `SQLDialect+Standard.swift`; an engine overrides what it
/// spells otherwise (SQLite: `SQLiteDialect` in SQStore).
public protocol SQLDialect: Sendable {
    // MARK: Rendering
    /// The placeholder of the `position`th bound argument (1-based): `?` in
    /// SQLite, `$1`, `$2`, ... in PostgreSQL.
    func placeholder(_ position: Int) -> String
    /// A table or column name, quoted so any name reads as written.
    func quoteIdentifier(_ name: String) -> String

    // MARK: Values
    /// SQL's NULL.
    var null: SQLFragment { get }
    /// `true` / `false` (SQLite has no boolean type: 1 and 0).
    func boolean(_ value: Bool) -> SQLFragment
    /// The value as a floating-point number.
    func castToReal(_ value: SQLFragment) -> SQLFragment

    // MARK: Operators
    /// `lhs / rhs` in real arithmetic, whatever the operands' types (SQLite
    /// and PostgreSQL divide integers as integers; SQ's `/` never does).
    func realDivision(_ lhs: SQLFragment, _ rhs: SQLFragment) -> SQLFragment
    /// How a binary operator is written between its operands.
    func symbol(_ op: SQLOperator) -> String
    func not(_ value: SQLFragment) -> SQLFragment
    /// A value used as a condition (`where`, a cohort's filter, `and`/`or`/`not`,
    /// `if`): SQLite takes a number as true when it is not zero; PostgreSQL asks
    /// for a boolean, so a number is compared with zero there.
    func truth(_ value: SQLFragment) -> SQLFragment
    func isNull(_ value: SQLFragment, negated: Bool) -> SQLFragment
    func inList(_ value: SQLFragment, _ items: [SQLFragment], negated: Bool) -> SQLFragment
    func between(_ value: SQLFragment, _ low: SQLFragment, _ high: SQLFragment, negated: Bool) -> SQLFragment
    /// `if(condition, a, b)`.
    func conditional(_ condition: SQLFragment, then: SQLFragment, else: SQLFragment) -> SQLFragment

    // MARK: Functions
    /// A function every engine spells alike (`abs`, `exp`, `sqrt`, `round`).
    func call(_ name: String, _ arguments: [SQLFragment]) -> SQLFragment
    /// The logarithm to `base` (SQ's `log` is natural, as in R; SQLite's `log(x)` is base 10).
    func logarithm(_ value: SQLFragment, base: LogarithmBase) -> SQLFragment
    /// The smaller (larger) of several values, NULL if any is NULL: the scalar
    /// `min(a, b)`, not the aggregate.
    func scalarMinimum(_ values: [SQLFragment]) -> SQLFragment
    func scalarMaximum(_ values: [SQLFragment]) -> SQLFragment
    func coalesce(_ values: [SQLFragment]) -> SQLFragment

    // MARK: Dates
    /// A date from its ISO text `YYYY-MM-DD` (or a date value).
    func date(_ value: SQLFragment) -> SQLFragment
    /// Days since a fixed origin for a date value (differences give durations in days).
    func dayNumber(_ date: SQLFragment) -> SQLFragment
    /// The date of a day number from `dayNumber` (its inverse).
    func dateFromDayNumber(_ day: SQLFragment) -> SQLFragment

    // MARK: Queries
    /// `SELECT columns FROM from [WHERE filter] [LIMIT n]`.
    func select(_ columns: [SQLFragment], from: SQLFragment, where filter: SQLFragment?, limit: Int?) -> SQLFragment
    /// `value AS name`, for a result column.
    func alias(_ value: SQLFragment, as name: String) -> SQLFragment
    /// A SELECT used as a relation: `(select) AS alias`.
    func subquery(_ select: SQLFragment, alias: String?) -> SQLFragment
    /// `base JOIN other USING (keys)`.
    func join(_ base: SQLFragment, _ other: SQLFragment, using keys: [String]) -> SQLFragment
    /// An ORDER BY item.
    func ordering(_ value: SQLFragment, descending: Bool) -> SQLFragment
    /// The row-number window function over a partition, for `first per`.
    func rowNumber(partitionBy: SQLFragment, orderBy: [SQLFragment]) -> SQLFragment
    /// `SELECT count(*) FROM relation`.
    func rowCount(of relation: SQLFragment) -> SQLFragment
}

/// The binary operators lowering writes between two operands (division is
/// `realDivision`, since SQ's `/` is never integer division).
public enum SQLOperator: Sendable, Hashable {
    case add, subtract, multiply
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case and, or
}

public enum LogarithmBase: Sendable, Hashable {
    case natural, ten, two
}
