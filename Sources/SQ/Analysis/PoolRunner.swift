import Foundation
import SQCompiler
import SQSurvival

/// `pool`: one study per row; SEs given, or derived from a CI on the pooling scale.
extension AnalysisRunner {
    func pool(_ data: FetchedColumns, plan: PoolPlan) throws -> StatementResult {
        let used = [plan.estimate, plan.standardError, plan.lower, plan.upper].compactMap { $0?.column }
        let rows = try requireCompleteRows(data, used: used)
        let estimates = data.numbers(plan.estimate.column, rows: rows)
        let labels = plan.label.map { column in rows.map { data.value(column.column, $0).description } }
            ?? rows.indices.map { "study \($0 + 1)" }
        let z = Normal.quantile(1 - (1 - plan.conf) / 2)
        var se: [Double]?
        var limits: (lower: [Double], upper: [Double])?
        if let seColumn = plan.standardError {
            se = data.numbers(seColumn.column, rows: rows)
        } else if let lower = plan.lower, let upper = plan.upper {
            limits = (data.numbers(lower.column, rows: rows), data.numbers(upper.column, rows: rows))
        }
        var value = try pooled(estimates: estimates, standardErrors: se, limits: limits, labels: labels,
                               method: plan.method, transform: plan.transform, conf: plan.conf, z: z)
        value.nDropped = data.rowCount - rows.count
        return result(.pool(value), warnings: value.nDropped > 0 ? [Self.droppedWarning(value.nDropped)] : [])
    }

    /// Pools on the transformed scale: SEs on the natural scale go through the
    /// delta method (SE of T(x) = T′(x)·SE(x)); a CI is taken as symmetric on the
    /// transformed scale. Estimates and limits are reported back on the natural scale.
    func pooled(estimates: [Double], standardErrors: [Double]?, limits: (lower: [Double], upper: [Double])?, labels: [String],
                method name: PoolMethod, transform: PoolTransform, conf: Double, z: Double) throws -> PoolResult {
        let (forward, back): ((Double) -> Double, (Double) -> Double)
        switch transform {
        case .log: (forward, back) = ({ log($0) }, { exp($0) })
        case .logit: (forward, back) = ({ log($0 / (1 - $0)) }, { 1 / (1 + exp(-$0)) })
        case .none: (forward, back) = ({ $0 }, { $0 })
        }
        if transform != .none, let bad = estimates.first(where: { !(forward($0).isFinite) }) {
            throw RuntimeError(message: "an estimate of \(bad) is outside the range of the \(transform) transform")
        }
        let y = estimates.map(forward)
        let se: [Double]
        if let given = standardErrors {
            se = zip(given, estimates).map { s, x in
                switch transform {
                case .log: return s / x
                case .logit: return s / (x * (1 - x))
                case .none: return s
                }
            }
        } else if let limits {
            se = zip(limits.lower.map(forward), limits.upper.map(forward)).map { ($1 - $0) / (2 * z) }
        } else {
            throw RuntimeError(message: "`pool` needs standard errors or confidence limits")
        }
        let method = PoolingMethod(name)
        let fit = try Pooling.pool(estimates: y, standardErrors: se, method: method, conf: conf)
        let studies = y.indices.map { i in
            PoolResult.Study(label: labels[i], estimate: back(y[i]), lower: back(y[i] - z * se[i]), upper: back(y[i] + z * se[i]),
                             weight: fit.weights[i])
        }
        return PoolResult(method: method.rawValue, transform: transform.rawValue, conf: conf, k: fit.k,
                          estimate: back(fit.estimate), standardError: fit.standardError,
                          lower: back(fit.lower), upper: back(fit.upper), p: fit.p, tau2: fit.tau2, i2: fit.i2,
                          q: fit.q, pQ: fit.pQ, studies: studies, nDropped: 0)
    }
}
