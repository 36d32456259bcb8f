import SQSyntax

/// Something the analyst should know that did not stop the statement (rows
/// left out, an infinite coefficient, a column read as text): a diagnostic
/// of severity `.warning` (or `.note`) that points at the source where it has
/// a place — a warning about a model term carries the term's span. Each is
/// kept once, by the result that owns it; the JSON contract shows its message.
public struct Warning: Sendable, Hashable, CustomStringConvertible {
    public var severity: Diagnostic.Severity
    public var message: String
    /// The term (or other source text) the warning is about; nil for the statement as a whole.
    public var span: Span?

    public init(_ message: String, at span: Span? = nil, severity: Diagnostic.Severity = .warning) {
        self.severity = severity
        self.message = message
        self.span = span
    }

    /// The same warning with `prefix` before its message, such as the model it
    /// came from (`multivariable model: `).
    public func prefixed(_ prefix: String) -> Warning {
        Warning(prefix + message, at: span, severity: severity)
    }

    public var description: String { message }
}

/// `"3 rows with missing values dropped"`: a warning with no place in the source.
extension Warning: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    public init(stringLiteral message: String) { self.init(message) }
}

/// In JSON a warning is its message, as the contract's `warnings` lists have always been.
extension Warning: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(message)
    }
}
