import Foundation
import SQCompiler
import SQBackend
import SQSurvival
import SQSyntax

/// `reconstruct ipd from "curve.csv" with atrisk = "atrisk.csv" [, events = E] [, total = N] as t`:
/// reads the digitised curve (time, survival) and the at-risk table (time, n at
/// risk), rebuilds patients by Guyot's algorithm and keeps them as table `t(time, event)`.
extension AnalysisRunner {
    func reconstruct(_ plan: ReconstructPlan) throws -> StatementResult {
        let atRiskPath = plan.atRisk, total = plan.total, table = plan.table
        let curveColumns = try readTwoColumns(plan.curve)
        var riskColumns = try readTwoColumns(atRiskPath)
        // Each patient at risk becomes a row: a count must be whole and bounded
        // before the engine allocates rows for it.
        if let bad = riskColumns.second.first(where: { WholeNumber.int($0, in: 0...Self.maximumPatients) == nil }) {
            throw RuntimeError(message: "\(atRiskPath.value): the number at risk must be a whole number from \(WholeNumber.describe(0...Self.maximumPatients)); found \(Value.number(bad))",
                               span: atRiskPath.span)
        }
        if let total {
            if riskColumns.first.first != 0 {
                riskColumns = ([0] + riskColumns.first, [Double(total)] + riskColumns.second)
            } else if riskColumns.second.first != Double(total) {
                throw RuntimeError(message: "total = \(total) differs from the \(Int(riskColumns.second.first ?? 0)) at risk at time 0", span: atRiskPath.span)
            }
        }
        let rebuilt = try Reconstruction.guyot(curveTime: curveColumns.first, curveSurvival: curveColumns.second,
                                               riskTime: riskColumns.first, atRisk: riskColumns.second, totalEvents: plan.events)
        let rows = zip(rebuilt.time, rebuilt.event).map { [Value.real($0), Value.integer($1 ? 1 : 0)] }
        try session.register(table: table.text, columns: ["time", "event"], rows: rows, replace: true)
        let value = ReconstructResult(table: table.text, n: rebuilt.time.count, events: rebuilt.event.filter { $0 }.count,
                                      maximumDifference: rebuilt.maximumDifference)
        return result(.reconstruct(value), warnings: rebuilt.warnings.map { Warning($0) })
    }

    /// Patients a reconstruction may rebuild (each is a row of the new table).
    static let maximumPatients = ReconstructPlan.maximumPatients

    /// The first two columns of a CSV, as numbers (read by the backend, which keeps nothing).
    private func readTwoColumns(_ path: StringLiteral) throws -> (first: [Double], second: [Double]) {
        let resolved = try executor.requireFile(path)
        guard let columns = try session.backend.readNumericColumns(csv: resolved, count: 2,
                                                                   shouldStop: { [session] in session.isCancelled }) else {
            throw RuntimeError(message: "\(path.value) needs two columns: time and a value", span: path.span)
        }
        return (columns[0], columns[1])
    }
}
