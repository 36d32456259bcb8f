import Foundation
import SQ
import SQRender
import SQSyntax

/// The REPL's dot-commands, in one table that also generates `.help`
/// (as the SQLite shell does).
struct DotCommand: Sendable {
    let name: String
    let arguments: String
    let help: String
    let run: @Sendable (inout ReplState, [String]) -> DotCommandOutcome

    static let all: [DotCommand] = [
        DotCommand(name: ".help", arguments: "[STATEMENT|prelude]", help: "this help, one statement's syntax, options, example and R equivalent, or the prelude's functions and procedures") { state, args in
            guard let word = args.first else { return .output(helpText(state.statements)) }
            return StatementHelpCommand.outcome(for: word, registry: state.statements)
        },
        DotCommand(name: ".tables", arguments: "", help: "list tables, views and cohorts") { _, _ in .run("tables") },
        DotCommand(name: ".schema", arguments: "[TABLE]", help: "columns of a table (the current one by default)") { _, args in
            .run(args.isEmpty ? "schema" : "schema `\(args[0])`")
        },
        DotCommand(name: ".format", arguments: "text|json|csv|markdown|html [FILE]",
                   help: "output format (html: results also go into one page, report.html unless FILE)") { state, args in
            guard let name = args.first, let format = OutputFormat(rawValue: name) else {
                return .error("usage: .format text|json|csv|markdown|html [FILE] (now \(state.format.rawValue))")
            }
            state.format = format
            if format == .html {
                let path = args.dropFirst().first ?? "report.html"
                state.report = ReplReport(path: path)
                return .output("output format: html; every result also goes into \(path), rewritten after each statement")
            }
            state.report = nil
            return .output("output format: \(format.rawValue)")
        },
        DotCommand(name: ".open", arguments: "FILE [writable]", help: "attach a SQLite database (read-only unless writable)") { _, args in
            guard let file = args.first else { return .error("usage: .open FILE [writable]") }
            return .run("open \"\(escape(file))\"" + (args.dropFirst().first == "writable" ? " writable" : ""))
        },
        DotCommand(name: ".read", arguments: "FILE", help: "run the statements in an SQ script") { _, args in
            guard let file = args.first else { return .error("usage: .read FILE.sq") }
            return .read(file)
        },
        DotCommand(name: ".timer", arguments: "on|off", help: "show how long each statement took") { state, args in
            guard let value = args.first, value == "on" || value == "off" else { return .error("usage: .timer on|off") }
            state.timer = value == "on"
            return .output("timer \(value)")
        },
        DotCommand(name: ".quit", arguments: "", help: "leave sq (Ctrl-D does the same)") { _, _ in .quit },
    ]

    static func helpText(_ statements: StatementRegistry = StatementRegistry()) -> String {
        let rows = all.map { ($0.name + ($0.arguments.isEmpty ? "" : " " + $0.arguments), $0.help) }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n")
            + "\n\nStatements end at a newline or `;`; an unfinished one continues on the next line."
            + "\nTab completes keywords and names; Ctrl-R searches the history; Ctrl-C cancels a running statement"
            + "\nor, at the ...> prompt, the unfinished one; a blank line ends it."
            + "\n" + statements.helpIndex
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    /// Runs a line starting with `.`; nil when no command has that name.
    static func dispatch(_ line: String, state: inout ReplState) -> DotCommandOutcome {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let name = words.first, let command = all.first(where: { $0.name == name }) else {
            let suggestion = words.first.flatMap { NameSuggestion.closest(to: $0, in: all.map(\.name)) }
            return .error("unknown command \(words.first ?? line)" + (suggestion.map { "; did you mean \($0)?" } ?? "; type .help"))
        }
        return command.run(&state, Array(words.dropFirst()))
    }
}

enum DotCommandOutcome {
    case output(String)
    case error(String)
    /// SQ source to run as if typed.
    case run(String)
    case read(String)
    case quit
}

