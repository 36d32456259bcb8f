import Foundation
import SQStore

/// A piece of lowered SQL: text with `?` placeholders, its bound arguments in
/// placeholder order, and the value type it yields.
public struct SQLFragment: Sendable {
    public var text: String
    public var arguments: [SQLValue]
    public var type: ValueType

    public init(_ text: String, _ arguments: [SQLValue] = [], type: ValueType = .unknown) {
        self.text = text
        self.arguments = arguments
        self.type = type
    }

    /// A bound parameter: the only way a user's value enters SQL.
    public static func bound(_ value: SQLValue, type: ValueType) -> SQLFragment {
        SQLFragment("?", [value], type: type)
    }

    /// Joins fragments with a separator, keeping arguments in placeholder order.
    public static func joined(_ parts: [SQLFragment], separator: String, type: ValueType = .unknown) -> SQLFragment {
        SQLFragment(parts.map(\.text).joined(separator: separator), parts.flatMap(\.arguments), type: type)
    }
}

/// What lowering needs to know about the SQL engine. SQLite is the only backend
/// today; a PostgreSQL dialect implements the same requirements.
public protocol SQLDialect: Sendable {
    func quoteIdentifier(_ name: String) -> String
    /// Natural logarithm (SQLite's `log(x)` is base 10; SQ's `log` is natural, as in R).
    var naturalLog: String { get }
    /// Days since a fixed origin for a date value (differences give durations in days).
    func dayNumber(_ sql: String) -> String
    /// Division in real arithmetic (SQLite divides integers as integers).
    func realDivision(_ lhs: String, _ rhs: String) -> String
    /// The row-number window function over a partition, for `first per`.
    func rowNumber(partitionBy: String, orderBy: String) -> String
}

public struct SQLiteDialect: SQLDialect {
    public init() {}
    public func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    public var naturalLog: String { "ln" }
    public func dayNumber(_ sql: String) -> String { "julianday(\(sql))" }
    public func realDivision(_ lhs: String, _ rhs: String) -> String { "(CAST(\(lhs) AS REAL) / \(rhs))" }
    public func rowNumber(partitionBy: String, orderBy: String) -> String {
        "row_number() OVER (PARTITION BY \(partitionBy)\(orderBy.isEmpty ? "" : " ORDER BY \(orderBy)"))"
    }
}
