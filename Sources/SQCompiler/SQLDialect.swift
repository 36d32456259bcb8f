import Foundation
import SQStore

/// A piece of lowered SQL: text with `?` placeholders, its bound arguments in
/// placeholder order, and the value type it yields.
public struct SQLFragment: Sendable {
    public var text: String
    public var arguments: [SQLValue]
    public var type: ValueType
    /// How tightly the fragment's outermost operator binds (`SQLPrecedence`):
    /// a parent wraps it in parentheses only when that changes the meaning.
    public var precedence: Int
    /// The height of the expression tree SQLite will build from it.
    public var depth: Int

    public init(_ text: String, _ arguments: [SQLValue] = [], type: ValueType = .unknown,
                precedence: Int = SQLPrecedence.atom, depth: Int = 1) {
        self.text = text
        self.arguments = arguments
        self.type = type
        self.precedence = precedence
        self.depth = depth
    }

    /// The fragment as a self-contained operand: in parentheses unless it is an atom.
    public var parenthesized: SQLFragment {
        guard precedence < SQLPrecedence.atom else { return self }
        return SQLFragment("(\(text))", arguments, type: type, depth: depth)
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

/// SQL operator precedence, loosest first (SQLite's and PostgreSQL's order
/// for the operators SQ emits). Comparisons never chain without parentheses.
public enum SQLPrecedence {
    public static let or = 1
    public static let and = 2
    public static let comparison = 4
    public static let additive = 6
    public static let multiplicative = 7
    public static let atom = 100
}

/// What lowering needs to know about the SQL engine. SQLite is the only backend
/// today; a PostgreSQL dialect implements the same requirements.
public protocol SQLDialect: Sendable {
    func quoteIdentifier(_ name: String) -> String
    /// Natural logarithm (SQLite's `log(x)` is base 10; SQ's `log` is natural, as in R).
    var naturalLog: String { get }
    /// Days since a fixed origin for a date value (differences give durations in days).
    func dayNumber(_ sql: String) -> String
    /// The date of a day number from `dayNumber` (its inverse).
    func dateFromDayNumber(_ sql: String) -> String
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
    public func dateFromDayNumber(_ sql: String) -> String { "date(\(sql))" }
    public func realDivision(_ lhs: String, _ rhs: String) -> String { "(CAST(\(lhs) AS REAL) / \(rhs))" }
    public func rowNumber(partitionBy: String, orderBy: String) -> String {
        "row_number() OVER (PARTITION BY \(partitionBy)\(orderBy.isEmpty ? "" : " ORDER BY \(orderBy)"))"
    }
}
