/// What may be written inside an `SQLFragment` literal. There is no
/// interpolation of a bare `String`: text becomes SQL only as
/// `\(sql: trusted)`, a name only as `\(identifier: name)`, and a value only
/// as `\(bind: value)`, so a user's text cannot be spliced in by accident.
public struct SQLInterpolation: StringInterpolationProtocol {
    var fragment = SQLFragment(sql: "")

    public init(literalCapacity: Int, interpolationCount: Int) {}

    public mutating func appendLiteral(_ literal: String) {
        fragment.append(.sql(literal))
    }

    /// Another fragment: its text, identifiers and arguments, in order.
    public mutating func appendInterpolation(_ other: SQLFragment) {
        fragment.append(other)
    }

    /// A bound parameter (its placeholder is numbered when the statement is rendered).
    public mutating func appendInterpolation(bind value: SQLValue) {
        fragment.append(.argument(value))
    }

    /// A table or column name, quoted by the dialect that renders the statement.
    public mutating func appendInterpolation(identifier name: String) {
        fragment.append(SQLFragment.Piece.identifier(name))
    }

    /// Text SQ wrote itself (a keyword chosen by the dialect, a constant).
    public mutating func appendInterpolation(sql text: String) {
        fragment.append(.sql(text))
    }

    /// Fragments with a separator between them (`a, b, c`).
    public mutating func appendInterpolation(_ parts: [SQLFragment], separator: String) {
        for (i, part) in parts.enumerated() {
            if i > 0 { fragment.append(.sql(separator)) }
            fragment.append(part)
        }
    }
}

extension SQLFragment: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) {
        self.init(sql: value)
    }

    public init(stringInterpolation: SQLInterpolation) {
        self = stringInterpolation.fragment
    }
}
