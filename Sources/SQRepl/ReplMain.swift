import Foundation
import SQ
import SQSyntax
import SQRender
import SQSyntax

/// How the REPL starts.
public struct ReplConfiguration: Sendable {
    public var quiet: Bool
    public var initFile: String?
    public var format: OutputFormat
    /// ANSI colours in the terminal plot (the host knows whether output is a terminal).
    public var colour: Bool
    public var historyPath: String

    public init(quiet: Bool = false, initFile: String? = nil, format: OutputFormat = .text, colour: Bool = false,
                historyPath: String = (homeDirectory() as NSString).appendingPathComponent(".sq_history")) {
        self.quiet = quiet
        self.initFile = initFile
        self.format = format
        self.colour = colour
        self.historyPath = historyPath
    }
}

/// $HOME when set (so tests and sandboxes can move it), else the account's home.
public func homeDirectory() -> String {
    ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
}

/// What the dot-commands may change.
struct ReplState {
    var format: OutputFormat
    var colour = false
    var timer = false
    /// `.format html`: the page the session's results are collected into.
    var report: ReplReport?
    /// The session's registered analyses, for `.help`.
    var statements = StatementRegistry()
}

/// The REPL's HTML page: results are shown as text and added here, and the
/// file is rewritten after each statement so a browser shows the session so far.
final class ReplReport: @unchecked Sendable {
    let path: String
    var page: HTMLReport

    init(path: String) {
        self.path = path
        page = HTMLReport(title: "SQ session")
    }

    func write(session: Session) {
        page.dataFiles = session.dataFiles
        do { try page.html().write(toFile: path, atomically: true, encoding: .utf8) } catch {
            ReplMain.printError("cannot write \(path): \(error.localizedDescription)\n")
        }
    }
}

/// The interactive loop: read a statement (more lines while the parser says
/// it is unfinished, as Lua's REPL does), run it, print the result or the
/// error with its caret, and go on. Ctrl-C cancels the running statement,
/// Ctrl-D or `.quit` leaves.
public enum ReplMain {
    public static func run(session: Session, configuration: ReplConfiguration) -> Int32 {
        let interrupts = InterruptHandler(session: session)
        defer { interrupts.uninstall() }
        var state = ReplState(format: configuration.format, colour: configuration.colour)
        state.statements = session.statementRegistry
        let reader: LineReader
        if let editor = EditLineReader(historyPath: configuration.historyPath) {
            editor.completer = { word, line in Completion.candidates(for: word, line: line, session: session) }
            reader = editor
        } else {
            reader = PlainLineReader(showPrompt: true)
        }
        if !configuration.quiet {
            print("SQ \(SQVersion.string) — survival analysis with R's numbers. Type .help for help, Ctrl-D to quit.")
        }
        let initFile = configuration.initFile ?? {
            let rc = (homeDirectory() as NSString).appendingPathComponent(".sqrc")
            return FileManager.default.fileExists(atPath: rc) ? rc : nil
        }()
        if let initFile { runFile(initFile, session: session, state: state, interrupts: interrupts) }

        var buffer = ""
        while true {
            let input = reader.read(prompt: buffer.isEmpty ? "sq> " : "...> ")
            guard case .line(let line) = input else {
                if case .interrupted = input {
                    // Ctrl-C at `...>` abandons the unfinished statement, as R and sqlite3 do.
                    buffer = ""
                    continue
                }
                if !buffer.isEmpty { print("") }
                break
            }
            if buffer.isEmpty, let help = StatementHelpCommand.request(in: line) {
                reader.addHistory(line)
                switch StatementHelpCommand.outcome(for: help, registry: state.statements) {
                case .error(let text): printError(text + "\n")
                case .output(let text): print(text)
                default: break
                }
                continue
            }
            if buffer.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(".") {
                reader.addHistory(line)
                let outcome = DotCommand.dispatch(line.trimmingCharacters(in: .whitespaces), state: &state)
                switch outcome {
                case .output(let text): print(text)
                case .error(let text): printError(text + "\n")
                case .run(let source): execute(SourceFile(name: "<repl>", text: source), session: session, state: state, interrupts: interrupts)
                case .read(let file): runFile(file, session: session, state: state, interrupts: interrupts)
                case .quit: return 0
                }
                continue
            }
            // A blank line at `...>` ends the statement: it runs, or its error is shown.
            let blank = !buffer.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty
            buffer += buffer.isEmpty ? line : "\n" + line
            if buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { buffer = ""; continue }
            // Parsed once: the same program says whether the input is complete and is run.
            let file = SourceFile(name: "<repl>", text: buffer)
            let program = file.parse(registry: state.statements)
            if !blank, program.isIncomplete { continue }
            reader.addHistory(buffer)
            execute(file, program: program, session: session, state: state, interrupts: interrupts)
            buffer = ""
        }
        return 0
    }

    static func runFile(_ path: String, session: Session, state: ReplState, interrupts: InterruptHandler) {
        guard let source = try? String(contentsOfFile: (path as NSString).expandingTildeInPath, encoding: .utf8) else {
            printError("cannot read \(path)\n")
            return
        }
        execute(SourceFile(name: path, text: source), session: session, state: state, interrupts: interrupts)
    }

    /// Runs `file`; `program` is its parse when the caller has it already.
    static func execute(_ file: SourceFile, program: Program? = nil, session: Session, state: ReplState,
                        interrupts: InterruptHandler) {
        let renderer = Renderer(format: state.format == .html ? .text : state.format, colour: state.colour)
        let started = ContinuousClock.now
        defer { state.report?.write(session: session) }
        interrupts.running = true
        defer { interrupts.running = false }
        do {
            try session.run(program ?? file.parse(registry: state.statements), in: file) { result in
                state.report?.page.add(result)
                if let text = try? renderer.render(result) { print(text, terminator: state.format == .json ? "" : "\n") }
            }
        } catch let error as SQError {
            state.report?.page.add(error: error.kind == .cancelled ? "cancelled" : error.rendered)
            printError(error.kind == .cancelled ? "cancelled\n" : error.rendered)
        } catch {
            printError("error: \(error)\n")
        }
        if state.timer {
            let elapsed = ContinuousClock.now - started
            print(String(format: "time: %.3f s", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
        }
    }

    static func printError(_ text: String) {
        fflush(nil)  // results first, as they happened (a pipe joins both streams)
        FileHandle.standardError.write(Data(text.utf8))
    }
}
