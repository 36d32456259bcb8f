import Foundation
import SQCompiler
import SQSurvival

/// `subgroups os ~ g by a * b * c` (every crossed subgroup, seed 000 Table 4)
/// and `subgroups os ~ g by a, b` (one block per factor with its p for interaction).
extension AnalysisRunner {
    /// The rows' survival data and treatment dummy, shared by every subgroup's fit.
    struct SubgroupData {
        var time: [Double]
        var event: [Bool]
        var entry: [Double]?
        var treated: [Double]
    }

    func subgroups(_ data: FetchedColumns, plan: SubgroupsPlan) throws -> StatementResult {
        let rows = try requireCompleteRows(data, used: plan.usedColumns)
        let dropped = data.rowCount - rows.count
        let treatment = try twoLevelTreatment(plan.treatment, data: data, rows: rows, span: plan.treatmentSpan, statement: "subgroups")
        let shared = SubgroupData(time: data.numbers(plan.endpoint.time, rows: rows),
                                  event: try data.events(plan.endpoint, rows: rows),
                                  entry: plan.endpoint.start.map { data.numbers($0, rows: rows) }, treated: treatment.dummy)
        let options = coxOptions(plan.settings)
        // Each factor's levels in R's order, and each row's level index.
        let factors = plan.factors.map { factor -> (levels: [Value], codes: [Int]) in
            let (raw, codes) = data.levels(of: factor.column, rows: rows)
            let normalized = raw.map(\.normalizedLevel)
            let levels = Array(Set(normalized)).sorted { Value.precedes($0, $1) }
            let position = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
            let mapped = normalized.map { position[$0] ?? 0 }
            return (levels, codes.map { mapped[$0] })
        }
        var blocks: [SubgroupsResult.Block] = []
        if plan.crossed {
            // Mixed-radix subgroup number per row, first factor slowest.
            let sizes = factors.map { max($0.levels.count, 1) }
            let total = sizes.reduce(1, *)
            var members = [[Int]](repeating: [], count: total)
            for i in rows.indices {
                var key = 0
                for (f, factor) in factors.enumerated() { key = key * sizes[f] + factor.codes[i] }
                members[key].append(i)
            }
            var subgroupRows: [SubgroupsResult.Row] = []
            for key in 0..<total {
                if session.isCancelled { throw SurvivalError.cancelled }
                var levels: [Value] = []
                var rest = key
                for f in factors.indices.reversed() {
                    levels.insert(factors[f].levels[rest % sizes[f]], at: 0)
                    rest /= sizes[f]
                }
                subgroupRows.append(try subgroupRow(levels, members[key], shared, options: options))
            }
            blocks.append(SubgroupsResult.Block(factor: nil, interactionP: nil, rows: subgroupRows))
        } else {
            for (f, factor) in factors.enumerated() {
                var members = [[Int]](repeating: [], count: factor.levels.count)
                for i in rows.indices { members[factor.codes[i]].append(i) }
                let subgroupRows = try factor.levels.indices.map {
                    try subgroupRow([factor.levels[$0]], members[$0], shared, options: options)
                }
                // A factor with one level, or a model that cannot be fitted, has no p for interaction.
                var test: InteractionResult.Factor?
                do {
                    test = try interactionTest(data, endpoint: plan.endpoint, modifier: plan.interactions[f], settings: plan.settings)
                } catch SurvivalError.cancelled { throw SurvivalError.cancelled } catch { test = nil }
                blocks.append(SubgroupsResult.Block(factor: plan.factors[f].label, interactionP: test.flatMap { $0.wald.p.isFinite ? $0.wald.p : nil },
                                                    rows: subgroupRows))
            }
        }
        let value = SubgroupsResult(endpoint: plan.endpoint.name, treatment: plan.treatment.variables[0].label,
                                    treated: treatment.treated, control: treatment.control, factors: plan.factors.map(\.label),
                                    crossed: plan.crossed, n: rows.count, nDropped: dropped, ties: plan.settings.ties.rawValue,
                                    conf: plan.settings.conf, blocks: blocks)
        return result(.subgroups(value), warnings: dropped > 0 ? [Self.droppedWarning(dropped)] : [])
    }

    /// One subgroup: its counts, and the treatment's hazard ratio when both arms
    /// and at least one event are there (a row saying why not otherwise).
    func subgroupRow(_ levels: [Value], _ members: [Int], _ data: SubgroupData, options: CoxOptions) throws -> SubgroupsResult.Row {
        let nTreated = members.filter { data.treated[$0] == 1 }.count
        let nControl = members.count - nTreated
        let events = members.filter { data.event[$0] }.count
        var row = SubgroupsResult.Row(levels: levels, nTreated: nTreated, nControl: nControl, events: events,
                                      hazardRatio: nil, lower: nil, upper: nil, p: nil, note: nil)
        if members.isEmpty { row.note = "no patients"; return row }
        if nTreated == 0 || nControl == 0 { row.note = "one arm only"; return row }
        if events == 0 { row.note = "no events"; return row }
        let fit = try CoxModel.fit(CoxData(time: members.map { data.time[$0] }, event: members.map { data.event[$0] },
                                           entry: data.entry.map { entry in members.map { entry[$0] } },
                                           covariates: [members.map { data.treated[$0] }]), options: options)
        func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
        row.hazardRatio = finite(exp(fit.coefficients[0]))
        row.lower = finite(fit.lower[0])
        row.upper = finite(fit.upper[0])
        row.p = finite(fit.pValues[0])
        if fit.warnings.contains(where: { $0.message.contains("infinite") || $0.message.contains("converge") }) {
            row.note = "coefficient may be infinite"
        }
        return row
    }
}
