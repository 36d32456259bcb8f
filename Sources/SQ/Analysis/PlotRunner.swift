import Foundation
import SQCompiler
import SQPlot
import SQSurvival
import SQSyntax

/// `plot km` and `plot forest`: the figure as data in the result, written to a
/// file by the session's `FigureWriter` when one is named; without a file the
/// renderer draws the curves (in the terminal, braille).
extension AnalysisRunner {
    func plotKM(_ data: FetchedColumns, endpoint: EndpointColumns, by: [GroupColumn], path: String?,
                confidence: ConfidenceSettings, style: PlotStyle) throws -> StatementResult {
        let fitted = try strataCurves(data, endpoint: endpoint, by: by, confidence: confidence)
        let figure = style.figure
        let maxTime = figure.xlim ?? (fitted.curves.compactMap(\.time.last).max() ?? 1)
        let breaks = figure.breakInterval.map { step in
            stride(from: 0.0, through: maxTime + step * 1e-9, by: step).map { $0 }
        } ?? AxisBreaks.breaks(upTo: maxTime)
        if let labels = figure.labels, labels.count != fitted.keys.count {
            throw RuntimeError(message: "`labels` gives \(labels.count) label\(labels.count == 1 ? "" : "s") for \(fitted.keys.count) curve\(fitted.keys.count == 1 ? "" : "s")",
                               hints: ["the curves, in order: " + fitted.keys.map { FetchedColumns.label(by, $0) }.joined(separator: ", ")],
                               span: figure.labelsSpan)
        }
        var note: String?
        if fitted.keys.count > 1 {
            let time = data.numbers(endpoint.time, rows: fitted.rows)
            let event = try data.events(endpoint, rows: fitted.rows)
            var codes = [Int](repeating: 0, count: fitted.rows.count)
            for (g, members) in fitted.members.enumerated() { for i in members { codes[i] = g } }
            let test = try LogRank.test(time: time, event: event, group: codes)
            note = "Log-rank p " + (test.p < 0.001 ? "< 0.001" : String(format: "= %.3f", test.p))
        }
        let curves = zip(fitted.keys, fitted.curves).map { key, curve in
            SurvivalCurvePlot.Curve(label: FetchedColumns.label(by, key), time: curve.time, survival: curve.survival,
                                    lower: curve.lower, upper: curve.upper,
                                    censorTimes: zip(curve.time, curve.nCensor).filter { $0.1 > 0 }.map(\.0),
                                    median: curve.median().estimate, atRisk: curve.summary(at: breaks).map(\.nRisk))
        }
        var axisUnit = endpoint.unit
        if let unit = figure.axisUnit, unit != endpoint.unit { axisUnit = unit }
        let unit = axisUnit.map { "Time (\($0.name))" } ?? "Time"
        var plot = SurvivalCurvePlot(curves: curves, timeLabel: unit, breaks: breaks, note: note, options: Self.figureOptions(style))
        if axisUnit != endpoint.unit { plot.tickScale = figure.axisFactor }
        plot.minCell = disclosure.threshold
        var value = PlotResult(plot: "km", path: nil, series: curves.map(\.label), breaks: breaks,
                               atRisk: curves.map(\.atRisk), figure: .survivalCurves(plot))
        if let path { value.path = try write(svg: plot.svg(), to: path, dpi: figure.dpi) }
        return result(.plot(value), warnings: fitted.dropped > 0 ? [Self.droppedWarning(fitted.dropped)] : [])
    }

    func plotForest(_ name: Name, path: String?, style: PlotStyle, statement: AnalysisStatement) throws -> StatementResult {
        guard let binding = session.kept[name.text] else {
            throw Diagnostic.error("nothing is kept under `\(name.text)`", at: name.span,
                                   hints: NameSuggestion.hint(for: name.text, in: session.bindingNames))
        }
        var terms: [CoxResult.Term]
        var title: String
        switch binding.result.value {
        case .cox(let cox):
            terms = cox.terms
            title = "Cox model \(cox.endpoint) (n = \(disclosure.text(cox.n)), events = \(disclosure.text(cox.events)))"
        case .each(let each): terms = each.terms.map(\.term); title = "Univariable Cox models \(each.endpoint)"
        case .pool(let pool):
            guard let path else { throw Diagnostic.error("`plot forest` writes a file: add `to \"forest.svg\"`", at: statement.span) }
            return try plotPool(pool, path: path, style: style)
        case .subgroups(let subgroups):
            return try plotSubgroups(subgroups, path: path, statement: statement)
        default:
            throw Diagnostic.error("`plot forest` draws a Cox model, an `each`, `pool` or `subgroups` result; `\(name.text)` is \(binding.result.value.kind)", at: name.span)
        }
        var rows: [ForestPlot.Row] = []
        var shownReferences = Set<String>()
        for term in terms {
            if let reference = term.reference, term.level != nil, shownReferences.insert("\(term.term)=\(reference)").inserted {
                rows.append(ForestPlot.Row(label: "\(term.term) \(reference)", estimate: 1, lower: nil, upper: nil,
                                           detail: "reference", isReference: true))
            }
            let label = term.level.map { "\(term.term) \($0)" } ?? term.term
            let detail = term.hazardRatio.map { hr in
                String(format: "%.2f (%.2f–%.2f)", hr, term.lower ?? .nan, term.upper ?? .nan)
            } ?? "not estimable"
            rows.append(ForestPlot.Row(label: label, estimate: term.hazardRatio, lower: term.lower, upper: term.upper, detail: detail, p: term.p))
        }
        var plot = ForestPlot(rows: rows, title: title)
        plot.note = disclosure.footnote
        Self.apply(style, to: &plot)
        guard let path else {
            throw Diagnostic.error("`plot forest` writes a file: add `to \"forest.svg\"`", at: statement.span)
        }
        let written = try write(svg: plot.svg(), to: path, dpi: style.figure.dpi)
        return result(.plot(PlotResult(plot: "forest", path: written, series: rows.map(\.label), breaks: nil, atRisk: nil, figure: .forest(plot))))
    }

    /// Study estimates and the pooled one; rates on a linear axis, ratios on a log axis.
    /// `with title = ..., width = ..., font_size = ...` on a forest plot.
    static func apply(_ style: PlotStyle, to plot: inout ForestPlot) {
        plot.width = style.width
        plot.height = style.explicitHeight
        plot.fontSize = style.fontSize
        plot.fontFamily = style.figure.fontFamily
        if let title = style.figure.title { plot.title = title }
    }

    func plotPool(_ pool: PoolResult, path: String, style: PlotStyle) throws -> StatementResult {
        func detail(_ e: Double, _ l: Double, _ u: Double) -> String { String(format: "%.2f (%.2f–%.2f)", e, l, u) }
        var rows = pool.studies.map { s in
            ForestPlot.Row(label: s.label, estimate: s.estimate, lower: s.lower, upper: s.upper,
                           detail: detail(s.estimate, s.lower, s.upper) + String(format: "  %.1f%%", s.weight),
                           weight: s.weight)
        }
        rows.append(ForestPlot.Row(label: "Pooled (\(pool.method.uppercased()))", estimate: pool.estimate, lower: pool.lower,
                                   upper: pool.upper, detail: detail(pool.estimate, pool.lower, pool.upper), isSummary: true))
        let rates = pool.transform == "logit" || pool.studies.allSatisfy { $0.estimate >= 0 && $0.estimate <= 1 }
        let scale: ForestPlot.Scale = rates ? .proportion : (pool.transform == "log" ? .ratio : .linear)
        let plot = ForestPlot(rows: rows, title: "Pooled estimate, k = \(pool.k), I² = \(String(format: "%.1f", pool.i2))%",
                              scale: scale,
                              axisLabel: rates ? "Proportion" : (pool.transform == "log" ? "Estimate (log scale)" : "Estimate"),
                              columnHeading: "Estimate (95% CI)  weight")
        var styled = plot
        Self.apply(style, to: &styled)
        let written = try write(svg: styled.svg(), to: path, dpi: style.figure.dpi)
        return result(.plot(PlotResult(plot: "forest", path: written, series: rows.map(\.label), breaks: nil, atRisk: nil, figure: .forest(styled))))
    }

    /// `set min_cell` as it stands now: a plot of a kept result hides what the setting hides today.
    var disclosure: MinCell {
        MinCell(WholeNumber.int(session.environment.settings["min_cell"] ?? 0, in: StatementExecutor.minCellRange) ?? 0)
    }
}
