/// The syntax tree of an SQ script. Every node carries the span of the source
/// it came from, so every later error can point at it. Names are resolved
/// later (SQCompiler); the tree only records what was written.

/// An identifier as written (backquotes removed), with its span.
public struct Name: Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var span: Span
    public init(_ text: String, span: Span) { self.text = text; self.span = span }
    public var description: String { text }
}

/// A parsed script: the statements that parsed, and every syntax error found
/// (panic-mode recovery resynchronises at the next statement).
public struct Program: Sendable {
    public var statements: [Statement]
    public var diagnostics: [Diagnostic]
    public init(statements: [Statement], diagnostics: [Diagnostic]) {
        self.statements = statements
        self.diagnostics = diagnostics
    }
}

public struct Statement: Sendable {
    public var kind: StatementKind
    /// The whole statement, from its first token to its last.
    public var span: Span
    public init(kind: StatementKind, span: Span) { self.kind = kind; self.span = span }
}

public enum StatementKind: Sendable {
    /// `open "cohort.db" [writable] [as name]`
    case open(path: StringLiteral, writable: Bool, alias: Name?)
    /// `open postgres "postgresql://user@host:5432/registry" [writable]`: the session's database becomes that server's.
    case openPostgres(url: StringLiteral, writable: Bool)
    /// `import "patients.csv" as patients [replace]`
    /// `import "f.csv" as t [replace] [with na = ".", "unknown"]`
    case importFile(path: StringLiteral, table: Name, replace: Bool, options: [Argument])
    /// `use patients [join other using (id, ...)]...`
    case use(table: Name, joins: [Join])
    /// `define age60 = age > 60`
    case define(name: Name, value: Expr)
    /// `endpoint os = surv(os_years, dead)`; `value` is the `surv(...)` call.
    case endpoint(name: Name, value: Expr)
    /// `cohort lung = [from src] where ...` or `cohort first_lat = first per id order by d [where ...]`
    case cohort(name: Name, definition: CohortDefinition)
    /// `let m = <analysis>`: run it, show it, keep it as `m`.
    case bind(name: Name, analysis: AnalysisStatement)
    /// Any analysis statement on its own.
    case analysis(AnalysisStatement)
    /// `sql "select ... where x = ?", value, ...`
    case sql(query: StringLiteral, arguments: [Expr])
    /// `tables`
    case tables
    /// `schema [table]`
    case schema(table: Name?)
    /// `show name`
    case show(name: Name)
    /// `show m random`: a kept mixed-effects or frailty model's random effects per group.
    case showRandom(name: Name)
    /// `set min_cell = 5`
    case set(name: Name, value: Expr)
    /// `function bmi(w, h) = w / (h * h)`: an expression inlined where it is called.
    case function(name: Name, parameters: [Name], body: Expr)
    /// `procedure report(ep, group, file) ... end`: statements run with the arguments in place of the parameters.
    case procedure(ProcedureDefinition)
    /// `report(os, maxdiam2, "km.svg")`: a procedure call at the start of a statement.
    case call(ProcedureCall)
}

public struct StringLiteral: Hashable, Sendable {
    public var value: String
    public var span: Span
    public init(_ value: String, span: Span) { self.value = value; self.span = span }
}

/// `join other using (a, b)`
public struct Join: Sendable {
    public var table: Name
    public var using: [Name]
    public var span: Span
    public init(table: Name, using: [Name], span: Span) { self.table = table; self.using = using; self.span = span }
}

public struct CohortDefinition: Sendable {
    /// `from src` when the cohort narrows another table or cohort.
    public var source: Name?
    public var filter: Expr?
    /// `first per key order by ...`: keep one row per key value.
    public var firstPer: FirstPer?
    public init(source: Name?, filter: Expr?, firstPer: FirstPer?) {
        self.source = source
        self.filter = filter
        self.firstPer = firstPer
    }
}

public struct FirstPer: Sendable {
    public var key: Expr
    public var orderBy: [OrderItem]
    public init(key: Expr, orderBy: [OrderItem]) { self.key = key; self.orderBy = orderBy }
}

public struct OrderItem: Sendable {
    public var expr: Expr
    public var descending: Bool
    public init(expr: Expr, descending: Bool) { self.expr = expr; self.descending = descending }
}

/// `name = value` inside a call or after `with`; `label` is nil for a positional argument.
public struct Argument: Sendable {
    public var label: Name?
    public var value: Expr
    public init(label: Name?, value: Expr) { self.label = label; self.value = value }
    public var span: Span { label.map { $0.span.merged(with: value.span) } ?? value.span }
}
