import SQBackend
import SQSyntax

/// `function bmi(weight_kg, height_cm) = weight_kg / ((height_cm / 100) * (height_cm / 100))`:
/// an expression with parameters. A call is inlined into the SQL where it
/// stands: each argument is lowered once, in the caller's scope, and its SQL
/// (with its bound values) stands wherever the body names the parameter.
/// Names in the body that are not parameters mean what they mean at the call
/// (columns, defines, other functions).
public struct UserFunction: Sendable {
    public var name: String
    public var parameters: [String]
    public var body: Expr
    /// The `function` statement, for pointing back at it.
    public var span: Span
    public var source: SourceFile?
    public init(name: String, parameters: [String], body: Expr, span: Span, source: SourceFile?) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.span = span
        self.source = source
    }

    /// `bmi(weight_kg, height_cm)`
    public var signature: String { "\(name)(\(parameters.joined(separator: ", ")))" }
}

extension Environment {
    /// Adds or replaces a function. Built-in functions keep their names, so
    /// a script cannot change what `log` means.
    public mutating func defineFunction(_ function: UserFunction, nameSpan: Span) throws {
        let key = function.name.lowercased()
        if FunctionLowering.names.contains(key) || ["surv", "strata", "cluster", "frailty"].contains(key) {
            throw Diagnostic.error("`\(function.name)` is a built-in function and cannot be redefined", at: nameSpan,
                                   hints: ["give the function another name, such as `my_\(key)`"])
        }
        // Defines lowered earlier may have inlined the old body.
        expansions.willDefine(function.name, replacing: functions[key] != nil)
        functions[key] = function
    }
}

extension ExpressionLowering {
    /// A user function may call another this deep; past it the calls are an
    /// error at the outermost call, not a stack overflow.
    public static let maximumFunctionNesting = 32
    /// The SQL of one call may grow this long (a body naming a parameter
    /// twice doubles its argument); beyond it the inlining is refused.
    static let maximumInlinedLength = 1_000_000

    func lowerUserFunction(_ function: UserFunction, name: Name, arguments: [Argument], span: Span) throws -> SQLFragment {
        let defined = Self.definedHere("`\(function.name)`", span: function.span, source: function.source)
        if let labelled = arguments.first(where: { $0.label != nil }), let label = labelled.label {
            throw Diagnostic.error("`\(function.name)` takes no argument named `\(label.text)`", at: label.span,
                                   hints: ["its parameters are \(function.signature), given in that order", defined])
        }
        guard arguments.count == function.parameters.count else {
            let n = function.parameters.count
            throw Diagnostic.error("`\(function.name)` takes \(n) argument\(n == 1 ? "" : "s") (\(function.signature)), found \(arguments.count)",
                                   at: span, hints: [defined])
        }
        if calling.contains(function.name.lowercased()) {
            let path = (calling + [function.name.lowercased()]).map { "`\($0)`" }.joined(separator: " → ")
            throw Diagnostic.error("`\(function.name)` calls itself (\(path)); a function is inlined, so it cannot recurse",
                                   at: span, hints: [defined])
        }
        guard calling.count < Self.maximumFunctionNesting else {
            throw Diagnostic.error("functions nested more than \(Self.maximumFunctionNesting) deep, at `\(function.name)`",
                                   at: span, hints: [defined])
        }
        let values = try arguments.map { try lower($0.value) }
        var inner = self
        inner.scope = Dictionary(uniqueKeysWithValues: zip(function.parameters, values))
        inner.calling.append(function.name.lowercased())
        let fragment: SQLFragment
        do {
            fragment = try inner.lower(function.body)
        } catch var diagnostic as Diagnostic where function.span.start <= diagnostic.span.start
                                                   && diagnostic.span.end <= function.span.end && diagnostic.span != span {
            // An error in the body's own text: shown at the call, with the definition.
            diagnostic.message += " (in the body of `\(function.name)`)"
            diagnostic.hints.append(defined)
            diagnostic.span = span
            throw diagnostic
        }
        guard fragment.renderedLength <= Self.maximumInlinedLength else {
            throw Diagnostic.error("`\(function.name)` expands to more than \(Self.maximumInlinedLength / 1000)k characters of SQL here",
                                   at: span, hints: ["a body that names a parameter several times copies its argument each time; use a `define` for a long argument", defined])
        }
        return fragment
    }
}
