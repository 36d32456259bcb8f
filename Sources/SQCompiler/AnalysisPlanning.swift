import SQSyntax

/// A registered analysis's plan rule: reads the syntax its parse rule returned
/// into the statement's data request and returns the call its runner takes.
public typealias PlanRule = @Sendable (any AnalysisSyntax, inout AnalysisPlanning) throws -> any Sendable

/// What a registered analysis's plan rule works with: the statement, the data
/// request it adds columns to, and the planner's helpers for endpoints, `by`
/// columns, `at` times and `with` options (the same ones the built-in analyses use).
public struct AnalysisPlanning {
    /// The statement with its parameters substituted.
    public let statement: AnalysisStatement
    public internal(set) var request: DataRequest
    let context: PlanContext

    /// `set conf = 0.9` or the session's option; 0.95 otherwise.
    public var confidenceLevel: Double { context.planner.confidenceLevel }

    /// The endpoint's time, event (and entry) columns, added to the request.
    public mutating func endpoint(_ name: Name) throws -> EndpointColumns {
        try context.endpoint(name, into: &request)
    }

    /// An expression as a labelled column of the request (`by trt`, `age > 60`).
    public mutating func column(_ expr: Expr) throws -> GroupColumn {
        try context.group(expr, into: &request)
    }

    /// An `at` time in the endpoint's unit.
    public func timePoint(_ expr: Expr, endpoint: Name) throws -> TimePoint {
        try context.timePoint(expr, endpoint: endpoint)
    }

    /// The statement's `with` options, checked against `allowed` (an unknown
    /// name is an error with a did-you-mean hint).
    public func options(allowed: [String]) throws -> OptionReader {
        try OptionReader(statement.options, allowed: allowed, statement: Parser.statementName(statement.analysis))
    }

    /// The text of a node as written (`age/10`), as results label their rows.
    public func label(_ span: Span) -> String { context.planner.label(span) }
}
