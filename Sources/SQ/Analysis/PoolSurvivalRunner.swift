import Foundation
import SQCompiler
import SQSurvival
import SQSyntax

/// `pool survival [endpoint] at 1y, 5y from a, b, c`: each table is one study's
/// patients (reconstructed or real); its Kaplan–Meier rate and Greenwood SE at
/// each time are pooled across studies.
extension AnalysisRunner {
    func poolSurvival(endpoint: Name?, at times: [Expr], studies: [Name], statement: AnalysisStatement) throws -> StatementResult {
        let options = statement.options
        func word(_ key: String, _ fallback: String) -> String {
            options.last { $0.label?.text.lowercased() == key }.flatMap { option -> String? in
                switch option.value.kind {
                case .identifier(let w), .string(let w): return w.lowercased()
                default: return nil
                }
            } ?? fallback
        }
        // Its own scope: the reconstructed tables' `survival` endpoint stays in this statement.
        var environment = session.environment.child()
        let endpointName: Name
        if let endpoint { endpointName = endpoint } else {
            // Reconstructed tables have columns time and event.
            endpointName = Name("survival", span: statement.span)
            let unit = try options.last { $0.label?.text.lowercased() == "unit" }.map { try EndpointDefinition.parseUnit($0.value) }
            environment.endpoints["survival"] = EndpointDefinition(
                name: "survival", time: Expr(.identifier("time"), span: statement.span),
                event: Expr(.identifier("event"), span: statement.span), start: nil, unit: unit,
                span: statement.span, source: executor.source)
        }
        let method = word("method", "reml"), transform = word("transform", "none")
        guard ["fe", "dl", "reml"].contains(method), ["none", "log", "logit"].contains(transform) else {
            throw Diagnostic.error("`pool survival` takes method = fe | dl | reml and transform = none | log | logit", at: statement.span)
        }
        let conf = environment.settings["conf"] ?? 0.95
        let planner = Planner(catalog: executor.catalog, environment: environment, source: executor.source, dialect: session.dialect)
        var rates: [[(label: String, survival: Double, se: Double)]] = Array(repeating: [], count: times.count)
        var labels: [String] = []
        var warnings: [Warning] = []
        for study in studies {
            let km = AnalysisStatement(analysis: .km(endpoint: endpointName, by: [], at: times), source: study,
                                       filter: nil, options: [], span: statement.span)
            let plan = try planner.plan(km)
            guard case .km(let columns, _, let at, _) = plan.call else { continue }
            let fetched = try session.backend.fetchColumns(plan.request.sql(dialect: session.dialect), kinds: plan.request.columns.map(\.kind))
            let data = CohortData(request: plan.request, columns: fetched)
            let curves = try strataCurves(data, endpoint: columns, by: [], confidence: ConfidenceSettings(level: conf, type: "log"))
            guard let curve = curves.curves.first else { continue }
            labels = at.map(\.label)
            for (i, point) in curve.summary(at: at.map(\.value)).enumerated() {
                let se = point.survival * point.standardError
                if se > 0, se.isFinite, point.survival > 0, point.survival < 1 {
                    rates[i].append((study.text, point.survival, se))
                } else {
                    warnings.append("\(study.text) left out at \(at[i].label): survival \(String(format: "%.3f", point.survival)) has no usable standard error")
                }
            }
        }
        let z = Normal.quantile(1 - (1 - conf) / 2)
        var pooledTimes: [PooledSurvivalResult.AtTime] = []
        for (i, studyRates) in rates.enumerated() where !studyRates.isEmpty {
            let pooled = try self.pooled(estimates: studyRates.map(\.survival), standardErrors: studyRates.map(\.se), limits: nil,
                                         labels: studyRates.map(\.label), method: method, transform: transform, conf: conf, z: z)
            pooledTimes.append(PooledSurvivalResult.AtTime(label: labels[i], pool: pooled))
        }
        return result(.poolSurvival(PooledSurvivalResult(endpoint: endpointName.text, at: pooledTimes)), warnings: warnings)
    }
}
