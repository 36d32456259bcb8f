import SQSyntax

/// The plan of any analysis statement. Most read the cohort — one data request
/// and an engine call (`AnalysisPlan`) — and the rest read what the session
/// keeps (a model for `check ph`, a result for `plot forest`), files
/// (`reconstruct`), or one request per study (`pool survival`). Every
/// statement is planned here, so the runner never builds a statement of its own.
public enum PlannedAnalysis: Sendable {
    case cohort(AnalysisPlan)
    /// `check ph [m]`: the kept model `m`, or the last single Cox model.
    case checkPH(model: Name?)
    /// `plot forest m [to "file"]`: a kept Cox, `each`, `pool` or `subgroups` result.
    case plotForest(result: Name, path: String?, style: PlotStyle)
    /// `plot cutpoint c to "file"`: the scan of a kept `cutpoint` result.
    case plotCutpoint(result: Name, path: String?)
    case reconstruct(ReconstructPlan)
    case poolSurvival(PoolSurvivalPlan)
}

/// `reconstruct ipd from "curve.csv" with atrisk = "atrisk.csv" [, events = E] [, total = N] as t`.
public struct ReconstructPlan: Sendable {
    public var curve: StringLiteral
    public var atRisk: StringLiteral
    public var events: Int?
    public var total: Int?
    public var table: Name

    /// Patients a reconstruction may rebuild (each is a row of the new table).
    public static let maximumPatients = 10_000_000
}

/// `pool survival [endpoint] at 1y, 5y from a, b, c`: each study's Kaplan–Meier
/// request, and how the rates are pooled per time.
public struct PoolSurvivalPlan: Sendable {
    public struct Study: Sendable {
        public var name: String
        public var request: DataRequest
        public var endpoint: EndpointColumns
        public var at: [TimePoint]
    }

    public var endpoint: String
    public var studies: [Study]
    public var method: PoolMethod
    public var transform: PoolTransform
    public var conf: Double
}

extension Planner {
    /// The plan of `written`, whatever it reads.
    public func planStatement(_ written: AnalysisStatement) throws -> PlannedAnalysis {
        switch written.analysis {
        case .checkPH(let model):
            _ = try OptionReader(written.options, allowed: [], statement: "check ph")
            return .checkPH(model: model)
        case .plotForest(let model, let path):
            return .plotForest(result: model, path: path?.value, style: try ForestOptions.read(written.options))
        case .plotCutpoint(let result, let path):
            _ = try OptionReader(written.options, allowed: [], statement: "plot cutpoint")
            return .plotCutpoint(result: result, path: path?.value)
        case .reconstruct(let curve, let table):
            return .reconstruct(try reconstructPlan(curve: curve, table: table, options: written.options))
        case .poolSurvival:
            let statement = try ParameterSubstitution(parameters: environment.parameters).substitute(written)
            guard case .poolSurvival(let endpoint, let at, let studies) = statement.analysis else { return .cohort(try plan(written)) }
            return .poolSurvival(try poolSurvivalPlan(endpoint: endpoint, at: at, studies: studies, statement: statement))
        default:
            return .cohort(try plan(written))
        }
    }

    /// True for the statements whose plan reads the cohort in use (`from`, `where`).
    public static func readsCohort(_ analysis: Analysis) -> Bool {
        switch analysis {
        case .checkPH, .plotForest, .plotCutpoint, .reconstruct, .poolSurvival: return false
        default: return true
        }
    }

    func reconstructPlan(curve: StringLiteral, table: Name, options written: [Argument]) throws -> ReconstructPlan {
        let options = try OptionReader(written, allowed: ["atrisk", "events", "total"], statement: "reconstruct")
        var atRisk: StringLiteral?
        var events: Int?, total: Int?
        let limit = 0...ReconstructPlan.maximumPatients
        for option in options.arguments {
            guard let label = option.label?.text.lowercased() else { continue }
            switch (label, option.value.kind) {
            case ("atrisk", .string(let path)): atRisk = StringLiteral(path, span: option.value.span)
            case ("events", .number(let n, true)), ("total", .number(let n, true)):
                guard let count = WholeNumber.int(n, in: limit) else {
                    throw Diagnostic.error("`\(label)` is a whole number of patients, \(WholeNumber.describe(limit))", at: option.value.span)
                }
                if label == "events" { events = count } else { total = count }
            default:
                throw Diagnostic.error("`reconstruct` takes atrisk = \"file.csv\", events = N and total = N", at: option.span)
            }
        }
        guard let atRisk else {
            throw Diagnostic.error("`reconstruct` needs the number-at-risk table: `with atrisk = \"atrisk.csv\"`", at: curve.span)
        }
        return ReconstructPlan(curve: curve, atRisk: atRisk, events: events, total: total, table: table)
    }

    func poolSurvivalPlan(endpoint: Name?, at times: [Expr], studies: [Name], statement: AnalysisStatement) throws -> PoolSurvivalPlan {
        let options = try OptionReader(statement.options, allowed: ["method", "transform", "unit"], statement: "pool survival")
        // Its own scope: the reconstructed tables' `survival` endpoint stays in this statement.
        var environment = self.environment.child()
        let endpointName: Name
        if let endpoint { endpointName = endpoint } else {
            // Reconstructed tables have columns time and event.
            endpointName = Name("survival", span: statement.span)
            let unit = try options.value("unit").map(EndpointDefinition.parseUnit)
            environment.endpoints["survival"] = EndpointDefinition(
                name: "survival", time: Expr(.identifier("time"), span: statement.span),
                event: Expr(.identifier("event"), span: statement.span), start: nil, unit: unit,
                span: statement.span, source: source)
        }
        let method = try options.choice("method", default: PoolMethod.reml)
        let transform = try options.choice("transform", default: PoolTransform.none)
        let planner = Planner(catalog: catalog, environment: environment, source: source, dialect: dialect)
        let relations = RelationBuilder(catalog: catalog, environment: environment, dialect: dialect)
        let planned = try studies.map { study -> PoolSurvivalPlan.Study in
            let relation = try relations.relation(for: study, at: statement.span)
            var request = DataRequest(relation: relation, filter: nil)
            let context = PlanContext(planner: planner, lowering: ExpressionLowering(relation: relation, environment: environment, dialect: dialect))
            let columns = try context.endpoint(endpointName, into: &request)
            let at = try times.map { try context.timePoint($0, endpoint: endpointName) }
            return PoolSurvivalPlan.Study(name: study.text, request: request, endpoint: columns, at: at)
        }
        return PoolSurvivalPlan(endpoint: endpointName.text, studies: planned, method: method, transform: transform, conf: confidenceLevel)
    }
}
