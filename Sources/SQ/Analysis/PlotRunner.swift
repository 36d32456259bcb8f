import Foundation
import SQCompiler
import SQPlot
import SQSurvival
import SQSyntax

/// `plot km` and `plot forest`: figures as SVG (or PNG through rsvg-convert),
/// or drawn in the terminal when no file is named.
extension AnalysisRunner {
    func plotKM(_ data: CohortData, endpoint: EndpointColumns, by: [GroupColumn], path: String?,
                confidence: ConfidenceSettings, style: PlotStyle) throws -> StatementResult {
        let fitted = try strataCurves(data, endpoint: endpoint, by: by, confidence: confidence)
        let maxTime = fitted.curves.compactMap(\.time.last).max() ?? 1
        let breaks = AxisBreaks.breaks(upTo: maxTime)
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
            SurvivalCurvePlot.Curve(label: CohortData.label(by, key), time: curve.time, survival: curve.survival,
                                    lower: curve.lower, upper: curve.upper,
                                    censorTimes: zip(curve.time, curve.nCensor).filter { $0.1 > 0 }.map(\.0),
                                    median: curve.median().estimate, atRisk: curve.summary(at: breaks).map(\.nRisk))
        }
        let unit = endpoint.unit.map { "Time (\($0.name))" } ?? "Time"
        var plot = SurvivalCurvePlot(curves: curves, timeLabel: unit, breaks: breaks, note: note,
                                     showConfidenceBands: style.confidenceBands, width: style.width,
                                     height: style.height, fontSize: style.fontSize)
        plot.minCell = Int(session.environment.settings["min_cell"] ?? 0)
        var value = PlotResult(plot: "km", path: nil, series: curves.map(\.label), breaks: breaks,
                               atRisk: curves.map(\.atRisk), terminal: nil)
        value.svg = plot.svg()
        if let path {
            value.path = try write(svg: plot.svg(), to: path)
        } else {
            value.terminal = TerminalPlot.render(plot, colour: isatty(STDOUT_FILENO) != 0)
        }
        return result(.plot(value), warnings: fitted.dropped > 0 ? [Self.droppedWarning(fitted.dropped)] : [])
    }

    func plotForest(_ name: Name, path: String?, statement: AnalysisStatement) throws -> StatementResult {
        guard let binding = session.bindings[name.text] else {
            throw Diagnostic.error("nothing is kept under `\(name.text)`", at: name.span,
                                   hints: NameSuggestion.hint(for: name.text, in: session.bindingNames))
        }
        var terms: [CoxResult.Term]
        var title: String
        switch binding.result.value {
        case .cox(let cox): terms = cox.terms; title = "Cox model \(cox.endpoint) (n = \(cox.n), events = \(cox.events))"
        case .each(let each): terms = each.terms.map(\.term); title = "Univariable Cox models \(each.endpoint)"
        case .pool(let pool):
            guard let path else { throw Diagnostic.error("`plot forest` writes a file: add `to \"forest.svg\"`", at: statement.span) }
            return try plotPool(pool, path: path)
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
            rows.append(ForestPlot.Row(label: label, estimate: term.hazardRatio, lower: term.lower, upper: term.upper, detail: detail))
        }
        let plot = ForestPlot(rows: rows, title: title)
        guard let path else {
            throw Diagnostic.error("`plot forest` writes a file: add `to \"forest.svg\"`", at: statement.span)
        }
        let written = try write(svg: plot.svg(), to: path)
        var value = PlotResult(plot: "forest", path: written, series: rows.map(\.label), breaks: nil, atRisk: nil, terminal: nil)
        value.svg = plot.svg()
        return result(.plot(value))
    }

    /// Study estimates and the pooled one; rates on a linear axis, ratios on a log axis.
    func plotPool(_ pool: PoolResult, path: String) throws -> StatementResult {
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
        let written = try write(svg: plot.svg(), to: path)
        var value = PlotResult(plot: "forest", path: written, series: rows.map(\.label), breaks: nil, atRisk: nil, terminal: nil)
        value.svg = plot.svg()
        return result(.plot(value))
    }

    /// Writes SVG, or converts it to PNG with rsvg-convert when the name ends in .png.
    func write(svg: String, to path: String) throws -> String {
        let resolved = executor.resolvePath(path)
        let lower = resolved.lowercased()
        if lower.hasSuffix(".png") {
            guard let converter = Self.findExecutable("rsvg-convert") else {
                throw RuntimeError(message: "PNG output needs rsvg-convert, which is not installed",
                                   hints: ["install it (Debian: apt-get install librsvg2-bin) or write `to \"figure.svg\"`"])
            }
            let temporary = NSTemporaryDirectory() + "sq-plot-\(UUID().uuidString).svg"
            try svg.write(toFile: temporary, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: temporary) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: converter)
            process.arguments = ["-f", "png", "-o", resolved, temporary]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw RuntimeError(message: "rsvg-convert could not write \(path)") }
            return resolved
        }
        guard lower.hasSuffix(".svg") else {
            throw RuntimeError(message: "plots are written as .svg or .png, not `\(path)`")
        }
        do { try svg.write(toFile: resolved, atomically: true, encoding: .utf8) } catch {
            throw RuntimeError(message: "cannot write \(path): \(error.localizedDescription)")
        }
        return resolved
    }

    static func findExecutable(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
