import SQSyntax

/// An option whose value is one of a few words (`ties = efron`), read into its
/// own type by `OptionReader.choice`, so no later stage compares option text.
public protocol OptionChoice: Sendable, Equatable {
    /// The words accepted, in the order messages list them, each with the value
    /// it means (an alias maps to the same value: `fixed` is `fe`).
    static var spellings: [(word: String, value: Self)] { get }
}

/// `ties = efron | breslow` (coxph's `ties`).
public enum TieMethod: String, OptionChoice, CaseIterable {
    case efron, breslow
    public static let spellings: [(word: String, value: TieMethod)] = allCases.map { ($0.rawValue, $0) }
}

/// `conf_type = log | log-log | plain` (survfit's `conf.type`); `loglog` is read as `log-log`.
public enum ConfidenceScale: String, OptionChoice {
    case log, logLog = "log-log", plain
    public static let spellings: [(word: String, value: ConfidenceScale)] = [
        ("log", .log), ("log-log", .logLog), ("loglog", .logLog), ("plain", .plain),
    ]
}

/// `method = fe | dl | reml` of `pool` (metafor's `method`); `fixed` is read as `fe`.
public enum PoolMethod: String, OptionChoice {
    case fixedEffect = "fe", derSimonianLaird = "dl", reml
    public static let spellings: [(word: String, value: PoolMethod)] = [
        ("fe", .fixedEffect), ("fixed", .fixedEffect), ("dl", .derSimonianLaird), ("reml", .reml),
    ]
}

/// `transform = none | log | logit` of `pool`: the scale the estimates are pooled on.
public enum PoolTransform: String, OptionChoice, CaseIterable {
    case none, log, logit
    public static let spellings: [(word: String, value: PoolTransform)] = allCases.map { ($0.rawValue, $0) }
}

extension OptionReader {
    /// A word option read into its type; a word it does not know is an error
    /// that lists the words and suggests the closest.
    public func choice<Choice: OptionChoice>(_ name: String, default fallback: Choice) throws -> Choice {
        guard let expr = value(name) else { return fallback }
        let written = Self.word(expr)
        if let written, let found = Choice.spellings.first(where: { $0.word == written }) { return found.value }
        let words = Choice.spellings.map(\.word)
        throw Diagnostic.error("`\(name)` must be one of \(words.joined(separator: ", "))", at: expr.span,
                               hints: written.map { NameSuggestion.hint(for: $0, in: words) } ?? [])
    }
}
