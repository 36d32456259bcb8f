import Foundation
import SQSyntax
import SQCompiler
import SQBackend
import SQStore

/// What a `let` name holds: the result, and for models what `check ph` needs.
struct KeptResult {
    var result: StatementResult
    var model: FittedModel?
}

/// Runs one statement against a session: data statements update the
/// environment, analyses are planned, fetched and handed to the engine.
struct StatementExecutor {
    let session: Session
    let source: SourceFile
    let statement: Statement
    /// `sq check`: resolve and plan, fetch nothing.
    let dryRun: Bool

    var line: Int { statement.span.line }
    var text: String { String(source.text(of: statement.span)) }
    var catalog: DatabaseCatalog { DatabaseCatalog(backend: session.backend) }
    var relations: RelationBuilder { RelationBuilder(catalog: catalog, environment: session.environment, dialect: session.dialect) }

    func result(_ value: ResultValue, warnings: [Warning] = []) -> StatementResult {
        StatementResult(line: line, statement: text, value: value, warnings: warnings,
                        minCell: WholeNumber.int(session.environment.settings["min_cell"] ?? 0, in: Self.minCellRange) ?? 0)
    }

    func info(_ message: String, warnings: [Warning] = []) -> StatementResult {
        result(.info(InfoResult(message: message)), warnings: warnings)
    }

    func execute() throws -> StatementResult? {
        switch statement.kind {
        case .open(let path, let writable, let alias):
            return try open(path, writable: writable, alias: alias)
        case .openPostgres(let url, let writable):
            return try openPostgres(url, writable: writable)
        case .importFile(let path, let table, let replace, let options):
            return try importFile(path, table: table, replace: replace, options: options)
        case .use(let table, let joins):
            // A cohort may be used too: later analyses then read its rows by default.
            var relation = try relations.source(table)
            for join in joins { relation = try relations.join(relation, try relations.source(join.table), using: join.using) }
            session.environment.current = relation
            return nil
        case .define(let name, let value):
            let factor = try FactorSpecParsing.factorSpec(of: value)
            if let current = session.environment.current {
                _ = try ExpressionLowering(relation: current, environment: session.environment, dialect: session.dialect).lower(FactorSpecParsing.unwrapFactor(value))
            }
            var definition = Definition(name: name.text, expr: value, factor: factor, span: statement.span)
            definition.source = source
            session.environment.define(definition)
            return nil
        case .endpoint(let name, let value):
            var endpoint = try EndpointDefinition.parse(name: name, value: value)
            endpoint.source = source
            if let current = session.environment.current {
                let lowering = ExpressionLowering(relation: current, environment: session.environment, dialect: session.dialect)
                for expr in [endpoint.time, endpoint.event] + (endpoint.start.map { [$0] } ?? []) { _ = try lowering.lower(expr) }
            }
            session.environment.endpoints[name.text] = endpoint
            return nil
        case .cohort(let name, let definition):
            let relation = try relations.cohort(named: name.text, definition, at: statement.span)
            session.environment.cohorts[name.text] = relation
            if dryRun { return nil }
            let n = try session.backend.rowCount(of: relation.from)
            return info("cohort \(name.text): \(n) rows")
        case .bind(let name, let analysis):
            guard let (value, model) = try AnalysisRunner(executor: self).run(analysis) else {
                // `sq check`: the name is known to later statements (`show m`), though nothing ran.
                if dryRun { session.environment.bindings[name.text] = session.environment.bindings[name.text] ?? "planned" }
                return nil
            }
            let bound = result(value.value, warnings: value.statementWarnings)
            session.kept[name.text] = KeptResult(result: bound, model: model)
            session.environment.bindings[name.text] = bound.value.kind
            if let model { session.lastModel = KeptResult(result: bound, model: model) }
            if Self.hasRandomEffect(bound) { session.lastModel = KeptResult(result: bound, model: nil); session.lastFitKind = nil }
            noteModels(bound, model: model)
            return bound
        case .analysis(let analysis):
            guard let (value, model) = try AnalysisRunner(executor: self).run(analysis) else { return nil }
            if let model { session.lastModel = KeptResult(result: value, model: model) }
            if Self.hasRandomEffect(value) { session.lastModel = KeptResult(result: value, model: nil); session.lastFitKind = nil }
            noteModels(value, model: model)
            return value
        case .sql(let query, let arguments):
            return try rawSQL(query, arguments: arguments)
        case .tables:
            return try tables()
        case .schema(let table):
            return try schema(table)
        case .show(let name):
            if dryRun, session.environment.bindings[name.text] != nil { return nil }
            guard let binding = session.kept[name.text] else {
                throw Diagnostic.error("nothing is kept under `\(name.text)`", at: name.span,
                                       hints: NameSuggestion.hint(for: name.text, in: session.bindingNames)
                                           + ["keep a result with `let \(name.text) = fit cox ...`"])
            }
            return result(binding.result.value, warnings: binding.result.statementWarnings)
        case .showRandom(let name):
            if dryRun, session.environment.bindings[name.text] != nil { return nil }
            return try showRandomEffects(name)
        case .set(let name, let written):
            if try setWord(name, written) { return nil }
            let value = try ParameterSubstitution(parameters: session.environment.parameters).literal(written)
            let number: Double
            switch value.kind {
            case .number(let n, _): number = n
            case .unary(.negate, let inner):
                guard case .number(let n, _) = inner.kind else { fallthrough }
                number = -n
            default: throw Diagnostic.error("`set` takes a number", at: value.span)
            }
            guard ["min_cell", "conf", "time_limit"].contains(name.text.lowercased()) else {
                throw Diagnostic.error("unknown setting `\(name.text)`", at: name.span, hints: ["settings: min_cell, conf, time_limit"])
            }
            switch name.text.lowercased() {
            case "time_limit" where number < 0 || !number.isFinite:
                throw Diagnostic.error("`time_limit` is seconds per statement, 0 for none", at: value.span)
            case "conf" where !(number > 0 && number < 1):
                throw Diagnostic.error("`conf` is a confidence level between 0 and 1, such as 0.95", at: value.span)
            case "min_cell" where WholeNumber.int(number, in: Self.minCellRange) == nil:
                throw Diagnostic.error("`min_cell` is a whole number of patients, \(WholeNumber.describe(Self.minCellRange))", at: value.span)
            case "time_limit" where number > Self.maximumTimeLimit:
                throw Diagnostic.error("`time_limit` is at most \(Int(Self.maximumTimeLimit)) seconds (a year); 0 means none", at: value.span)
            default: break
            }
            session.environment.settings[name.text.lowercased()] = number
            return nil
        case .function(let name, let parameters, let body):
            let function = UserFunction(name: name.text, parameters: parameters.map(\.text), body: body,
                                        span: statement.span, source: source)
            try session.environment.defineFunction(function, nameSpan: name.span)
            return nil
        case .procedure(let definition):
            try session.defineProcedure(definition, source: source)
            return nil
        case .call(let call):
            // Calls run through `Session.execute`, which hands on every result of the body.
            throw Diagnostic.error("`\(call.name.text)(...)` cannot stand here", at: statement.span)
        }
    }

    static let minCellRange = 0...1_000_000_000
    /// Past this a deadline overflows the clock; `0` already means no limit.
    static let maximumTimeLimit = 31_536_000.0

    /// Resolves a path against the script's folder.
    func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") || path.hasPrefix("~") { return (path as NSString).expandingTildeInPath }
        guard let base = session.options.baseDirectory else { return path }
        return (base as NSString).appendingPathComponent(path)
    }

    func requireFile(_ literal: StringLiteral) throws -> String {
        let path = resolvePath(literal.value)
        guard FileManager.default.fileExists(atPath: path) else {
            throw RuntimeError(message: "no such file: \(literal.value)", hints: path == literal.value ? [] : ["looked for \(path)"],
                               kind: .missingInput, span: literal.span)
        }
        if let kind = RegularFile.kind(of: path) {
            throw RuntimeError(message: "\(literal.value) is \(kind); `import`, `open` and `reconstruct` read only regular files",
                               kind: .missingInput, span: literal.span)
        }
        return path
    }
}
