import ArgumentParser
import Foundation
import SQ
import SQRender

extension OutputFormat: ExpressibleByArgument {}

/// `sq run FILE.sq [--format text|json|csv|markdown] [--param name=value ...]`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run an SQ script.")

    @Argument(help: "The script to run.")
    var file: String

    @Option(name: .long, help: "Output format: text, json (JSON Lines), csv or markdown.")
    var format: OutputFormat = .text

    @Option(name: .long, help: "A script parameter for $name, as name=value (repeatable).")
    var param: [String] = []

    @Option(name: .long, help: "Stop any statement that runs longer than this many seconds.")
    var timeLimit: Double?

    func run() throws {
        if let timeLimit, !(timeLimit >= 0 && timeLimit.isFinite) {
            throw ValidationError("--time-limit takes seconds, 0 or more")
        }
        guard let source = try? String(contentsOfFile: file, encoding: .utf8) else {
            let exists = FileManager.default.fileExists(atPath: file)
            Diagnostics.write("sq: error: \(exists ? "cannot read \(file) as UTF-8 text" : "no such file: \(file)")\n")
            throw ExitCode(exists ? ExitStatus.scriptError : ExitStatus.missingInput)
        }
        var options = Session.Options()
        do { options.parameters = try parseParameters(param) } catch {
            throw ValidationError("\(error)")
        }
        options.baseDirectory = (file as NSString).deletingLastPathComponent
        options.timeLimit = timeLimit
        let session = try Session(options: options)
        let status = ScriptRunner(session: session, renderer: Renderer(format: format)).run(source, name: file)
        if status != 0 { throw ExitCode(status) }
    }
}

/// `sq check FILE.sq`: parse and resolve without running analyses.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Parse and resolve an SQ script without running analyses.")

    @Argument(help: "The script to check.")
    var file: String

    @Option(name: .long, help: "A script parameter for $name, as name=value (repeatable).")
    var param: [String] = []

    func run() throws {
        guard let source = try? String(contentsOfFile: file, encoding: .utf8) else {
            Diagnostics.write("sq: error: no such file: \(file)\n")
            throw ExitCode(ExitStatus.missingInput)
        }
        var options = Session.Options()
        options.parameters = (try? parseParameters(param)) ?? [:]
        options.baseDirectory = (file as NSString).deletingLastPathComponent
        let session = try Session(options: options)
        if let error = session.check(source, name: file) {
            Diagnostics.write(error.rendered)
            throw ExitCode(error.kind == .missingInput ? ExitStatus.missingInput : ExitStatus.scriptError)
        }
        print("\(file): ok")
    }
}
