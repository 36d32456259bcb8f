/// Where the REPL gets its lines: libedit on a terminal, plain stdin otherwise
/// (the SQLite shell's split). `nil` means end of input.
public protocol LineReader: AnyObject {
    func readLine(prompt: String) -> String?
    func addHistory(_ line: String)
    /// A line, Ctrl-C at the prompt, or the end of input.
    func read(prompt: String) -> LineInput
}

public enum LineInput: Equatable {
    case line(String)
    case interrupted
    case end
}

extension LineReader {
    public func read(prompt: String) -> LineInput { readLine(prompt: prompt).map(LineInput.line) ?? .end }
}

/// Reads standard input without line editing or history.
public final class PlainLineReader: LineReader {
    let showPrompt: Bool
    public init(showPrompt: Bool) { self.showPrompt = showPrompt }

    public func readLine(prompt: String) -> String? {
        if showPrompt { print(prompt, terminator: "") }
        return Swift.readLine(strippingNewline: true)
    }

    public func addHistory(_ line: String) {}
}
