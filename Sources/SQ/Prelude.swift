import Foundation
import SQSyntax

/// `stdlib/prelude.sq`: functions and procedures written in SQ, defined in
/// every session before the first statement (unless `Options.loadsPrelude`
/// is false). Its catalogue — `.help prelude`, docs/stdlib.md — is read from
/// the file's own comments: a `## Title` line opens a section, and the `#`
/// line just above a `function` or `procedure` is that definition's entry.
public enum Prelude {
    /// The name diagnostics and results give the prelude's text.
    public static let fileName = "stdlib/prelude.sq"

    public struct Entry: Sendable, Equatable {
        public enum Kind: String, Sendable { case function, procedure }
        public var section: String
        public var kind: Kind
        /// `age_at(birth_date, on_date)`
        public var signature: String
        public var description: String
    }

    /// Every function and procedure, in the file's order.
    public static var entries: [Entry] { entries(in: source) }

    static func entries(in text: String) -> [Entry] {
        var found: [Entry] = []
        var section = ""
        var comment: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("## ") {
                section = String(line.dropFirst(3))
                comment = nil
            } else if line.hasPrefix("#") {
                comment = line.dropFirst().trimmingCharacters(in: .whitespaces)
            } else if let kind = [Entry.Kind.function, .procedure].first(where: { line.hasPrefix($0.rawValue + " ") }) {
                let head = line.dropFirst(kind.rawValue.count + 1)
                let signature = head.firstIndex(of: ")").map { String(head[...$0]) } ?? String(head)
                found.append(Entry(section: section, kind: kind, signature: signature, description: comment ?? ""))
                comment = nil
            } else {
                comment = nil
            }
        }
        return found
    }

    /// `.help prelude`: one line per definition, by section.
    public static var helpText: String {
        let width = entries.map(\.signature.count).max() ?? 0
        var lines: [String] = []
        for section in sections {
            lines.append(section + ":")
            for entry in entries where entry.section == section {
                lines.append("  " + entry.signature.padding(toLength: width + 2, withPad: " ", startingAt: 0) + entry.description)
            }
            lines.append("")
        }
        lines.append("Functions stand in expressions (`define old = age_group(age)`); procedures stand alone as statements")
        lines.append("(`survival_report(os, maxdiam2, \"km.svg\")`). `sq --no-prelude` starts without them.")
        return lines.joined(separator: "\n")
    }

    /// docs/stdlib.md, generated from the file (a test checks the committed copy).
    public static var markdown: String {
        var out = "# The standard library (`stdlib/prelude.sq`)\n\n"
        out += "<!-- Generated from stdlib/prelude.sq by `SQ_REGENERATE_DOCS=1 swift test --filter PreludeTests`; do not edit. -->\n\n"
        out += "Every session starts by running `stdlib/prelude.sq`, which defines the functions and procedures below "
        out += "in SQ itself. `sq --no-prelude` (or `Session.Options.loadsPrelude = false` when embedding) starts without "
        out += "them; `~/.sqrc` runs after the prelude, so it may redefine any of them. In the REPL, `.help prelude` "
        out += "prints this list.\n\n"
        out += "A function is an expression inlined where it is called (`define old = age_group(age)`); a procedure is a "
        out += "block of statements run with its arguments in place of its parameters (`survival_report(os, size, \"km.svg\")`). "
        out += "See [the language reference](language.md#functions-and-procedures).\n"
        for section in sections {
            out += "\n## \(section)\n\n| | | |\n|---|---|---|\n"
            for entry in entries where entry.section == section {
                let description = entry.description.replacingOccurrences(of: "|", with: "\\|")
                out += "| \(entry.kind.rawValue) | `\(entry.signature)` | \(description) |\n"
            }
        }
        out += "\n## The file\n\n```\n" + source + "\n```\n"
        return out
    }

    static var sections: [String] {
        var seen: [String] = []
        for entry in entries where !seen.contains(entry.section) { seen.append(entry.section) }
        return seen
    }
}

extension Session {
    /// Defines the prelude's functions and procedures in this session.
    func loadPrelude() throws {
        // Parsed per session (a fraction of a millisecond), so the session owns
        // the syntax trees: a process-wide parsed copy is never freed, which
        // LeakSanitizer reports from the fuzzer.
        let file = SourceFile(name: Prelude.fileName, text: Prelude.source)
        let program = file.parse()
        if let first = program.diagnostics.first { throw SQError([first], source: file) }
        remember(file, defining: program)
        for statement in program.statements {
            try execute(statement, file: file, dryRun: false, calls: [], onResult: { _ in })
        }
    }
}
