import ArgumentParser
import Foundation
import SQ
import SQRender
import SQRepl

/// `sq [-q] [--init FILE.sq] [--format F]`: the REPL on a terminal; on a pipe,
/// the statements read from standard input with `sq run`'s exit statuses.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repl", abstract: "Start the interactive REPL (the default).")

    @Flag(name: .shortAndLong, help: "No banner.")
    var quiet = false

    @Option(name: .long, help: "A script to run before the first prompt (default ~/.sqrc when it exists).")
    var initFile: String?

    @Option(name: .long, help: "Output format: text, json, csv or markdown.")
    var format: OutputFormat = .text

    @OptionGroup var arguments: SessionArguments

    func run() throws {
        let session = try arguments.session(try arguments.options())
        // The terminal plot is coloured when standard output is a terminal.
        let colour = isatty(STDOUT_FILENO) != 0
        let renderer = Renderer(format: format, colour: colour)
        if isatty(STDIN_FILENO) == 0 {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let source = String(data: data, encoding: .utf8) else {
                Diagnostics.write("sq: error: standard input is not UTF-8 text\n")
                throw ExitCode(ExitStatus.scriptError)
            }
            let status = ScriptRunner(session: session, renderer: renderer).run(source, name: "<stdin>")
            if status != 0 { throw ExitCode(status) }
            return
        }
        let configuration = ReplConfiguration(quiet: quiet, initFile: initFile, format: format, colour: colour)
        let status = ReplMain.run(session: session, configuration: configuration)
        if status != 0 { throw ExitCode(status) }
    }
}
