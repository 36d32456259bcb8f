import SQResults
import SQPlot
import SQText

/// Renders results in one of the output formats. JSON is the machine
/// contract (docs/results.md); text, CSV and Markdown render the same results as tables.
public struct Renderer: Sendable {
    public var format: OutputFormat
    /// ANSI colours in the terminal plot: the host says whether its output is a terminal.
    public var colour: Bool
    public init(format: OutputFormat, colour: Bool = false) {
        self.format = format
        self.colour = colour
    }

    public func render(_ result: StatementResult) throws -> String {
        if format == .json { return try ResultDocument.line(result, colour: colour) + "\n" }
        let tables = CountSuppression.apply(Self.tables(for: result, colour: colour), result.disclosure)
        switch format {
        case .text:
            var out = tables.map { $0.text() }.joined(separator: "\n")
            for warning in result.warnings { out += "warning: \(ControlCharacters.escaped(CountSuppression.inline(warning, result.disclosure)))\n" }
            return out
        case .markdown:
            var out = tables.map { $0.markdown() }.joined(separator: "\n")
            if !result.warnings.isEmpty {
                out += "\n" + result.warnings.map { "> warning: " + ControlCharacters.escaped(CountSuppression.inline($0, result.disclosure)).replacingOccurrences(of: "|", with: "\\|") }.joined(separator: "  \n") + "\n"
            }
            return out + "\n"
        case .csv:
            return try CSVDocument.render(result, colour: colour)
        case .json, .html:
            return ""
        }
    }

    /// Kaplan–Meier curves with no file named, drawn in braille for the terminal.
    public static func terminalDrawing(_ plot: PlotResult, colour: Bool) -> String? {
        guard plot.path == nil, case .survivalCurves(let curves) = plot.figure else { return nil }
        return TerminalPlot.render(curves, colour: colour)
    }

    public static func tables(for result: StatementResult, colour: Bool = false) -> [TableView] {
        switch result.value {
        case .km(let r): return SurvivalTables.km(r)
        case .logrank(let r): return SurvivalTables.logrank(r)
        case .followup(let r): return SurvivalTables.followup(r)
        case .cox(let r): return ModelTables.cox(r)
        case .each(let r): return ModelTables.each(r)
        case .zph(let r): return ModelTables.zph(r)
        case .pool(let r): return ModelTables.pool(r)
        case .poolSurvival(let r):
            return r.at.flatMap { time -> [TableView] in
                ModelTables.pool(time.pool).map { table in
                    var t = table
                    t.title = ControlCharacters.escaped("Pooled survival at \(time.label) (\(r.endpoint), \(time.pool.method.uppercased()))")
                    return t
                }
            }
        case .reconstruct(let r):
            return [TableView(title: nil, columns: [], rows: [], notes: [
                "reconstructed \(r.n) patients (\(r.events) events) into \(r.table); "
                + "largest difference from the digitised curve \(String(format: "%.4f", r.maximumDifference))"])]
        case .cutpoint(let r): return EffectModificationTables.cutpoint(r)
        case .interaction(let r): return EffectModificationTables.interaction(r)
        case .subgroups(let r): return EffectModificationTables.subgroups(r, minCell: result.disclosure)
        case .info(let r): return [TableView(title: nil, columns: [], rows: [], notes: [r.message])]
        case .describe(let r): return DescribeTables.table(r, minCell: result.disclosure)
        case .registered(let r): return r.tables(minCell: result.disclosure)
        case .plot(let r):
            if let drawing = terminalDrawing(r, colour: colour) {
                // The plot's own colour codes are kept; TerminalPlot escapes the labels it draws.
                var view = TableView(title: nil, columns: [], rows: [])
                view.notes = [drawing]
                return [view]
            }
            return [TableView(title: nil, columns: [], rows: [], notes: ["wrote \(r.plot) plot to \(r.path ?? "?")"])]
        case .table(let r):
            let rows = r.rows.map { row in row.map { value -> TableView.Cell in
                switch value {
                case .real(let d): return TableView.Cell(NumberFormat.number(d), raw: NumberFormat.raw(d))
                case .null: return TableView.Cell("NULL", raw: "")
                default: return TableView.Cell(value.description)
                }
            } }
            let numeric = Set(r.columns.indices.filter { i in
                r.rows.contains { if case .text = $0[i] { return false } else { return true } } && !r.rows.contains { if case .text = $0[i] { return true } else { return false } }
            })
            var table = TableView(title: r.title, columns: r.columns, rows: rows, rightAligned: numeric)
            // Only the counts a statement made (`count`'s n); `sql` and `list` show data as it is.
            table.countColumns = Set(r.columns.indices.filter { r.countColumns.contains(r.columns[$0]) })
            return [table]
        }
    }
}
