import ArgumentParser
import SQ
import SQRender

/// The session options `sq run`, `sq check` and the REPL share.
struct SessionArguments: ParsableArguments {
    @Option(name: .long, help: "A script parameter for $name, as name=value (repeatable).")
    var param: [String] = []

    @Option(name: .long, help: "Stop any statement that runs longer than this many seconds.")
    var timeLimit: Double?

    @Flag(name: .long, help: "Start without the prelude (stdlib/prelude.sq's functions and procedures).")
    var noPrelude = false

    @Option(name: .long, help: "Run on a PostgreSQL database instead of SQLite: postgresql://user@host:5432/db (read-only; the password from the URL, PGPASSWORD or ~/.pgpass).")
    var postgres: String?

    @Flag(name: .long, help: "With --postgres: open the database writable (PostgreSQL refuses writes otherwise).")
    var writable = false

    func validate() throws {
        if let timeLimit, !(timeLimit >= 0 && timeLimit.isFinite) {
            throw ValidationError("--time-limit takes seconds, 0 or more")
        }
        _ = try parameters()
        if writable && postgres == nil { throw ValidationError("--writable goes with --postgres URL") }
    }

    /// The session the command runs in: on PostgreSQL with `--postgres`, else
    /// SQLite in memory. A connection that fails is a missing input (exit 66),
    /// its message without the password.
    func session(_ options: Session.Options) throws -> Session {
        guard let postgres else { return try Session(options: options) }
        do {
            return try Session(postgres: postgres, writable: writable, options: options)
        } catch {
            Diagnostics.write("sq: error: \(error)\n")
            throw ExitCode(ExitStatus.missingInput)
        }
    }

    func parameters() throws -> [String: String] {
        do { return try parseParameters(param) } catch { throw ValidationError("\(error)") }
    }

    /// Session options from the command line; `baseDirectory` is the script's folder.
    /// Figures go through `ConvertingFigureWriter`, so .pdf, .png and .tiff work.
    func options(baseDirectory: String? = nil) throws -> Session.Options {
        var options = Session.Options()
        options.parameters = try parameters()
        options.timeLimit = timeLimit
        options.loadsPrelude = !noPrelude
        options.baseDirectory = baseDirectory
        options.figureWriter = ConvertingFigureWriter()
        return options
    }
}
