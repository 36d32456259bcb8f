import SQBackend
import SQSyntax

/// Everything a script has defined so far: the current table, derived columns,
/// endpoints, cohorts, `let` names, parameters and settings. The session owns
/// one and updates it statement by statement; resolution reads it. `child()`
/// opens a nested scope (a procedure's or function's body, a runner's own
/// names): it sees every binding of its parent and shadows them locally.
public struct Environment: Sendable {
    /// The relation analyses read when no `from` is given (`use t [join ...]`).
    public var current: Relation?
    /// `define name = expr`, in definition order.
    public var defines: ScopedTable<Definition> = [:]
    public var defineOrder: [String] = []
    public var endpoints: ScopedTable<EndpointDefinition> = [:]
    public var cohorts: ScopedTable<Relation> = [:]
    /// `let` names and the kind of result each holds ("cox", "km", ...).
    public var bindings: ScopedTable<String> = [:]
    /// `--param name=value`, as text; typed when used (a number if it parses as one).
    public var parameters: [String: String] = [:]
    /// `set name = value`.
    public var settings: ScopedTable<Double> = [:]
    /// `function name(params) = expr`, by lowercased name.
    public var functions: ScopedTable<UserFunction> = [:]

    /// Lowered defines, shared by every copy of this environment (not by a `child()`).
    public var expansions = DefineExpansions()
    private var nextDefineSerial = 1

    public init() {}

    /// A nested scope: the same names, new ones (and shadowing ones) kept in it alone.
    public func child() -> Environment {
        var scope = self
        scope.defines = defines.child()
        scope.endpoints = endpoints.child()
        scope.cohorts = cohorts.child()
        scope.bindings = bindings.child()
        scope.settings = settings.child()
        scope.functions = functions.child()
        // Serial numbers restart from the parent's in every child, so a child
        // keeps its own cache of lowered defines rather than sharing the parent's.
        scope.expansions = DefineExpansions()
        return scope
    }

    public mutating func define(_ definition: Definition) {
        expansions.willDefine(definition.name, replacing: defines[definition.name] != nil)
        if defines[definition.name] == nil { defineOrder.append(definition.name) }
        var numbered = definition
        numbered.serial = nextDefineSerial
        nextDefineSerial += 1
        defines[definition.name] = numbered
    }

    /// Names the user may write where a column is expected, for suggestions.
    func columnCandidates(in relation: Relation?) -> [String] {
        (relation?.columns.map(\.name) ?? []) + defineOrder
    }
}

/// `define name = expr`: an expression over the current table, inlined where used.
/// `factor(x, ref = "a")` marks it categorical with a reference level.
public struct Definition: Sendable {
    public var name: String
    public var expr: Expr
    public var factor: FactorSpec?
    public var span: Span
    /// Set by `Environment.define`: which definition of the name this is.
    public var serial = 0
    /// The text the define was written in, for pointing back at it.
    public var source: SourceFile?
    public init(name: String, expr: Expr, factor: FactorSpec?, span: Span) {
        self.name = name
        self.expr = expr
        self.factor = factor
        self.span = span
    }
}

/// A categorical variable: its reference level when stated (else the first level in sorted order).
public struct FactorSpec: Hashable, Sendable {
    public var reference: String?
    public init(reference: String?) { self.reference = reference }
}

/// A table, a join, or a cohort, lowered once to something that can stand after FROM.
/// Cohorts are snapshots: later `define`s do not change a cohort already defined.
public struct Relation: Sendable {
    public var name: String
    /// SQL that can follow FROM (a quoted table, a join, or a parenthesised subquery with alias).
    public var from: SQLFragment
    public var columns: [ColumnSchema]
    public init(name: String, from: SQLFragment, columns: [ColumnSchema]) {
        self.name = name
        self.from = from
        self.columns = columns
    }

    public func column(named name: String) -> ColumnSchema? {
        columns.first { $0.name == name } ?? columns.first { $0.name.lowercased() == name.lowercased() }
    }
}
