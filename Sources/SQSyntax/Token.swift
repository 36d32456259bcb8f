/// A lexical token. Words are not split into keywords by the lexer: SQ's
/// keywords are contextual (a column may be called `time`, `at` or `count`),
/// so the parser decides what a word means where it stands.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A word; `quoted` when written in backquotes (then never a keyword).
        case word(String, quoted: Bool)
        case number(Double, isInteger: Bool)
        case duration(Double, DurationUnit)
        case string(String)
        /// `$name`
        case parameter(String)
        /// `( ) [ ] , ; ~ + - * / : | = == != <> < <= > >=`
        case symbol(String)
        /// The end of a statement: a newline or `;` that does not continue it.
        case terminator
        case end
    }

    public var kind: Kind
    public var span: Span

    public init(_ kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
    }

    /// The lowercased text of an unquoted word, for keyword tests.
    public var keyword: String? {
        if case .word(let text, false) = kind { return text.lowercased() }
        return nil
    }

    public func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(let s) = kind { return s == symbol }
        return false
    }

    /// How the token reads in an error message.
    public var display: String {
        switch kind {
        case .word(let text, let quoted): return quoted ? "`\(text)`" : "`\(text)`"
        case .number(let value, let isInteger): return isInteger ? "`\(Int64(exactly: value).map(String.init) ?? String(value))`" : "`\(value)`"
        case .duration(let value, let unit): return "`\(value)\(unit.rawValue)`"
        case .string(let text): return "\"\(text)\""
        case .parameter(let name): return "`$\(name)`"
        case .symbol(let s): return "`\(s)`"
        case .terminator: return "end of statement"
        case .end: return "end of input"
        }
    }
}
