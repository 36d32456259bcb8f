/// Help per statement: syntax, options with their defaults, one example and
/// the R equivalent. This table is the one source of `.help km` in the REPL
/// and of the help blocks in docs/language.md (StatementHelpDocsTests checks
/// that the page holds exactly what `markdown` renders; run it with
/// SQ_UPDATE_DOCS=1 to rewrite the blocks after editing here).
public struct StatementHelp: Sendable {
    public struct Option: Sendable {
        public var name: String
        public var values: String
        public var defaultValue: String
        public init(_ name: String, _ values: String, default defaultValue: String) {
            self.name = name
            self.values = values
            self.defaultValue = defaultValue
        }
    }

    public var name: String
    public var syntax: String
    public var summary: String
    public var options: [Option]
    public var example: String
    /// Whether StatementHelpDocsTests runs the example on samples/data/lung.csv (not those
    /// that write or read other files); the page's block only parses (its session is on `pm`).
    public var exampleRuns: Bool
    public var r: String

    public init(name: String, syntax: String, summary: String, options: [Option], example: String, exampleRuns: Bool, r: String) {
        self.name = name
        self.syntax = syntax
        self.summary = summary
        self.options = options
        self.example = example
        self.exampleRuns = exampleRuns
        self.r = r
    }

    public static func lookup(_ word: String) -> StatementHelp? {
        let key = String(word.lowercased().filter { $0 != "`" && $0 != "?" })
        let aliases = ["cox": "fit", "ph": "check", "forest": "plot", "kaplan": "km", "survfit": "km", "coxph": "fit",
                       "survdiff": "logrank", "cox.zph": "check"]
        return all.first { $0.name == (aliases[key] ?? key) }
    }

    /// The REPL's text.
    public var text: String {
        var lines = [syntax, "  " + summary]
        if !options.isEmpty {
            lines.append("options (with name = value, ...):")
            let width = options.map { $0.name.count + $0.defaultValue.count }.max() ?? 0
            for option in options {
                let head = "\(option.name) = \(option.defaultValue)"
                lines.append("  " + head + String(repeating: " ", count: max(2, width + 5 - head.count)) + option.values)
            }
        }
        lines.append("example:")
        lines += example.split(separator: "\n").map { "  " + $0 }
        lines.append("in R:")
        lines.append("  " + r)
        return lines.joined(separator: "\n")
    }

    static let beginMarker = "<!-- help "
    static let endMarker = "<!-- /help -->"

    /// The block in docs/language.md under `### name`.
    public var markdown: String {
        var lines = [Self.beginMarker + name + ": generated from Sources/SQSyntax/StatementHelp.swift -->",
                     "`\(syntax)`: \(summary)", ""]
        if !options.isEmpty {
            lines += ["| option | values | default |", "|---|---|---|"]
            lines += options.map { "| `\($0.name)` | \($0.values) | `\($0.defaultValue)` |" }
            lines.append("")
        }
        lines += ["In R: `\(r)`", "", "```sq-parse", example, "```", Self.endMarker]
        return lines.joined(separator: "\n")
    }

    /// `page` with every help block replaced by the table's current text (blocks found by their markers).
    public static func updating(_ page: String) -> String {
        var out: [String] = []
        var skipping = false
        for line in page.components(separatedBy: "\n") {
            if line.hasPrefix(beginMarker), let entry = lookup(String(line.dropFirst(beginMarker.count).prefix { $0 != ":" })) {
                out.append(entry.markdown)
                skipping = true
                continue
            }
            if skipping {
                if line == endMarker { skipping = false }
                continue
            }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    /// `.help` alone: the statements that have help.
    public static var index: String {
        "Statements (.help NAME or help NAME for one): " + all.map(\.name).joined(separator: ", ")
    }
}
