/// The recursive-descent parser. Each parse function has its grammar rule
/// above it (as Lua's lparser.c does); `Grammar/sq.ebnf` is the whole grammar.
/// On a syntax error the parser records it and skips to the next statement
/// (panic-mode recovery), so one run reports every error.
public struct Parser {
    var tokens: [Token]
    var position = 0
    var diagnostics: [Diagnostic] = []
    var depth = 0
    /// The `with` options of a `reconstruct` statement, read inside the analysis.
    var reconstructOptions: [Argument] = []
    /// The analyses registered beyond the built-in ones (their words and parse rules).
    var registry = StatementRegistry()
    static let maximumDepth = 200

    /// script = { statement terminator } ;
    /// Every statement to the end of the tokens; a failed one is reported and
    /// skipped (panic-mode recovery), so one run reports every syntax error.
    mutating func statements() -> [Statement] {
        var statements: [Statement] = []
        while true {
            skipTerminators()
            if atEnd { break }
            let before = position
            do {
                let statement = try statement()
                try expectEndOfStatement()
                statements.append(statement)
            } catch let diagnostic as Diagnostic {
                diagnostics.append(diagnostic)
                recover()
            } catch {
                recover()
            }
            if position == before { position += 1 }
        }
        return statements
    }

    /// `id`: the text's `SourceID` (a `SourceFile`'s), carried by every span;
    /// `registry`: the analyses registered beyond the built-in ones.
    public static func parse(_ source: String, id: SourceID = .unknown, registry: StatementRegistry = StatementRegistry()) -> Program {
        let (tokens, lexical) = Lexer.tokenize(source, id: id)
        var parser = Parser(tokens: tokens)
        parser.registry = registry
        parser.diagnostics = lexical
        let statements = parser.statements()
        let sorted = parser.diagnostics.sorted { ($0.span.start, $0.span.end) < ($1.span.start, $1.span.end) }
        return Program(statements: statements, diagnostics: sorted)
    }

    init(tokens: [Token]) { self.tokens = tokens }

    public var current: Token { tokens[min(position, tokens.count - 1)] }
    public func peek(_ offset: Int = 1) -> Token { tokens[min(position + offset, tokens.count - 1)] }
    var atEnd: Bool { if case .end = current.kind { return true } else { return false } }
    public var atStatementEnd: Bool {
        switch current.kind {
        case .terminator, .end: return true
        default: return false
        }
    }
    var previousSpan: Span { position > 0 ? tokens[position - 1].span : current.span }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    mutating func skipTerminators() {
        while case .terminator = current.kind { advance() }
    }

    /// Skips to the start of the next statement.
    mutating func recover() {
        while !atStatementEnd { advance() }
        depth = 0
    }

    mutating func expectEndOfStatement() throws {
        guard atStatementEnd else {
            throw error("expected the end of the statement, found \(current.display)")
        }
    }

    /// An error at the current token; at the end of input it marks the
    /// statement as incomplete, so the REPL asks for another line.
    public func error(_ message: String, hints: [String] = []) -> Diagnostic {
        let token = current
        if case .end = token.kind {
            return Diagnostic(.error, message, at: token.span, hints: hints, isUnexpectedEnd: true)
        }
        if case .terminator = token.kind, case .end = peek().kind {
            return Diagnostic(.error, message, at: token.span, hints: hints, isUnexpectedEnd: true)
        }
        return Diagnostic(.error, message, at: token.span, hints: hints)
    }

    // MARK: token tests

    public func isKeyword(_ word: String) -> Bool { current.keyword == word }

    public mutating func accept(_ word: String) -> Bool {
        guard isKeyword(word) else { return false }
        advance()
        return true
    }

    public mutating func expect(_ word: String, _ context: String) throws {
        guard accept(word) else { throw error("expected `\(word)` \(context), found \(current.display)") }
    }

    public mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    public mutating func expectSymbol(_ symbol: String, _ context: String) throws {
        guard acceptSymbol(symbol) else {
            throw error("expected `\(symbol)` \(context), found \(current.display)", hints: equalsHabit(expected: symbol))
        }
    }

    /// name = word (not a reserved expression word unless backquoted) ;
    public mutating func name(_ what: String) throws -> Name {
        guard case .word(let text, let quoted) = current.kind, quoted || !Keywords.expression.contains(text.lowercased()) else {
            throw error("expected \(what), found \(current.display)")
        }
        return Name(text, span: advance().span)
    }

    public mutating func stringLiteral(_ what: String) throws -> StringLiteral {
        guard case .string(let text) = current.kind else {
            throw error("expected \(what) in quotes, found \(current.display)")
        }
        return StringLiteral(text, span: advance().span)
    }

    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw error("expression nested too deeply (more than \(Self.maximumDepth) levels)")
        }
        return try body(&self)
    }
}

extension Program {
    /// True when the only problems are that the input stopped mid-statement:
    /// the REPL then reads another line (Lua's "<eof>" rule).
    public var isIncomplete: Bool {
        !diagnostics.isEmpty && diagnostics.allSatisfy(\.isUnexpectedEnd)
    }
}
