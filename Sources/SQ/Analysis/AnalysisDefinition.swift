import SQSyntax
import SQCompiler

/// One analysis statement, whole: its word, its parse rule, its help entry,
/// its plan, its runner and its result type. Register it with
/// `Session.Options.analyses` (docs/adding-an-analysis.md walks through one);
/// the parser, the planner, the runner, the renderers, `.help` and completion
/// then know it, and nothing else needs an edit.
public protocol AnalysisDefinition: Sendable {
    /// What the parse rule reads after the word.
    associatedtype Syntax: AnalysisSyntax
    /// What the plan hands the runner: request columns and settings, already checked.
    associatedtype Call: Sendable
    associatedtype Output: AnalysisResult

    /// The statement word (`count_events`); it starts a statement and may follow `let m =`.
    var word: String { get }
    /// `.help word`; its options also complete after `with`.
    var help: StatementHelp? { get }
    /// An empty cohort is an answer (as for `count`) rather than an error. False unless given.
    var acceptsEmptyCohort: Bool { get }

    /// Reads what follows the word (the parser has read the word; it reads
    /// `from`, `where` and `with` after this rule returns).
    func parse(_ parser: inout Parser) throws -> Syntax
    /// Resolves the syntax: adds the columns it needs to the data request and
    /// reads its `with` options into typed values.
    func plan(_ syntax: Syntax, _ planning: inout AnalysisPlanning) throws -> Call
    /// Runs the analysis on the fetched rows.
    func run(_ call: Call, _ input: inout AnalysisInput) throws -> Output
}

extension AnalysisDefinition {
    public var acceptsEmptyCohort: Bool { false }
}

/// An `AnalysisDefinition` with its types erased, as a session keeps it.
public struct AnalysisRegistration: Sendable {
    public let word: String
    public let help: StatementHelp?
    let acceptsEmptyCohort: Bool
    let rule: StatementRule
    let plan: PlanRule
    let run: @Sendable (any Sendable, inout AnalysisInput) throws -> any AnalysisResult

    public init<Definition: AnalysisDefinition>(_ definition: Definition) {
        let word = definition.word.lowercased()
        self.word = word
        help = definition.help
        acceptsEmptyCohort = definition.acceptsEmptyCohort
        rule = StatementRule(word: word, help: definition.help) { parser in try definition.parse(&parser) }
        plan = { syntax, planning in
            guard let syntax = syntax as? Definition.Syntax else {
                throw Diagnostic.error("`\(word)` was parsed by another rule", at: planning.statement.span)
            }
            return try definition.plan(syntax, &planning)
        }
        run = { call, input in
            guard let call = call as? Definition.Call else {
                throw RuntimeError(message: "`\(word)` was planned by another rule")
            }
            return try definition.run(call, &input)
        }
    }
}

extension Session {
    /// A registered word must be one SQ does not already read as a statement of its own.
    static func checkRegistrations(_ analyses: [AnalysisRegistration]) throws {
        for registration in analyses where !Parser.canNameProcedure(registration.word) {
            let message = Keywords.statements.contains(registration.word)
                ? "`\(registration.word)` is a statement of SQ's own and cannot be registered again"
                : "`\(registration.word)` is an R function SQ answers with its own spelling and cannot be registered"
            throw SQError([Diagnostic.error(message, at: .none)], source: SourceFile(name: "Session.Options.analyses", text: ""))
        }
    }

    /// The registered analyses' words and parse rules, for the parser, `.help` and completion.
    public var statementRegistry: StatementRegistry {
        StatementRegistry(options.analyses.map(\.rule))
    }

    func registration(for word: String) -> AnalysisRegistration? {
        options.analyses.last { $0.word == word }
    }

    var registeredPlans: [String: PlanRule] {
        Dictionary(options.analyses.map { ($0.word, $0.plan) }, uniquingKeysWith: { _, last in last })
    }
}
