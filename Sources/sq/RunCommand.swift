import ArgumentParser
import Foundation
import SQ
import SQRender

extension OutputFormat: ExpressibleByArgument {}

/// `sq run FILE.sq [--format text|json|csv|markdown|html] [--param name=value ...]`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run an SQ script.")

    @Argument(help: "The script to run.")
    var file: String

    @Option(name: .long, help: "Output format: text, json (JSON Lines), csv, markdown or html (one self-contained page).")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "After each statement, print on stderr how long it took (as the REPL's .timer): file:line: seconds.")
    var timer = false

    @OptionGroup var arguments: SessionArguments

    func run() throws {
        guard let source = try? String(contentsOfFile: file, encoding: .utf8) else {
            let exists = FileManager.default.fileExists(atPath: file)
            Diagnostics.write("sq: error: \(exists ? "cannot read \(file) as UTF-8 text" : "no such file: \(file)")\n")
            throw ExitCode(exists ? ExitStatus.scriptError : ExitStatus.missingInput)
        }
        let options = try arguments.options(baseDirectory: (file as NSString).deletingLastPathComponent)
        var runner = ScriptRunner(session: try arguments.session(options), renderer: Renderer(format: format, colour: isatty(STDOUT_FILENO) != 0))
        runner.timer = timer
        let status = runner.run(source, name: file)
        if status != 0 { throw ExitCode(status) }
    }
}

/// `sq check FILE.sq`: parse and resolve without running analyses.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Parse and resolve an SQ script without running analyses.")

    @Argument(help: "The script to check.")
    var file: String

    @OptionGroup var arguments: SessionArguments

    func run() throws {
        guard let source = try? String(contentsOfFile: file, encoding: .utf8) else {
            Diagnostics.write("sq: error: no such file: \(file)\n")
            throw ExitCode(ExitStatus.missingInput)
        }
        let session = try arguments.session(try arguments.options(baseDirectory: (file as NSString).deletingLastPathComponent))
        if let error = session.check(source, name: file) {
            Diagnostics.write(error.rendered)
            throw ExitCode(error.kind == .missingInput ? ExitStatus.missingInput : ExitStatus.scriptError)
        }
        print("\(file): ok")
    }
}
