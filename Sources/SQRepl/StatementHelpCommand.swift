import SQ
import SQSyntax

/// `.help km`, `help km` and R's `?km`: one statement's syntax, options with
/// defaults, an example and the R equivalent, from StatementHelpTable.swift (the
/// table docs/language.md is generated from).
enum StatementHelpCommand {
    /// The statement asked about, when the line is `help [word]` or `?word`
    /// (`""` for `help` alone). `help` is not an SQ statement, so no script is shadowed.
    static func request(in line: String) -> String? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first else { return nil }
        if first.lowercased() == "help", words.count <= 2 { return words.count == 2 ? words[1] : "" }
        if first == "?", words.count == 2 { return words[1] }
        if first.hasPrefix("?"), first.count > 1, words.count == 1 { return String(first.dropFirst()) }
        return nil
    }

    static func outcome(for word: String, registry: StatementRegistry = StatementRegistry()) -> DotCommandOutcome {
        if word.isEmpty { return .output(DotCommand.helpText(registry)) }
        // `.help prelude`: the functions and procedures of stdlib/prelude.sq, from its comments.
        if word.lowercased() == "prelude" { return .output(Prelude.helpText) }
        if let entry = registry.help(for: word) { return .output(entry.text) }
        let suggestion = NameSuggestion.closest(to: word.lowercased(), in: registry.help.map(\.name))
        return .error("no help for `\(word)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? "") + "\n" + registry.helpIndex)
    }
}
