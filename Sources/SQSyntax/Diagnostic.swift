import SQText

/// One error or warning, always with a span (PRQL's Error {kind, span, reason, hints}).
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var message: String
    public var span: Span
    /// "did you mean `maxdiam2`?" and similar.
    public var hints: [String]
    /// The input ended where more was expected: the REPL reads another line
    /// instead of reporting (Lua's "<eof>" test).
    public var isUnexpectedEnd: Bool

    public init(_ severity: Severity = .error, _ message: String, at span: Span,
                hints: [String] = [], isUnexpectedEnd: Bool = false) {
        self.severity = severity
        self.message = message
        self.span = span
        self.hints = hints
        self.isUnexpectedEnd = isUnexpectedEnd
    }

    public static func error(_ message: String, at span: Span, hints: [String] = []) -> Diagnostic {
        Diagnostic(.error, message, at: span, hints: hints)
    }

    public var description: String { "\(span.line):\(span.column): \(severity.rawValue): \(message)" }
}

/// A source text with a name, for rendering diagnostics with their line and caret.
public struct SourceFile: Sendable {
    public var name: String
    public var text: String
    /// The id its spans carry (`Parser.parse(file.text, id: file.id)`); new for every file made.
    public let id: SourceID
    public init(name: String, text: String, id: SourceID = .next()) { self.name = name; self.text = text; self.id = id }

    /// Parses the text, its spans marked as this file's (`registry`: the analyses registered beyond the built-in ones).
    public func parse(registry: StatementRegistry = StatementRegistry()) -> Program { Parser.parse(text, id: id, registry: registry) }

    /// The text of 1-based line `number`, without its newline.
    public func line(_ number: Int) -> Substring {
        var current = 1
        var lineStart = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            if current == number { break }
            if text[index] == "\n" {
                current += 1
                lineStart = text.index(after: index)
            }
            index = text.index(after: index)
        }
        guard current == number else { return "" }
        let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
        return text[lineStart..<lineEnd]
    }

    /// The source text a span covers (empty when the span is not in this text).
    public func text(of span: Span) -> Substring {
        let utf8 = Array(text.utf8)
        let start = max(0, min(span.start, utf8.count))
        let end = max(start, min(span.end, utf8.count))
        return Substring(String(decoding: utf8[start..<end], as: UTF8.self))
    }

    /// `file:line:col: error: message`, the source line, a caret under the span, then hints.
    public func render(_ diagnostic: Diagnostic) -> String {
        let span = diagnostic.span
        // Messages quote data values and the source may hold any byte: control
        // characters are shown escaped, and the caret counts their escaped width.
        let shown = { (text: String) in ControlCharacters.escaped(text) }
        var out = "\(shown(name)):\(span.line):\(span.column): \(diagnostic.severity.rawValue): \(shown(diagnostic.message))\n"
        var sourceLine = line(span.line)
        if sourceLine.last == "\r" { sourceLine = sourceLine.dropLast() }
        let before = sourceLine.prefix(max(0, span.column - 1))
        out += "  \(ControlCharacters.escaped(String(sourceLine), keeping: ["\t"]))\n"
        let prefix = before.map { $0 == "\t" ? "\t" : String(repeating: " ", count: shown(String($0)).count) }.joined()
        let lineRemaining = max(1, sourceLine.count - (span.column - 1))
        let marked = String(text(of: span).prefix(min(text(of: span).count, lineRemaining)))
        let width = max(1, shown(marked).count)
        out += "  \(prefix)^\(String(repeating: "~", count: width - 1))\n"
        for hint in diagnostic.hints { out += "  hint: \(shown(hint))\n" }
        return out
    }
}
