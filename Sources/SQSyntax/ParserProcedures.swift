/// `function`, `procedure` and procedure calls: the language's reuse.
/// A function is an expression with parameters, inlined where it is called
/// (SQCompiler); a procedure is a block of statements kept as tokens and
/// parsed again at each call with the arguments' tokens in place of its
/// parameters, so a parameter may stand wherever its argument could be
/// written: an endpoint, a column or expression, a string.

/// `procedure name(params) ... end`, as written.
public struct ProcedureDefinition: Sendable {
    public var name: Name
    public var parameters: [Name]
    /// The body's tokens, from the first statement to the last (terminators included, `end` excluded).
    public var body: [Token]
    /// The whole definition, from `procedure` to `end`.
    public var span: Span
    public init(name: Name, parameters: [Name], body: [Token], span: Span) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.span = span
    }
}

/// `name(arg, ...)` at the start of a statement.
public struct ProcedureCall: Sendable {
    public var name: Name
    /// Each argument's tokens, as written.
    public var arguments: [[Token]]
    /// Each argument's span, for pointing at it.
    public var argumentSpans: [Span]
    public init(name: Name, arguments: [[Token]], argumentSpans: [Span]) {
        self.name = name
        self.arguments = arguments
        self.argumentSpans = argumentSpans
    }
}

extension Parser {
    /// Whether `word(...)` at the start of a statement is a procedure call: not
    /// a statement word, and not an R habit (`coxph(...)`, `table(...)`), which
    /// is answered with SQ's spelling instead.
    public static func canNameProcedure(_ word: String, registry: StatementRegistry = StatementRegistry()) -> Bool {
        let key = word.lowercased()
        return !analysisWords.contains(key) && !registry.statementWords.contains(key) && rStatementHabits[key] == nil
    }

    func canNameProcedure(_ word: String) -> Bool { Self.canNameProcedure(word, registry: registry) }

    /// parameters = "(" [ name { "," name } ] ")" ;
    mutating func parameterList(_ what: String) throws -> [Name] {
        try expectSymbol("(", "after the \(what)'s name (`\(what) name(a, b)`)")
        var parameters: [Name] = []
        if !current.isSymbol(")") {
            repeat {
                let parameter = try name("a parameter name")
                if let earlier = parameters.first(where: { $0.text == parameter.text }) {
                    throw Diagnostic.error("parameter `\(parameter.text)` is named twice", at: parameter.span,
                                           hints: ["the first is at line \(earlier.span.line), column \(earlier.span.column)"])
                }
                parameters.append(parameter)
            } while acceptSymbol(",")
        }
        try expectSymbol(")", "to close the parameter list")
        return parameters
    }

    /// function = "function" name parameters "=" expression ;
    mutating func functionStatement() throws -> StatementKind {
        advance()
        let name = try self.name("a name for the function")
        let parameters = try parameterList("function")
        try expectSymbol("=", "after `function \(name.text)(...)` (`function f(x) = x * 2`)")
        return .function(name: name, parameters: parameters, body: try expression())
    }

    /// procedure = "procedure" name parameters terminator { statement terminator } "end" ;
    /// The body is parsed here, so its syntax errors show at once, and kept
    /// as tokens for the calls.
    mutating func procedureStatement() throws -> StatementKind {
        let start = advance().span
        let name = try self.name("a name for the procedure")
        let parameters = try parameterList("procedure")
        guard case .terminator = current.kind else {
            throw error("expected a new line after `procedure \(name.text)(...)`, found \(current.display)",
                        hints: ["the statements of a procedure go on the lines after its name, and `end` closes it"])
        }
        skipTerminators()
        let bodyStart = position
        while !isKeyword("end") || peek().isSymbol("(") {
            if atEnd {
                throw error("`procedure \(name.text)` has no `end`", hints: ["close the procedure with `end` on a line of its own"])
            }
            if isKeyword("procedure") {
                throw error("a procedure cannot be defined inside another (`\(name.text)`)",
                            hints: ["define it before `procedure \(name.text)`, then call it from there"])
            }
            do {
                _ = try statement()
                try expectEndOfStatement()
            } catch let diagnostic as Diagnostic {
                // A parameter where the grammar wants a literal (`to file`, a
                // string) is checked at the call, once it has its argument.
                guard case .word(let text, false) = current.kind, parameters.contains(where: { $0.text == text }) else {
                    throw diagnostic
                }
                while !atStatementEnd { advance() }
            }
            skipTerminators()
        }
        let body = Array(tokens[bodyStart..<position])
        let endSpan = advance().span
        return .procedure(ProcedureDefinition(name: name, parameters: parameters, body: body, span: start.merged(with: endSpan)))
    }

    /// procedure_call = name "(" [ expression { "," expression } ] ")" ;
    mutating func procedureCall() throws -> StatementKind {
        let name = try self.name("a procedure name")
        try expectSymbol("(", "after the procedure's name")
        var arguments: [[Token]] = []
        var spans: [Span] = []
        if !current.isSymbol(")") {
            repeat {
                let first = position
                let value = try expression()
                arguments.append(Array(tokens[first..<position]))
                spans.append(value.span)
            } while acceptSymbol(",")
        }
        try expectSymbol(")", "to close the arguments of `\(name.text)`")
        return .call(ProcedureCall(name: name, arguments: arguments, argumentSpans: spans))
    }

    /// The statements of a token list (a procedure's body after substitution).
    public static func parse(tokens: [Token], registry: StatementRegistry = StatementRegistry()) -> Program {
        var list = tokens
        if list.last.map({ if case .end = $0.kind { return false } else { return true } }) ?? true {
            list.append(Token(.end, span: list.last?.span ?? .none))
        }
        var parser = Parser(tokens: list)
        parser.registry = registry
        let statements = parser.statements()
        return Program(statements: statements, diagnostics: parser.diagnostics)
    }
}
