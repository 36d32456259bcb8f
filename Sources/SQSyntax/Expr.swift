/// An expression: in `where`, `define`, `cohort`, call arguments and model terms.
public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        /// A number as written; `isInteger` when it had no `.` or exponent.
        case number(Double, isInteger: Bool)
        case string(String)
        case boolean(Bool)
        case null
        /// `30d`, `6mo`, `5y`: a duration, converted to the endpoint's unit later.
        case duration(Double, DurationUnit)
        /// A column, defined column, endpoint, cohort or `let` name.
        case identifier(String)
        /// `$name`, a script parameter (`--param name=value`).
        case parameter(String)
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// `f(a, b, name = c)`; `name` is as written (matched case-insensitively later).
        case call(name: Name, arguments: [Argument])
        /// `x is null` / `x is not null`
        case isNull(Expr, negated: Bool)
        /// `x in (a, b)` / `x not in (a, b)`
        case inList(Expr, [Expr], negated: Bool)
        /// `x between a and b` / `x not between a and b`
        case between(Expr, low: Expr, high: Expr, negated: Bool)
    }

    public var kind: Kind
    public var span: Span
    /// Where a binary operator's symbol is, so an error can point at the operator.
    public var operatorSpan: Span?
    public init(_ kind: Kind, span: Span, operatorSpan: Span? = nil) {
        self.kind = kind
        self.span = span
        self.operatorSpan = operatorSpan
    }
}

public enum DurationUnit: String, Sendable, CaseIterable {
    case days = "d", weeks = "w", months = "mo", years = "y"

    /// Length in days (docs/language.md, "Lexical rules": 1mo = 365.25/12 d, 1y = 365.25 d).
    public var days: Double {
        switch self {
        case .days: return 1
        case .weeks: return 7
        case .months: return 365.25 / 12
        case .years: return 365.25
        }
    }
}

public enum UnaryOperator: String, Sendable { case negate = "-", not = "not" }

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    /// `=` and `==` both mean equality outside call parentheses (docs/language.md, "Expressions and dates").
    case equal = "=", notEqual = "!="
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or
}
