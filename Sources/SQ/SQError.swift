import SQSyntax

/// An error from running SQ source: the message, where it happened, the
/// source line, and hints. `rendered` is the full diagnostic as `sq` prints it:
/// `file:line:col: error: message`, the line, a caret, the hints.
public struct SQError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A syntax or resolution error, or bad data for an analysis (exit 65).
        case script
        /// A file the script reads does not exist (exit 66).
        case missingInput
        /// The statement was cancelled.
        case cancelled
        /// The statement ran past the time limit (`set time_limit`, `Options.timeLimit`).
        case timeLimit
    }

    public var kind: Kind
    public var message: String
    public var line: Int
    public var column: Int
    public var sourceLine: String
    public var hints: [String]
    public var rendered: String
    /// Every diagnostic when a parse found several (panic-mode recovery).
    public var diagnostics: [Diagnostic]
    /// When the error is inside a procedure: the calls that led there, innermost first.
    public var calls: [Call] = []

    /// A procedure call on the way to an error.
    public struct Call: Sendable, Equatable {
        public var procedure: String
        public var file: String
        public var line: Int
        public var column: Int
    }

    public var description: String { rendered }

    init(_ diagnostics: [Diagnostic], source: SourceFile, kind: Kind = .script) {
        let first = diagnostics.first ?? Diagnostic.error("unknown error", at: .none)
        self.kind = kind
        self.message = first.message
        self.line = first.span.line
        self.column = first.span.column
        self.sourceLine = String(source.line(first.span.line))
        self.hints = first.hints
        self.rendered = diagnostics.map(source.render).joined()
        self.diagnostics = diagnostics
    }
}

extension SQError {
    /// A misuse of the embedding API (no source position).
    static func api(_ message: String) -> SQError {
        SQError([Diagnostic.error(message, at: .none)], source: SourceFile(name: "<api>", text: ""))
    }
}

/// An error raised while running a statement, before it is given a position.
struct RuntimeError: Error {
    var message: String
    var hints: [String] = []
    var kind: SQError.Kind = .script
    /// Where to point; the statement's span when nil.
    var span: Span?
}
