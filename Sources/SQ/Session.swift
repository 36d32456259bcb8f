import Foundation
import SQSyntax
import SQCompiler
import SQStore
import SQPostgres
import SQSurvival

/// An SQ session: a database, the script's definitions so far, and the models
/// it has kept. `sq run`, the REPL and embedding hosts all run source through
/// one of these, so a statement behaves the same everywhere.
///
///     let session = try Session()
///     let results = try session.run("""
///         import "lung.csv" as lung
///         endpoint os = surv(time, status == 2)
///         fit cox os ~ age + sex
///         """)
public final class Session: @unchecked Sendable {
    public struct Options: Sendable {
        /// Default confidence level when a statement gives no `conf`.
        public var confidenceLevel: Double = 0.95
        /// `--param name=value` values for `$name`.
        public var parameters: [String: String] = [:]
        /// Relative paths in `import` and `open` resolve against this folder (the script's); nil = the current directory.
        public var baseDirectory: String?
        /// Seconds a statement may run before it is stopped with a `.timeLimit`
        /// error; nil or 0 = no limit. A script's `set time_limit = s` overrides it.
        public var timeLimit: Double?
        /// Run `stdlib/prelude.sq` when the session starts (its functions and procedures; see docs/stdlib.md).
        public var loadsPrelude = true
        /// Analyses beyond the built-in ones, each one `AnalysisRegistration`
        /// (docs/adding-an-analysis.md); a later one replaces an earlier one with the same word.
        public var analyses: [AnalysisRegistration] = []
        /// Writes `plot ... to "file"`: `SVGFigureWriter` (SVG only, no process)
        /// unless the host installs another, such as SQRender's `ConvertingFigureWriter`.
        public var figureWriter: any FigureWriter = SVGFigureWriter()
        public init() {}
    }

    /// Read from any thread at any time; a new value waits for a running `run`
    /// or `check` to finish, then applies to the statements after it.
    public var options: Options {
        get { stateLock.withLock { storedOptions } }
        set {
            runLock.lock()
            defer { runLock.unlock() }
            stateLock.withLock { storedOptions = newValue }
            apply(newValue)
        }
    }

    private func apply(_ options: Options) {
        environment.parameters = options.parameters
        environment.settings["conf"] = options.confidenceLevel
    }

    /// The database engine: statements go to it, and its dialect is the one the compiler lowers through.
    /// Replaced only by `open postgres`, under the run lock and `stateLock`.
    var backend: any Backend { stateLock.withLock { storedBackend } }
    private var storedBackend: any Backend
    /// How `backend` spells SQL, handed to every planner and relation builder.
    var dialect: any SQLDialect { backend.dialect }
    /// Columnar copies of tables, so statements do not fetch the same columns again.
    let columnCache = ColumnCache()
    /// The risk-set sort of the last Cox fit, for the next fit on the same endpoint and rows.
    var coxSkeleton: CoxRiskSkeleton?
    /// The last Cox fit's columns folded for its data digest (`CoxDataDigest`).
    let coxDigests = CoxDataDigest.Cache()
    var environment = Environment()
    /// The texts whose spans outlive their run (they define names later
    /// statements use), by id: a diagnostic at such a span is shown in its own file.
    var sources: [SourceID: SourceFile] = [:]
    /// `let` names → what they hold.
    var kept: [String: KeptResult] = [:]
    /// `procedure name(...) ... end`, by lowercased name.
    var procedures: [String: Procedure] = [:]
    /// The last Cox model fitted, for `check ph` without a name.
    var lastModel: KeptResult?
    /// Set when the last models fitted came several at once (`each`): a bare `check ph` then refuses.
    var lastFitKind: String?
    /// Held by `run`, `check`, `register` and the options setter: one at a time
    /// touches the environment and the database (recursive, so a result
    /// callback may run more statements).
    private let runLock = NSRecursiveLock()
    /// Guards `storedOptions` and `published`, for short reads from any thread.
    private let stateLock = NSLock()
    private var storedOptions: Options
    /// What the session knows as of the last finished statement, for the public
    /// name lists and `result(named:)`: readable while a `run` goes on elsewhere.
    private var published = Published()
    /// Variable labels and value-label level order per imported table (`Session+Labels.swift`).
    var tableLabels: [String: TableLabels] = [:]
    /// `set output = "report.html"`: where the script asks its HTML report to go (resolved against the script's folder).
    public internal(set) var reportPath: String?
    /// Every data file `import` and `open` read, resolved, in order (for a report's checksums).
    public internal(set) var dataFiles: [String] = []
    private let cancelFlag = CancellationToken()
    private let watchdog = StatementWatchdog()
    /// Raised from a signal handler, where no lock may be taken (an atomic store).
    private let signalFlag = SignalFlag()

    struct Published {
        var currentColumns: [String] = []
        var definedColumns: [String] = []
        var endpointNames: [String] = []
        var cohortNames: [String] = []
        var bindingNames: [String] = []
        var results: [String: StatementResult] = [:]
        var functionNames: [String] = []
        var procedureNames: [String] = []
    }

    /// Copies the names of the environment for other threads; called (under
    /// `runLock`) after every statement and every change outside one.
    func publish() {
        let snapshot = Published(currentColumns: environment.current?.columns.map(\.name) ?? [],
                                 definedColumns: environment.defineOrder,
                                 endpointNames: environment.endpoints.keys.sorted(),
                                 cohortNames: environment.cohorts.keys.sorted(),
                                 bindingNames: kept.keys.sorted(),
                                 results: kept.mapValues(\.result),
                                 functionNames: environment.functions.values.map(\.name).sorted(),
                                 procedureNames: procedures.values.map(\.definition.name.text).sorted())
        stateLock.withLock { published = snapshot }
    }

    /// A session on its own in-memory database.
    public convenience init(options: Options = Options()) throws {
        try self.init(backend: SQLiteBackend(), options: options)
    }

    /// A session whose main database is a file (read-only unless `writable`).
    public convenience init(databasePath: String, writable: Bool = false, options: Options = Options()) throws {
        guard FileManager.default.fileExists(atPath: databasePath) || writable else {
            throw SQError([Diagnostic.error("no such database file: \(databasePath)", at: .none)],
                          source: SourceFile(name: databasePath, text: ""), kind: .missingInput)
        }
        try self.init(backend: SQLiteBackend.connect(to: databasePath, writable: writable), options: options)
    }

    /// A session on a host application's own SQLite connection (`sqlite3 *`), which it keeps owning.
    public convenience init(sharing connection: OpaquePointer, options: Options = Options()) throws {
        try self.init(backend: SQLiteBackend(database: Database(sharing: connection)), options: options)
    }

    /// A session on a PostgreSQL database (`postgresql://user@host:5432/registry`),
    /// read-only unless `writable` (PostgreSQL itself refuses writes). The
    /// password comes from the URL, `PGPASSWORD` or `~/.pgpass`; no message shows it.
    public convenience init(postgres url: String, writable: Bool = false, options: Options = Options()) throws {
        try self.init(backend: PostgresBackend.connect(to: url, writable: writable), options: options)
    }

    /// A session on any backend (SQLite is `SQLiteBackend`; the others implement `Backend`).
    public init(backend: any Backend, options: Options = Options()) throws {
        self.storedBackend = backend
        self.storedOptions = options
        try Self.checkRegistrations(options.analyses)
        apply(options)
        if options.loadsPrelude {
            try loadPrelude()
            publish()
        }
    }

    /// Runs every statement of `source` and returns one result per statement
    /// that produces one. Stops at the first error and throws it.
    @discardableResult
    public func run(_ source: String, name: String = "<input>") throws -> [StatementResult] {
        var results: [StatementResult] = []
        try run(source, name: name) { results.append($0) }
        return results
    }

    /// Runs `source`, handing each result over as soon as its statement finishes.
    public func run(_ source: String, name: String = "<input>", onResult: (StatementResult) -> Void,
                    onTimed: ((Statement, Duration) -> Void)? = nil) throws {
        let file = SourceFile(name: name, text: source)
        try run(file.parse(registry: statementRegistry), in: file, onResult: onResult, onTimed: onTimed)
    }

    /// Runs `program`, parsed from `file` by the caller (`file.parse(registry: session.statementRegistry)`): a REPL
    /// that parsed the input to see whether it is complete runs what it parsed. `onTimed`, when given, has each
    /// statement that finished and how long it took end to end (what `sq run --timer` prints).
    public func run(_ program: Program, in file: SourceFile, onResult: (StatementResult) -> Void,
                    onTimed: ((Statement, Duration) -> Void)? = nil) throws {
        runLock.lock()
        defer { runLock.unlock() }
        cancelFlag.reset()
        signalFlag.lower()
        if !program.diagnostics.isEmpty { throw SQError(program.diagnostics, source: file) }
        remember(file, defining: program)
        defer { publish() }
        for statement in program.statements {
            if isCancelled { throw SQError([Diagnostic.error("cancelled", at: statement.span)], source: file, kind: .cancelled) }
            let limit = environment.settings["time_limit"] ?? options.timeLimit ?? 0
            if limit > 0 { watchdog.arm(seconds: limit) { [weak self] in self?.cancel() } }
            do {
                let started = ContinuousClock.now
                var rendering = Duration.zero
                try execute(statement, file: file, dryRun: false, calls: []) { result in
                    // A callback sees the names as of this result (a procedure hands on several).
                    publish()
                    let handed = ContinuousClock.now
                    onResult(result)
                    rendering += ContinuousClock.now - handed
                }
                if watchdog.disarm() { cancelFlag.reset() }
                publish()
                // The statement's own time: printing its results is the caller's.
                onTimed?(statement, ContinuousClock.now - started - rendering)
            } catch where watchdog.disarm() {
                let seconds = String(format: "%g", limit)
                throw SQError([Diagnostic.error("the statement ran longer than its time limit of \(seconds) s and was stopped",
                                                at: statement.span,
                                                hints: ["raise the limit with `set time_limit = \(String(format: "%g", limit * 10))` (seconds), or `set time_limit = 0` for none"])],
                              source: file, kind: .timeLimit)
            } catch where isCancelled {
                // An interrupted catalog lookup reads as "unknown table": the cause is the cancel.
                throw SQError([Diagnostic.error("cancelled", at: statement.span)], source: file, kind: .cancelled)
            } catch {
                throw sqError(error, statement: statement, file: file)
            }
        }
    }

    /// Keeps `file` for later diagnostics when it defines something a later
    /// statement may use (an endpoint, a define, a cohort, a function, a procedure).
    func remember(_ file: SourceFile, defining program: Program) {
        let defines = program.statements.contains { statement in
            switch statement.kind {
            case .define, .endpoint, .cohort, .function, .procedure: return true
            default: return false
            }
        }
        if defines { sources[file.id] = file }
    }

    /// The file a span is in: its own when the session knows it, else `file`.
    func file(of span: Span, else file: SourceFile) -> SourceFile {
        span.source == file.id ? file : sources[span.source] ?? file
    }

    /// Any error from running `statement` as the SQError a caller sees, at its place in its file.
    func sqError(_ error: any Error, statement: Statement, file: SourceFile) -> SQError {
        switch error {
        case let diagnostic as Diagnostic:
            return SQError([diagnostic], source: self.file(of: diagnostic.span, else: file))
        case let error as RuntimeError:
            let kind: SQError.Kind = isCancelled ? .cancelled : error.kind
            let span = error.span ?? statement.span
            return SQError([Diagnostic.error(error.message, at: span, hints: error.hints)],
                           source: self.file(of: span, else: file), kind: kind)
        case let error as StoreError:
            let kind: SQError.Kind = isCancelled ? .cancelled : (error.isFileNotFound ? .missingInput : .script)
            return SQError([SQLiteLimit.diagnostic(for: error, at: statement.span)], source: file, kind: kind)
        case let error as SQError:
            return error
        case let error as SurvivalError:
            let kind: SQError.Kind = isCancelled || error == .cancelled ? .cancelled : .script
            return SQError([Diagnostic.error(error.description, at: statement.span)], source: file, kind: kind)
        default:
            return SQError([Diagnostic.error("\(error)", at: statement.span)], source: file)
        }
    }

    /// Parses and resolves `source` without running analyses (`sq check`):
    /// nil when it is fine, else every error found. Data statements (import,
    /// open, define, ...) still run, so later names resolve.
    public func check(_ source: String, name: String = "<input>") -> SQError? {
        let file = SourceFile(name: name, text: source)
        let diagnostics = checkDiagnostics(source, file: file)
        return diagnostics.isEmpty ? nil : SQError(diagnostics, source: file)
    }

    func checkDiagnostics(_ source: String, file: SourceFile) -> [Diagnostic] {
        runLock.lock()
        defer { runLock.unlock() }
        let program = file.parse(registry: statementRegistry)
        if !program.diagnostics.isEmpty { return program.diagnostics }
        remember(file, defining: program)
        defer { publish() }
        var found: [Diagnostic] = []
        for statement in program.statements {
            do {
                try execute(statement, file: file, dryRun: true, calls: [], onResult: { _ in })
            } catch {
                switch error {
                case let diagnostic as Diagnostic: found.append(diagnostic)
                case let error as SQError: found += error.diagnostics
                case let error as RuntimeError:
                    found.append(Diagnostic.error(error.message, at: error.span ?? statement.span, hints: error.hints))
                default: found.append(Diagnostic.error("\(error)", at: statement.span))
                }
                // An analysis names nothing later statements use, so checking goes
                // on after it; after a failed import, define, endpoint, cohort or
                // `let`, later errors would only echo this one.
                guard case .analysis = statement.kind else { return found }
            }
        }
        return found
    }

    /// Stops the running statement (from any thread or task): the backend is
    /// interrupted and the engine's loops see the flag.
    public func cancel() {
        cancelFlag.cancel()
        backend.interrupt()
    }

    /// For a SIGINT handler (the REPL's Ctrl-C): no locks, no allocation; only
    /// the backend's signal-safe interrupt (SQLite's sqlite3_interrupt).
    public func cancelFromSignalHandler() {
        signalFlag.raise()
        // No lock in a signal handler: the backend is read as it stands (it changes only by `open postgres`).
        storedBackend.interruptFromSignalHandler()
    }

    /// Makes `backend` the session's database (`open postgres`; called under the
    /// run lock): what was in use and the cohorts built on the old one are
    /// forgotten, since their tables are not in the new database.
    func replaceBackend(with backend: any Backend) {
        let old = stateLock.withLock { () -> any Backend in
            let old = storedBackend
            storedBackend = backend
            return old
        }
        old.close()
        environment.current = nil
        environment.cohorts = [:]
        columnCache.invalidateAll()
        coxSkeleton = nil
    }

    func withRunLock<T>(_ body: () throws -> T) rethrows -> T {
        runLock.lock()
        defer { runLock.unlock() }
        return try body()
    }

    var isCancelled: Bool { cancelFlag.isCancelled || signalFlag.isRaised }

    /// A result kept with `let`, by name.
    public func result(named name: String) -> StatementResult? { stateLock.withLock { published.results[name] } }

    // MARK: what the session knows, for completion and inspection
    // Safe from any thread: as of the last statement that finished (a snapshot),
    // never blocking on a running statement; `tableNames` asks the database, so
    // it waits while the database's lock is held (through an import or a query).

    public var tableNames: [String] { DatabaseCatalog(backend: backend).tableNames() }
    public var currentColumns: [String] { stateLock.withLock { published.currentColumns } }
    public var definedColumns: [String] { stateLock.withLock { published.definedColumns } }
    public var endpointNames: [String] { stateLock.withLock { published.endpointNames } }
    public var cohortNames: [String] { stateLock.withLock { published.cohortNames } }
    public var bindingNames: [String] { stateLock.withLock { published.bindingNames } }
    public var functionNames: [String] { stateLock.withLock { published.functionNames } }
    public var procedureNames: [String] { stateLock.withLock { published.procedureNames } }
}

extension Session {
    /// True when `source` stops inside an unfinished statement, so a REPL should
    /// read another line (the parser's unexpected-end-of-input, as Lua does).
    public func isIncomplete(_ source: String) -> Bool {
        Parser.parse(source, registry: statementRegistry).isIncomplete
    }
}
