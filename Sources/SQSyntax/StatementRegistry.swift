/// What a registered analysis's parse rule returns: the words after the
/// statement word, as the analysis reads them. The tree holds it as
/// `Analysis.registered`; only the analysis's own plan looks inside.
public protocol AnalysisSyntax: Sendable {
    /// The syntax with every `$name` where a literal stands replaced (`at $t`,
    /// `limit $n`); the planner calls it before planning. Most syntax has no
    /// such place and returns itself.
    func substitutingParameters(_ literal: (Expr) throws -> Expr) throws -> Self
}

extension AnalysisSyntax {
    public func substitutingParameters(_ literal: (Expr) throws -> Expr) throws -> Self { self }
}

/// One registered analysis statement as the parser sees it: its word, the rule
/// that reads what follows the word (the trailing `from`, `where` and `with`
/// are read by the parser, as for every analysis), and its `.help` entry.
public struct StatementRule: Sendable {
    public var word: String
    public var parse: @Sendable (inout Parser) throws -> any AnalysisSyntax
    public var help: StatementHelp?

    public init(word: String, help: StatementHelp?, parse: @escaping @Sendable (inout Parser) throws -> any AnalysisSyntax) {
        self.word = word.lowercased()
        self.parse = parse
        self.help = help
    }
}

/// The analysis statements a session knows beyond the built-in ones, by word
/// (the SQLite shell's dot-command table is the model: one entry per
/// statement, from which parsing, `.help`, completion and the did-you-mean
/// hints follow).
public struct StatementRegistry: Sendable {
    public private(set) var rules: [StatementRule] = []

    public init(_ rules: [StatementRule] = []) {
        for rule in rules { add(rule) }
    }

    /// Adds `rule`, replacing an earlier one for the same word.
    public mutating func add(_ rule: StatementRule) {
        rules.removeAll { $0.word == rule.word }
        rules.append(rule)
    }

    public func rule(for word: String) -> StatementRule? {
        rules.first { $0.word == word.lowercased() }
    }

    /// Every statement word: the built-in ones, then the registered ones.
    public var statementWords: [String] {
        Keywords.statements + rules.map(\.word).filter { !Keywords.statements.contains($0) }
    }

    /// Every `.help` entry: the built-in table, then the registered analyses'.
    public var help: [StatementHelp] {
        StatementHelp.all + rules.compactMap(\.help).filter { entry in !StatementHelp.all.contains { $0.name == entry.name } }
    }

    /// The entry for `.help word`: the built-in table (with its aliases), then the registrations.
    public func help(for word: String) -> StatementHelp? {
        StatementHelp.lookup(word) ?? rule(for: word)?.help
    }

    /// The words an endpoint follows (`km`, `fit cox`, a registered `count_events`),
    /// read from the help entries' syntax, for completion.
    public var endpointWords: Set<String> {
        Set(help.compactMap { entry in
            let words = entry.syntax.split(separator: " ")
            guard let at = words.firstIndex(of: "endpoint"), at > 0 else { return nil }
            return String(words[at - 1])
        })
    }

    /// `.help` alone: the statements that have help.
    public var helpIndex: String {
        "Statements (.help NAME or help NAME for one): " + help.map(\.name).joined(separator: ", ")
    }
}
