import Foundation
import SQCompiler
import SQSurvival

/// `pool`: one study per row; SEs given, or derived from a CI on the pooling scale.
extension AnalysisRunner {
    func pool(_ data: CohortData, plan: PoolPlan) throws -> StatementResult {
        let used = [plan.estimate, plan.standardError, plan.lower, plan.upper].compactMap { $0?.column }
        let rows = data.completeRows(used)
        guard !rows.isEmpty else { throw RuntimeError(message: "no complete rows to pool") }
        let (forward, back): ((Double) -> Double, (Double) -> Double)
        switch plan.transform {
        case "log": (forward, back) = ({ log($0) }, { exp($0) })
        case "logit": (forward, back) = ({ log($0 / (1 - $0)) }, { 1 / (1 + exp(-$0)) })
        default: (forward, back) = ({ $0 }, { $0 })
        }
        let estimates = data.numbers(plan.estimate.column, rows: rows)
        if plan.transform != "none", let bad = estimates.first(where: { !(forward($0).isFinite) }) {
            throw RuntimeError(message: "`\(plan.estimate.label)` has \(bad), outside the range of the \(plan.transform) transform")
        }
        let y = estimates.map(forward)
        let z = Normal.quantile(1 - (1 - plan.conf) / 2)
        let se: [Double]
        if let seColumn = plan.standardError {
            let given = data.numbers(seColumn.column, rows: rows)
            // Delta method: the SE of T(x) is T'(x)·SE(x).
            se = zip(given, estimates).map { s, x in
                switch plan.transform {
                case "log": return s / x
                case "logit": return s / (x * (1 - x))
                default: return s
                }
            }
        } else if let lower = plan.lower, let upper = plan.upper {
            let l = data.numbers(lower.column, rows: rows).map(forward), u = data.numbers(upper.column, rows: rows).map(forward)
            se = zip(l, u).map { ($1 - $0) / (2 * z) }
        } else {
            throw RuntimeError(message: "`pool` needs standard errors or confidence limits")
        }
        let method = PoolingMethod(rawValue: plan.method) ?? .reml
        let fit = try Pooling.pool(estimates: y, standardErrors: se, method: method, conf: plan.conf)
        let labels = plan.label.map { column in rows.map { data.value(column.column, $0).description } }
            ?? rows.indices.map { "study \($0 + 1)" }
        let studies = rows.indices.map { i in
            PoolResult.Study(label: labels[i], estimate: back(y[i]), lower: back(y[i] - z * se[i]), upper: back(y[i] + z * se[i]),
                             weight: fit.weights[i])
        }
        let value = PoolResult(method: method.rawValue, transform: plan.transform, conf: plan.conf, k: fit.k,
                               estimate: back(fit.estimate), standardError: fit.standardError,
                               lower: back(fit.lower), upper: back(fit.upper), p: fit.p, tau2: fit.tau2, i2: fit.i2,
                               q: fit.q, pQ: fit.pQ, studies: studies, nDropped: data.rowCount - rows.count)
        return result(.pool(value))
    }
}
