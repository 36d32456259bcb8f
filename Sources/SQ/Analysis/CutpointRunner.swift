import Foundation
import SQSyntax
import SQCompiler
import SQSurvival

/// `cutpoint os ~ x` (maxstat) and `cutpoint os ~ x by g [adjust ~ ...]` (seed 000's interaction scan).
extension AnalysisRunner {
    func coxOptions(_ settings: ModelSettings) -> CoxOptions {
        CoxOptions(ties: Ties(settings.ties), maxIterations: settings.maxIterations,
                   epsilon: settings.epsilon, conf: settings.conf, shouldStop: { [weak session] in session?.isCancelled ?? false })
    }

    /// The numbers of a column the statement needs as numbers, or an error at `span`
    /// naming a value that is not one (a text column whose type was not known when planned).
    func numericValues(_ data: FetchedColumns, _ column: GroupColumn, rows: [Int], span: Span) throws -> [Double] {
        let values = data.numbers(column.column, rows: rows)
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw RuntimeError(message: "`cutpoint` needs a number to split; `\(column.label)` is \(data.value(column.column, rows[bad])) in a row",
                               hints: ["for a category, compare its groups with `logrank` or `fit cox`"], span: span)
        }
        return values
    }

    /// The 0/1 dummy of a two-level treatment, with its levels; an error at the
    /// treatment otherwise.
    func twoLevelTreatment(_ plan: ModelPlan, data: FetchedColumns, rows: [Int], span: Span?, statement: String)
        throws -> (dummy: [Double], treated: String, control: String) {
        let design = try DesignMatrix.build(plan, data: data, rows: rows)
        let label = plan.variables[0].label
        let (levels, _) = data.levels(of: plan.variables[0].column, rows: rows)
        let shown = levels.map(\.normalizedLevel).map(\.description)
        let example = levels.first.map { level -> String in
            if case .text(let text) = level { return "\"\(text)\"" }
            return level.normalizedLevel.description
        } ?? "\"...\""
        guard design.columns.count == 1, let info = design.info.first, let treated = info.level, let control = info.reference else {
            throw RuntimeError(message: "`\(statement)` compares two treatment groups; `\(label)` has \(Set(shown).count) in the analysed rows"
                                   + (shown.isEmpty ? "" : " (\(Set(shown).sorted().prefix(8).joined(separator: ", ")))"),
                               hints: ["define a two-level column, e.g. `define treated = \(label) = \(example)`"], span: span)
        }
        return (design.columns[0], treated, control)
    }

    func cutpoint(_ data: FetchedColumns, plan: CutpointPlan) throws -> StatementResult {
        let rows = try requireCompleteRows(data, used: plan.usedColumns)
        let dropped = data.rowCount - rows.count
        let endpoint = plan.endpoint
        let x = try numericValues(data, plan.variable, rows: rows, span: plan.variableSpan)
        let time = data.numbers(endpoint.time, rows: rows)
        let event = try data.events(endpoint, rows: rows)
        let events = event.reduce(0) { $0 + ($1 ? 1 : 0) }
        var warnings = dropped > 0 ? [Self.droppedWarning(dropped)] : []
        var result = CutpointResult(endpoint: endpoint.name, variable: plan.variable.label, method: "maxstat", treatment: nil,
                                    adjust: [], n: rows.count, events: events, nDropped: dropped, cutoff: nil, statistic: nil,
                                    p: nil, pAdjusted: true, candidates: 0, nBelow: nil, nAbove: nil, minprop: plan.minprop,
                                    maxprop: plan.maxprop, lowerQuantile: nil, upperQuantile: nil, interaction: nil,
                                    conf: plan.settings.conf, scan: [])
        guard let treatmentPlan = plan.treatment else {
            guard endpoint.start == nil else {
                throw RuntimeError(message: "the maximally selected log-rank statistic needs right-censored data; `\(endpoint.name)` has start times",
                                   hints: ["scan the interaction with a treatment instead: `cutpoint \(endpoint.name) ~ \(plan.variable.label) by <treatment>`"])
            }
            let scan = try MaximallySelectedRank.logRank(time: time, event: event, x: x, minprop: plan.minprop, maxprop: plan.maxprop)
            let best = scan.cutoffs.firstIndex(of: scan.cutoff) ?? 0
            result.cutoff = scan.cutoff
            result.statistic = scan.statistic
            result.p = scan.p
            result.candidates = scan.cutoffs.count
            result.nBelow = scan.lowerCounts[best]
            result.nAbove = rows.count - scan.lowerCounts[best]
            result.scan = scan.cutoffs.indices.map {
                CutpointResult.ScanRow(cutoff: scan.cutoffs[$0], nBelow: scan.lowerCounts[$0], statistic: scan.statistics[$0], p: nil)
            }
            return self.result(.cutpoint(result), warnings: warnings)
        }

        let treatment = try twoLevelTreatment(treatmentPlan, data: data, rows: rows, span: plan.treatmentSpan, statement: "cutpoint ... by")
        let treatmentLabel = treatmentPlan.variables[0].label
        var adjustColumns: [[Double]] = []
        var strata: [Int]?
        if let adjust = plan.adjust {
            let design = try DesignMatrix.build(adjust, data: data, rows: rows)
            let treatmentColumns = Set(design.termColumns.first ?? [])
            adjustColumns = design.columns.indices.filter { !treatmentColumns.contains($0) }.map { design.columns[$0] }
            if !adjust.strata.isEmpty {
                strata = data.groups(adjust.strata.map { GroupColumn(label: "", column: $0) }, rows: rows).codes
            }
        }
        let scan = try InteractionCutpointScan.scan(
            time: time, event: event, entry: endpoint.start.map { data.numbers($0, rows: rows) }, treatment: treatment.dummy,
            x: x, adjust: adjustColumns, strata: strata, lowerProbability: plan.minprop, upperProbability: plan.maxprop,
            options: coxOptions(plan.settings))
        result.method = "interaction"
        result.treatment = treatmentLabel
        result.adjust = plan.adjust.map { Array($0.terms.dropFirst().map(\.label)) + $0.strata.map { "strata(\(data.request.columns[$0].label))" } } ?? []
        result.pAdjusted = false
        result.candidates = scan.candidates.count
        result.lowerQuantile = scan.lowerQuantile
        result.upperQuantile = scan.upperQuantile
        result.scan = scan.candidates.map {
            CutpointResult.ScanRow(cutoff: $0.cutoff, nBelow: $0.below, statistic: $0.statistic, p: $0.p)
        }
        let skipped = scan.candidates.filter { $0.p == nil }.count
        if skipped > 0 {
            warnings.append("\(skipped) of \(scan.candidates.count) cutoffs leave a side without both treatment groups or events; their interaction is not estimable")
        }
        let infinite = scan.candidates.filter(\.infinite).count
        if infinite > 0 { warnings.append("at \(infinite) cutoffs the interaction coefficient may be infinite") }
        guard let best = scan.best, let fit = scan.bestFit else {
            throw RuntimeError(message: "no cutoff of `\(plan.variable.label)` gives an estimable interaction with `\(treatmentLabel)`")
        }
        let chosen = scan.candidates[best]
        result.cutoff = chosen.cutoff
        result.statistic = chosen.statistic
        result.p = chosen.p
        result.nBelow = chosen.below
        result.nAbove = rows.count - chosen.below
        func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
        result.interaction = CoxResult.Term(
            term: "\(treatmentLabel):\(plan.variable.label)>\(Value.number(chosen.cutoff))", level: treatment.treated,
            reference: treatment.control, coefficient: finite(fit.coefficients[2]), standardError: finite(fit.standardErrors[2]),
            naiveStandardError: nil, hazardRatio: finite(exp(fit.coefficients[2])), lower: finite(fit.lower[2]),
            upper: finite(fit.upper[2]), z: finite(fit.zScores[2]), p: finite(fit.pValues[2]))
        return self.result(.cutpoint(result), warnings: warnings)
    }
}
