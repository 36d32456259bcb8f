import SQSyntax
import SQCompiler

/// A `procedure`, with the text it was written in (a script, the prelude).
struct Procedure {
    var definition: ProcedureDefinition
    var source: SourceFile
}

/// One call being run: where it was written, for results and diagnostics.
struct CallFrame {
    var name: String
    var span: Span
    var file: SourceFile
}

extension Session {
    /// Procedure calls may nest this deep (a procedure calling another ...);
    /// a deeper call is an error, never a stack overflow.
    public static let maximumCallDepth = 32

    func defineProcedure(_ definition: ProcedureDefinition, source: SourceFile) throws {
        let key = definition.name.text.lowercased()
        guard Parser.canNameProcedure(key, registry: statementRegistry) else {
            let what = statementRegistry.statementWords.contains(key) ? "a statement word" : "an R function SQ answers with its own spelling"
            throw Diagnostic.error("`\(definition.name.text)` is \(what) and cannot name a procedure",
                                   at: definition.name.span, hints: ["give the procedure another name, such as `\(key)_report`"])
        }
        procedures[key] = Procedure(definition: definition, source: source)
    }

    /// Runs one statement: a procedure call runs its body (handing on each
    /// result), anything else goes to the executor.
    func execute(_ statement: Statement, file: SourceFile, dryRun: Bool, calls: [CallFrame],
                 onResult: (StatementResult) -> Void) throws {
        guard case .call(let call) = statement.kind else {
            let executor = StatementExecutor(session: self, source: file, statement: statement, dryRun: dryRun)
            guard var result = try executor.execute() else { return }
            if let outer = calls.first, let inner = calls.last {
                result.callLine = outer.span.line
                result.procedure = inner.name
            }
            onResult(result)
            return
        }
        let procedure = try resolve(call, at: statement.span, depth: calls.count)
        let frame = CallFrame(name: procedure.definition.name.text, span: statement.span, file: file)
        let (expanded, tokens) = Self.expand(call, from: file, into: procedure)
        let program = Parser.parse(tokens: tokens, registry: statementRegistry)
        let inside = calls + [frame]
        if let first = program.diagnostics.first {
            throw Self.located(SQError([first], source: expanded), in: frame)
        }
        for inner in program.statements {
            if isCancelled { throw SQError([Diagnostic.error("cancelled", at: statement.span)], source: file, kind: .cancelled) }
            do {
                try execute(inner, file: expanded, dryRun: dryRun, calls: inside, onResult: onResult)
            } catch {
                throw Self.located(sqError(error, statement: inner, file: expanded), in: frame)
            }
        }
    }

    private func resolve(_ call: ProcedureCall, at span: Span, depth: Int) throws -> Procedure {
        guard let procedure = procedures[call.name.text.lowercased()] else {
            let known = procedures.values.map(\.definition.name.text)
            var hints = NameSuggestion.hint(for: call.name.text, in: known + statementRegistry.statementWords)
            if environment.functions[call.name.text.lowercased()] != nil {
                hints.append("`\(call.name.text)` is a function: use it inside an expression, as in `define x = \(call.name.text)(...)`")
            }
            throw Diagnostic.error("unknown procedure `\(call.name.text)`", at: call.name.span,
                                   hints: hints.isEmpty ? ["define it first: `procedure \(call.name.text)(...)`, its statements, then `end`"] : hints)
        }
        let definition = procedure.definition
        let defined = ExpressionLowering.definedHere("`\(definition.name.text)`", span: definition.span, source: procedure.source)
        let parameters = definition.parameters.map(\.text)
        guard call.arguments.count == parameters.count else {
            let n = parameters.count
            throw Diagnostic.error("`\(definition.name.text)` takes \(n) argument\(n == 1 ? "" : "s") (\(definition.name.text)(\(parameters.joined(separator: ", ")))), found \(call.arguments.count)",
                                   at: span, hints: [defined])
        }
        guard depth < Self.maximumCallDepth else {
            throw Diagnostic.error("procedure calls nested more than \(Self.maximumCallDepth) deep, at `\(definition.name.text)`",
                                   at: span, hints: ["a procedure that calls itself, directly or through others, never ends", defined])
        }
        return procedure
    }

    /// The procedure's text with each parameter in its body (an unquoted
    /// word) replaced by its argument's text as written, and the tokens of
    /// the body in that text. The statements then read, in results and
    /// diagnostics, as they ran (`km os by maxdiam2`), on the lines of the
    /// procedure's own file.
    static func expand(_ call: ProcedureCall, from callFile: SourceFile, into procedure: Procedure) -> (SourceFile, [Token]) {
        let definition = procedure.definition
        var index: [String: Int] = [:]
        for (i, parameter) in definition.parameters.enumerated() { index[parameter.text] = i }
        let callBytes = Array(callFile.text.utf8)
        let argumentText: [[UInt8]] = call.arguments.map { tokens in
            guard let first = tokens.first, let last = tokens.last else { return [] }
            let start = max(0, min(first.span.start, callBytes.count))
            return Array(callBytes[start..<max(start, min(last.span.end, callBytes.count))])
        }
        var bytes = Array(procedure.source.text.utf8)
        guard let bodyStart = definition.body.first?.span.start, let bodyEnd = definition.body.last?.span.end else {
            return (procedure.source, [])
        }
        var end = bodyEnd
        // From the last occurrence back, so earlier offsets stay valid.
        for token in definition.body.reversed() {
            guard case .word(let text, false) = token.kind, let i = index[text] else { continue }
            let span = token.span
            bytes.replaceSubrange(span.start..<span.end, with: argumentText[i])
            end += argumentText[i].count - (span.end - span.start)
        }
        let expanded = SourceFile(name: procedure.source.name, text: String(decoding: bytes, as: UTF8.self))
        let (tokens, _) = Lexer.tokenize(expanded.text, id: expanded.id)
        let body = tokens.filter { token in
            if case .end = token.kind { return false }
            return token.span.start >= bodyStart && token.span.end <= end
        }
        return (expanded, body)
    }

    /// An error inside a procedure, with the call that ran it shown too
    /// (the innermost call first, as a stack trace reads).
    static func located(_ error: SQError, in frame: CallFrame) -> SQError {
        var error = error
        let site = SQError.Call(procedure: frame.name, file: frame.file.name, line: frame.span.line, column: frame.span.column)
        // A call that recurses shows its place once, not 32 times.
        if error.calls.last != site {
            let call = String(frame.file.text(of: frame.span))
            error.hints.append("in `\(call)` at \(frame.file.name):\(frame.span.line)")
            error.rendered += frame.file.render(Diagnostic(.note, "in this call of `\(frame.name)`", at: frame.span))
        }
        error.calls.append(site)
        return error
    }
}
