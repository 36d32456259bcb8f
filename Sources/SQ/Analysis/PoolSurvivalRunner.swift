import Foundation
import SQCompiler
import SQSurvival

/// `pool survival [endpoint] at 1y, 5y from a, b, c`: each table is one study's
/// patients (reconstructed or real); its Kaplan–Meier rate and Greenwood SE at
/// each time are pooled across studies.
extension AnalysisRunner {
    func poolSurvival(_ plan: PoolSurvivalPlan) throws -> StatementResult {
        var rates: [[(label: String, survival: Double, se: Double)]] = Array(repeating: [], count: plan.studies.first?.at.count ?? 0)
        var labels: [String] = []
        var warnings: [Warning] = []
        for study in plan.studies {
            let fetched = try session.backend.fetchColumns(study.request.sql(dialect: session.dialect), kinds: study.request.columns.map(\.kind))
            let data = FetchedColumns(request: study.request, columns: fetched)
            let curves = try strataCurves(data, endpoint: study.endpoint, by: [], confidence: ConfidenceSettings(level: plan.conf, type: .log))
            guard let curve = curves.curves.first else { continue }
            labels = study.at.map(\.label)
            for (i, point) in curve.summary(at: study.at.map(\.value)).enumerated() {
                let se = point.survival * point.standardError
                if se > 0, se.isFinite, point.survival > 0, point.survival < 1 {
                    rates[i].append((study.name, point.survival, se))
                } else {
                    warnings.append("\(study.name) left out at \(study.at[i].label): survival \(String(format: "%.3f", point.survival)) has no usable standard error")
                }
            }
        }
        let z = Normal.quantile(1 - (1 - plan.conf) / 2)
        var pooledTimes: [PooledSurvivalResult.AtTime] = []
        for (i, studyRates) in rates.enumerated() where !studyRates.isEmpty {
            let pooled = try self.pooled(estimates: studyRates.map(\.survival), standardErrors: studyRates.map(\.se), limits: nil,
                                         labels: studyRates.map(\.label), method: plan.method, transform: plan.transform,
                                         conf: plan.conf, z: z)
            pooledTimes.append(PooledSurvivalResult.AtTime(label: labels[i], pool: pooled))
        }
        return result(.poolSurvival(PooledSurvivalResult(endpoint: plan.endpoint, at: pooledTimes)), warnings: warnings)
    }
}
