import Foundation
import SQPlot
import SQSyntax

/// `plot cutpoint c` (the scan of a kept `cutpoint` result) and `plot forest s`
/// for a kept `subgroups` result.
extension AnalysisRunner {
    func plotCutpoint(_ name: Name, path: String?, statement: AnalysisStatement) throws -> StatementResult {
        guard let binding = session.kept[name.text] else {
            throw Diagnostic.error("nothing is kept under `\(name.text)`", at: name.span,
                                   hints: NameSuggestion.hint(for: name.text, in: session.bindingNames)
                                       + ["keep a scan with `let \(name.text) = cutpoint os ~ x`"])
        }
        guard case .cutpoint(let c) = binding.result.value else {
            throw Diagnostic.error("`plot cutpoint` draws a `cutpoint` result; `\(name.text)` is \(binding.result.value.kind)", at: name.span)
        }
        guard let path else {
            throw Diagnostic.error("`plot cutpoint` writes a file: add `to \"scan.svg\"`", at: statement.span)
        }
        let maxstat = c.method == "maxstat"
        let p = c.p.map { $0 < 0.001 ? "p < 0.001" : String(format: "p = %.3f", $0) } ?? "p not available"
        let cutoff = c.cutoff.map { String(format: "%.4g", $0) } ?? "none"
        let note = maxstat ? "Cutoff \(cutoff): \(p), adjusted for the scan (Lausen & Schumacher 1992)"
                           : "Cutoff \(cutoff): interaction \(p), not adjusted for the scan"
        let plot = CutpointScanPlot(
            cutoffs: c.scan.map(\.cutoff), statistics: c.scan.map(\.statistic), chosen: c.cutoff,
            title: maxstat ? "Maximally selected log-rank statistic: \(c.endpoint) ~ \(c.variable)"
                           : "Interaction scan: \(c.endpoint) ~ \(c.treatment ?? "") * (\(c.variable) > c)",
            xLabel: "Cutoff of \(c.variable)",
            yLabel: maxstat ? "Standardized log-rank statistic" : "Wald χ² of the interaction", note: note)
        let written = try write(svg: plot.svg(), to: path)
        return result(.plot(PlotResult(plot: "cutpoint", path: written, series: [c.variable], breaks: nil, atRisk: nil, figure: .cutpointScan(plot))))
    }

    func plotSubgroups(_ s: SubgroupsResult, path: String?, statement: AnalysisStatement) throws -> StatementResult {
        guard let path else {
            throw Diagnostic.error("`plot forest` writes a file: add `to \"forest.svg\"`", at: statement.span)
        }
        var rows: [ForestPlot.Row] = []
        for block in s.blocks {
            let names = block.factor.map { [$0] } ?? s.factors
            if let factor = block.factor {
                let p = block.interactionP.map { $0 < 0.001 ? "p for interaction < 0.001" : String(format: "p for interaction = %.3f", $0) }
                rows.append(ForestPlot.Row(label: factor, estimate: nil, lower: nil, upper: nil, detail: p ?? "", isReference: true))
            }
            for row in block.rows {
                let label = zip(names, row.levels).map { "\($0)=\($1)" }.joined(separator: ", ")
                let counts = "\(disclosure.text(row.nTreated))/\(disclosure.text(row.nControl))"
                let detail = row.hazardRatio.map { hr in
                    String(format: "%.2f (%.2f–%.2f)", hr, row.lower ?? .nan, row.upper ?? .nan)
                } ?? (row.note ?? "not estimable")
                rows.append(ForestPlot.Row(label: "\(block.factor == nil ? "" : "  ")\(label)  (\(counts))", estimate: row.hazardRatio,
                                           lower: row.lower, upper: row.upper, detail: detail))
            }
        }
        var plot = ForestPlot(rows: rows, title: "\(s.treatment) \(s.treated) vs \(s.control) within subgroups: \(s.endpoint) (n = \(disclosure.text(s.n)))",
                              columnHeading: "HR (\(Int((s.conf * 100).rounded()))% CI)")
        plot.note = disclosure.footnote
        let written = try write(svg: plot.svg(), to: path)
        return result(.plot(PlotResult(plot: "forest", path: written, series: rows.map(\.label), breaks: nil, atRisk: nil, figure: .forest(plot))))
    }
}
