/// A value bound to a `?` placeholder. User values reach SQLite only this way,
/// never spliced into SQL text.
public enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// SQL text with its bound arguments, as one value (after GRDB's `SQL` literal):
/// the statement and its parameters never travel apart.
public struct SQL: Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var arguments: [SQLValue]

    public init(_ text: String, _ arguments: [SQLValue] = []) {
        self.text = text
        self.arguments = arguments
    }

    public var description: String { arguments.isEmpty ? text : "\(text) -- \(arguments)" }
}
