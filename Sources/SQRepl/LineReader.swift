/// Where the REPL gets its lines: libedit on a terminal, plain stdin otherwise
/// (the SQLite shell's split). `nil` means end of input.
public protocol LineReader: AnyObject {
    func readLine(prompt: String) -> String?
    func addHistory(_ line: String)
}
