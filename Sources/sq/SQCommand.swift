import ArgumentParser
import SQ

/// `sq`: the REPL by default; `sq run FILE.sq` and `sq check FILE.sq` for scripts.
@main
struct SQCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sq",
        abstract: "SQ — a survival-analysis query language.",
        discussion: """
        With no subcommand, sq starts the interactive REPL on a terminal, or runs the \
        statements read from standard input when it is not a terminal (sq < script.sq).
        """,
        version: "sq \(SQVersion.string)",
        subcommands: [ReplCommand.self, RunCommand.self, CheckCommand.self],
        defaultSubcommand: ReplCommand.self
    )

    static func main() {
        AllocatorTuning.keepFreedMemory()
        main(nil)
    }
}

/// Exit statuses after sysexits.h, as docs/results.md ("Errors and exit status") lists them.
enum ExitStatus {
    static let scriptError: Int32 = 65   // EX_DATAERR
    static let missingInput: Int32 = 66  // EX_NOINPUT
    static let software: Int32 = 70      // EX_SOFTWARE
}
