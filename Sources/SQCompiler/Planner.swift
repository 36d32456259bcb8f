import SQSyntax
import SQBackend

/// Turns an analysis statement into an `AnalysisPlan`: resolves the relation
/// (`from` or the current table), lowers the filter, the endpoint and every
/// expression the analysis reads into one data request.
public struct Planner {
    public let catalog: any Catalog
    public let environment: Environment
    public let source: SourceFile
    public let dialect: any SQLDialect

    public init(catalog: any Catalog, environment: Environment, source: SourceFile, dialect: any SQLDialect) {
        self.catalog = catalog
        self.environment = environment
        self.source = source
        self.dialect = dialect
    }

    /// The text of a node as written, without backquotes and without the
    /// whitespace between tokens (`age / 10` is `age/10`, as R names terms);
    /// a backquoted name keeps its own spaces (`` `a b` `` is `a b`).
    func label(_ span: Span) -> String {
        let written = Self.label(span, in: source)
        return displayLabels.isEmpty ? written : displayLabels[written.lowercased()] ?? written
    }

    /// `with labels = true`: column name (lowercased) → its variable label, shown instead of the name.
    public var displayLabels: [String: String] = [:]

    /// The plan rules of registered analyses, by statement word.
    public var registeredPlans: [String: PlanRule] = [:]

    static func label(_ span: Span, in source: SourceFile) -> String {
        var label = ""
        var quoted = false
        for character in source.text(of: span) {
            if character == "`" { quoted.toggle(); continue }
            if character.isWhitespace && !quoted { continue }
            label.append(character)
        }
        return label
    }

    /// `set conf = 0.9` or the session's option; 0.95 otherwise.
    public var confidenceLevel: Double { environment.settings["conf"] ?? 0.95 }

    public func plan(_ written: AnalysisStatement) throws -> AnalysisPlan {
        var plan = try planCall(written)
        // `with pushdown = false` (km, logrank, followup, count, fit cox; the other analyses do not accept it).
        if let option = written.options.last(where: { $0.label?.text.lowercased() == "pushdown" }) {
            plan.pushdown = try OptionReader([option], allowed: ["pushdown"], statement: "").flag("pushdown")
        }
        return plan
    }

    private func planCall(_ written: AnalysisStatement) throws -> AnalysisPlan {
        let statement = try ParameterSubstitution(parameters: environment.parameters).substitute(written)
        let relation = try RelationBuilder(catalog: catalog, environment: environment, dialect: dialect)
            .relation(for: statement.source, at: statement.span)
        let lowering = ExpressionLowering(relation: relation, environment: environment, dialect: dialect)
        let filter = try statement.filter.map(lowering.lowerCondition)
        var request = DataRequest(relation: relation, filter: filter)
        let context = PlanContext(planner: self, lowering: lowering)

        switch statement.analysis {
        case .km(let endpointName, let by, let at):
            let options = try OptionReader(statement.options, allowed: ["conf", "conf_type", "pushdown"], statement: "km")
            let endpoint = try context.endpoint(endpointName, into: &request)
            let groups = try by.map { try context.group($0, into: &request) }
            let times = try at.map { try context.timePoint($0, endpoint: endpointName) }
            return AnalysisPlan(request: request, call: .km(endpoint: endpoint, by: groups, at: times, confidence: try options.confidence(defaultLevel: confidenceLevel)))
        case .logrank(let endpointName, let by):
            let options = try OptionReader(statement.options, allowed: ["strata", "pushdown"], statement: "logrank")
            let endpoint = try context.endpoint(endpointName, into: &request)
            guard !by.isEmpty else {
                throw Diagnostic.error("`logrank` compares groups: add `by <column>`", at: statement.span)
            }
            let groups = try by.map { try context.group($0, into: &request) }
            let strata = try options.value("strata").map { [try context.group($0, into: &request)] } ?? []
            return AnalysisPlan(request: request, call: .logrank(endpoint: endpoint, by: groups, strata: strata))
        case .followup(let endpointName):
            let options = try OptionReader(statement.options, allowed: ["conf", "conf_type", "pushdown"], statement: "followup")
            let endpoint = try context.endpoint(endpointName, into: &request)
            return AnalysisPlan(request: request, call: .followup(endpoint: endpoint, confidence: try options.confidence(defaultLevel: confidenceLevel)))
        case .cox(let endpointName, let terms):
            let options = try OptionReader(statement.options, allowed: ["ties", "conf", "iter", "eps", "variance", "theta", "pushdown", "concordance"], statement: "fit cox")
            let endpoint = try context.endpoint(endpointName, into: &request)
            let model = try context.model(terms, into: &request, endpointColumns: endpoint)
            try Self.checkVarianceOptions(options, model: model)
            return AnalysisPlan(request: request, call: .cox(endpoint: endpoint, model: model, settings: try options.modelSettings(defaultLevel: confidenceLevel)))
        case .each(let endpointName, let terms):
            let options = try OptionReader(statement.options, allowed: ["ties", "conf", "iter", "eps", "multivariable"], statement: "each")
            let endpoint = try context.endpoint(endpointName, into: &request)
            let models = try terms.map { try context.model([$0], into: &request, endpointColumns: endpoint) }
            if try options.flag("multivariable") {
                // A paper's Table 2: the same terms in one model, beside the screen.
                let joint = try context.model(terms, into: &request, endpointColumns: endpoint)
                return AnalysisPlan(request: request, call: .screen(endpoint: endpoint, models: models, joint: joint,
                                                                    settings: try options.modelSettings(defaultLevel: confidenceLevel)))
            }
            return AnalysisPlan(request: request, call: .each(endpoint: endpoint, models: models, settings: try options.modelSettings(defaultLevel: confidenceLevel)))
        case .count(let by):
            _ = try OptionReader(statement.options, allowed: ["pushdown"], statement: "count")
            let groups = try by.map { try context.group($0, into: &request) }
            // One column is always fetched, so rows can be counted without `by`.
            if groups.isEmpty { _ = request.add(SQLFragment(sql: "1", type: .integer), label: "n", kind: .real) }
            return AnalysisPlan(request: request, call: .count(by: groups))
        case .list(let columns, let limit):
            _ = try OptionReader(statement.options, allowed: [], statement: "list")
            let listed = try columns.map { try context.group($0, into: &request) }
            if let limit {
                guard case .number(let n, true) = limit.kind, let rows = WholeNumber.int(n, in: 0...Int(Int32.max)) else {
                    throw Diagnostic.error("`limit` takes a whole number of rows, \(WholeNumber.describe(0...Int(Int32.max)))", at: limit.span)
                }
                request.limit = rows
            }
            return AnalysisPlan(request: request, call: .list(columns: listed))
        case .pool(let arguments):
            let options = try OptionReader(statement.options, allowed: ["method", "transform", "conf"], statement: "pool")
            let columns = try OptionReader(arguments, allowed: ["estimate", "se", "lower", "upper", "label"], statement: "pool")
            func column(_ name: String) throws -> GroupColumn? {
                try columns.value(name).map { try context.group($0, into: &request) }
            }
            guard let estimate = try column("estimate") else {
                throw Diagnostic.error("`pool` needs `estimate = column`", at: statement.span,
                                       hints: ["e.g. `pool estimate = yi, se = sei, label = study with method = reml`"])
            }
            let se = try column("se"), lower = try column("lower"), upper = try column("upper")
            guard se != nil || (lower != nil && upper != nil) else {
                throw Diagnostic.error("`pool` needs `se = column`, or `lower = column, upper = column` (a confidence interval)", at: statement.span)
            }
            let plan = PoolPlan(estimate: estimate, standardError: se, lower: lower, upper: upper, label: try column("label"),
                                method: try options.choice("method", default: PoolMethod.reml),
                                transform: try options.choice("transform", default: PoolTransform.none),
                                conf: try options.number("conf", default: confidenceLevel, in: 0.5...0.9999))
            return AnalysisPlan(request: request, call: .pool(plan))
        case .checkPH, .plotForest, .plotCutpoint, .reconstruct, .poolSurvival:
            throw Diagnostic.error("this statement does not read a cohort", at: statement.span)
        case .plotKM(let endpointName, let by, let path):
            let options = try OptionReader(statement.options, allowed: ["conf", "conf_type"] + OptionReader.kaplanMeierFigureOptions, statement: "plot km")
            let endpoint = try context.endpoint(endpointName, into: &request)
            let groups = try by.map { try context.group($0, into: &request) }
            return AnalysisPlan(request: request, call: .plotKM(endpoint: endpoint, by: groups, path: path?.value,
                                                                 confidence: try options.confidence(defaultLevel: confidenceLevel),
                                                                 style: try options.figureStyle { try context.timePoint($0, endpoint: endpointName).value }))
        case .cutpoint(let endpointName, let variable, let by, let adjust):
            let plan = try context.cutpoint(endpointName, variable: variable, by: by, adjust: adjust, options: statement.options, into: &request)
            return AnalysisPlan(request: request, call: .cutpoint(plan))
        case .interaction(let endpointName, let group, let modifiers, let adjust):
            let plan = try context.interaction(endpointName, group: group, modifiers: modifiers, adjust: adjust,
                                               options: statement.options, into: &request)
            return AnalysisPlan(request: request, call: .interaction(plan))
        case .subgroups(let endpointName, let treatment, let by, let crossed):
            let plan = try context.subgroups(endpointName, treatment: treatment, by: by, crossed: crossed,
                                             options: statement.options, into: &request)
            return AnalysisPlan(request: request, call: .subgroups(plan))
        case .describe(let variables, let by):
            return try describePlan(variables: variables, by: by, statement: statement, request: &request, context: context)
        case .registered(let word, let syntax):
            guard let rule = registeredPlans[word] else {
                throw Diagnostic.error("`\(word)` has no plan in this session", at: statement.span)
            }
            var planning = AnalysisPlanning(statement: statement, request: request, context: context)
            let call = try rule(syntax, &planning)
            return AnalysisPlan(request: planning.request, call: .registered(word: word, call: call))
        }
    }
}
