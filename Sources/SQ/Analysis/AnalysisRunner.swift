import SQSyntax
import SQCompiler
import SQBackend
import SQSurvival
import SQPostgres

/// Plans an analysis statement, fetches its data and runs the engine.
struct AnalysisRunner {
    let executor: StatementExecutor
    var session: Session { executor.session }

    func result(_ value: ResultValue, warnings: [Warning] = []) -> StatementResult {
        executor.result(value, warnings: warnings)
    }

    /// The result (nil in a dry run) and, for Cox models, what `check ph` needs later.
    /// `with pushdown = …` means nothing to SQLite, which reads its rows in
    /// place: accepted there (a script runs on either engine) with a note.
    func run(_ statement: AnalysisStatement) throws -> (StatementResult, FittedModel?)? {
        guard var outcome = try runAnalysis(statement) else { return nil }
        if !(session.backend is PostgresBackend), statement.options.contains(where: { $0.label?.text.lowercased() == "pushdown" }) {
            outcome.0.statementWarnings.append("`pushdown` applies on PostgreSQL; SQLite reads the rows where they are, so it was ignored")
        }
        return outcome
    }

    private func runAnalysis(_ statement: AnalysisStatement) throws -> (StatementResult, FittedModel?)? {
        var planner = Planner(catalog: executor.catalog, environment: session.environment, source: executor.source, dialect: session.dialect)
        planner.registeredPlans = session.registeredPlans
        guard Planner.readsCohort(statement.analysis) else {
            // What these read (kept models and results, files, the studies' tables) a dry run does not make.
            if executor.dryRun { return nil }
            return (try run(planner.planStatement(statement), statement: statement), nil)
        }
        var statement = statement
        if try session.wantsLabels(&statement) {
            planner.displayLabels = session.labels(forRelation: statement.source?.text ?? session.environment.current?.name ?? "").variables
        }
        let plan = try planner.plan(statement)
        if executor.dryRun { return nil }
        if case .notImplemented(let feature) = plan.call {
            throw RuntimeError(message: "`\(feature)` is not implemented yet")
        }
        // `fit cox` on PostgreSQL: from the database's sums when it can (CoxPushdownRunner.swift), else rows with a note why.
        var rowsNote: [Warning] = []
        if case .cox(let endpoint, let model, let settings) = plan.call, let postgres = session.backend as? PostgresBackend,
           plan.pushdown != false {
            let pushdown = CoxPushdown(backend: postgres, request: plan.request, endpoint: endpoint, model: model, settings: settings)
            switch try pushdown.run(session: session) {
            case .fitted(let value, let fitted, let notes):
                return (result(.cox(value), warnings: notes), fitted)
            case .fetchRows(let reason):
                rowsNote = [Warning("`fit cox` fetched its rows from PostgreSQL: \(reason) (docs/postgres.md says which models are fitted from the database's sums)",
                                    severity: .note)]
            }
        }
        let columns: [FetchedColumn]
        if let postgres = AggregatedFetch.applies(plan, backend: session.backend) {
            columns = try AggregatedFetch.columns(for: plan.request, on: postgres)
        } else {
            columns = try session.columnCache.columns(for: plan.request, backend: session.backend)
        }
        var data = FetchedColumns(request: plan.request, columns: columns)
        data.declaredLevels = session.declaredLevels(for: plan.request)
        if session.isCancelled { throw SurvivalError.cancelled }
        try requireRows(data, for: plan.call, statement: statement)
        switch plan.call {
        case .km(let endpoint, let by, let at, let confidence):
            return (try kaplanMeier(data, endpoint: endpoint, by: by, at: at, confidence: confidence), nil)
        case .logrank(let endpoint, let by, let strata):
            return (try logRank(data, endpoint: endpoint, by: by, strata: strata), nil)
        case .followup(let endpoint, let confidence):
            return (try followUp(data, endpoint: endpoint, confidence: confidence), nil)
        case .cox(let endpoint, let model, let settings):
            if let frailty = model.frailty {
                let value = try randomEffectCox(data, endpoint: endpoint, model: model, frailty: frailty, settings: settings)
                return (result(.cox(value), warnings: rowsNote), nil)
            }
            let (value, fitted) = try cox(data, endpoint: endpoint, model: model, settings: settings)
            return (result(.cox(value), warnings: rowsNote), fitted)
        case .each(let endpoint, let models, let settings):
            return (try each(data, endpoint: endpoint, models: models, settings: settings), nil)
        case .screen(let endpoint, let models, let joint, let settings):
            return (try screen(data, endpoint: endpoint, models: models, joint: joint, settings: settings), nil)
        case .plotKM(let endpoint, let by, let path, let confidence, let style):
            return (try plotKM(data, endpoint: endpoint, by: by, path: path, confidence: confidence, style: style), nil)
        case .pool(let plan):
            return (try pool(data, plan: plan), nil)
        case .count(let by):
            return (count(data, by: by), nil)
        case .list(let columns):
            let rows = (0..<data.rowCount).map { row in columns.map { data.value($0.column, row) } }
            return (result(.table(TableResult(columns: columns.map(\.label), rows: rows))), nil)
        case .cutpoint(let plan):
            return (try cutpoint(data, plan: plan), nil)
        case .interaction(let plan):
            return (try interaction(data, plan: plan), nil)
        case .subgroups(let plan):
            return (try subgroups(data, plan: plan), nil)
        case .describe(let plan):
            return (try describe(data, plan: plan), nil)
        case .registered(let word, let call):
            guard let registration = session.registration(for: word) else {
                throw RuntimeError(message: "`\(word)` is not registered in this session")
            }
            var input = AnalysisInput(data: data, runner: self)
            let output = try registration.run(call, &input)
            return (result(.registered(output), warnings: input.warnings), nil)
        case .notImplemented:
            return nil
        }
    }

    /// The statements that read what the session keeps, files, or several tables.
    func run(_ planned: PlannedAnalysis, statement: AnalysisStatement) throws -> StatementResult {
        switch planned {
        case .checkPH(let model): return try checkPH(model, at: statement.span)
        case .plotForest(let result, let path, let style): return try plotForest(result, path: path, style: style, statement: statement)
        case .plotCutpoint(let result, let path): return try plotCutpoint(result, path: path, statement: statement)
        case .reconstruct(let plan): return try reconstruct(plan)
        case .poolSurvival(let plan): return try poolSurvival(plan)
        case .cohort:
            throw RuntimeError(message: "`\(Parser.statementName(statement.analysis))` reads the cohort", span: statement.span)
        }
    }

    func count(_ data: FetchedColumns, by: [GroupColumn]) -> StatementResult {
        let all = Array(0..<data.rowCount)
        let (keys, codes) = data.groups(by, rows: all)
        var counts = [Int](repeating: 0, count: keys.count)
        for code in codes { counts[code] += 1 }
        // Exact counts: `set min_cell` hides the small ones where the result is shown.
        let rows: [[Value]] = zip(keys, counts).map { key, n in key + [.integer(Int64(n))] }
        return result(.table(TableResult(title: "count", columns: by.map(\.label) + ["n"], rows: rows, countColumns: ["n"])))
    }

    /// The warning for rows left out because a used column is NULL (R's na.omit).
    static func droppedWarning(_ dropped: Int) -> Warning {
        dropped == 1 ? "1 row with a missing value dropped" : "\(dropped) rows with missing values dropped"
    }

    /// Complete cases for the endpoint plus `extra` columns, and how many rows were dropped.
    func survivalRows(_ data: FetchedColumns, endpoint: EndpointColumns, extra: [Int]) throws -> (rows: [Int], dropped: Int) {
        var used = [endpoint.time, endpoint.event] + extra
        if let start = endpoint.start { used.append(start) }
        let rows = try requireCompleteRows(data, used: used)
        return (rows, data.rowCount - rows.count)
    }

    /// An analysis of an empty cohort is an error that says so, pointing at the
    /// `where` that matched nothing when there is one (`count` and `list` of
    /// nothing are answers, not errors).
    func requireRows(_ data: FetchedColumns, for call: AnalysisCall, statement: AnalysisStatement) throws {
        guard data.rowCount == 0 else { return }
        switch call {
        case .count, .list, .notImplemented: return
        case .registered(let word, _) where session.registration(for: word)?.acceptsEmptyCohort == true: return
        default: break
        }
        let message = "no rows to analyse: the cohort is empty"
        if let filter = statement.filter {
            throw Diagnostic.error(message, at: filter.span, hints: ["no row matches this `where` condition"])
        }
        throw Diagnostic.error(message, at: statement.span)
    }

    /// Rows with no NULL in `used` (R's na.omit); when none is left, an error
    /// that names the columns and how many rows each is missing in.
    func requireCompleteRows(_ data: FetchedColumns, used: [Int]) throws -> [Int] {
        let rows = data.completeRows(used)
        guard rows.isEmpty, data.rowCount > 0 else { return rows }
        let missing = Set(used).sorted().compactMap { column -> String? in
            let count = (0..<data.rowCount).filter { data.isNull(column, $0) }.count
            return count == 0 ? nil : "`\(data.request.columns[column].label)` is missing in \(count) of \(data.rowCount) rows"
        }
        let computed = Set(used).contains { data.request.columns[$0].label.contains("(") }
        throw RuntimeError(message: "no complete rows: every row has a missing value in a column the analysis uses",
                           hints: missing + (computed ? ["a function outside its domain (`log` of 0 or less) gives a missing value"] : []))
    }
}
