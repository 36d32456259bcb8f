import Foundation
import SQResults

/// Tables for `cutpoint`, `interaction` and `subgroups`, laid out like the seed
/// papers: 001 Table 4 (p of each interaction), 000 Table 4 (the treatment's
/// HR within crossed subgroups).
enum EffectModificationTables {
    typealias Cell = TableView.Cell

    static func hazardRatio(_ hr: Double?, _ lower: Double?, _ upper: Double?) -> String {
        guard let hr else { return "NA" }
        return "\(NumberFormat.ratio(hr)) (\(NumberFormat.interval(lower, upper, missing: "Inf", NumberFormat.ratio)))"
    }

    /// A cutoff as a reader wants it: about four significant digits, no trailing zeros
    /// (`1.9`, `55.83`, `1175`); CSV keeps the full value.
    static func cutoff(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "NA" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        let decimals = max(0, 3 - Int(floor(log10(abs(x)))))
        var text = String(format: "%.\(min(decimals, 12))f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    static func cutpoint(_ r: CutpointResult) -> [TableView] {
        let maxstat = r.method == "maxstat"
        let header = maxstat
            ? "Cutpoint \(r.endpoint) ~ \(r.variable): maximally selected log-rank statistic (n = \(r.n), events = \(r.events))"
            : "Cutpoint \(r.endpoint) ~ \(r.variable) by \(r.treatment ?? ""): lowest p of the interaction"
                + (r.adjust.isEmpty ? "" : ", adjusted for \(r.adjust.joined(separator: ", "))") + " (n = \(r.n), events = \(r.events))"
        let cutoff = Self.cutoff(r.cutoff)
        var columns = ["cutoff", "n ≤ cutoff", "n > cutoff"]
        var row = [Cell(cutoff, raw: NumberFormat.raw(r.cutoff)), Cell(r.nBelow.map(String.init) ?? ""), Cell(r.nAbove.map(String.init) ?? "")]
        if maxstat {
            columns += ["statistic", "p (adjusted)"]
            row += [Cell(NumberFormat.number(r.statistic), raw: NumberFormat.raw(r.statistic)),
                    Cell(NumberFormat.pValue(r.p), raw: NumberFormat.raw(r.p))]
        } else {
            let level = NumberFormat.number(r.conf * 100)
            columns += ["interaction HR (\(level)% CI)", "p (unadjusted)"]
            let t = r.interaction
            row += [Cell(hazardRatio(t?.hazardRatio, t?.lower, t?.upper), raw: NumberFormat.raw(t?.hazardRatio)),
                    Cell(NumberFormat.pValue(r.p), raw: NumberFormat.raw(r.p))]
        }
        var notes: [String] = []
        if maxstat {
            notes.append("\(r.candidates) candidate cutoffs leaving \(NumberFormat.number(r.minprop * 100))–\(NumberFormat.number(r.maxprop * 100))% "
                         + "of the rows at or below them; p adjusted for the scan (Lausen & Schumacher 1992)")
        } else {
            func plain(_ x: Double?) -> String { Self.cutoff(x) }
            notes.append("\(r.candidates) candidate cutoffs between the \(plain(r.minprop)) and \(plain(r.maxprop)) quantiles "
                         + "(\(plain(r.lowerQuantile))–\(plain(r.upperQuantile))); "
                         + "the p of \(r.treatment ?? "") × (\(r.variable) > cutoff) is not adjusted for the scan")
        }
        let summary = TableView(title: header, columns: columns, rows: [row], notes: notes, rightAligned: Set(1..<columns.count))
        let scanColumns = maxstat ? ["cutoff", "n ≤ cutoff", "statistic"] : ["cutoff", "n ≤ cutoff", "Wald chisq", "p"]
        let scanRows = r.scan.map { s -> [Cell] in
            var cells = [Cell(Self.cutoff(s.cutoff), raw: NumberFormat.raw(s.cutoff)), Cell("\(s.nBelow)"),
                         Cell(NumberFormat.number(s.statistic), raw: NumberFormat.raw(s.statistic))]
            if !maxstat { cells.append(Cell(NumberFormat.pValue(s.p), raw: NumberFormat.raw(s.p))) }
            return cells
        }
        let scan = TableView(title: "Scan", columns: scanColumns, rows: scanRows, rightAligned: Set(0..<scanColumns.count))
        return [summary, scan]
    }

    static func interaction(_ r: InteractionResult) -> [TableView] {
        let level = NumberFormat.number(r.conf * 100)
        var rows: [[Cell]] = []
        for factor in r.factors {
            if factor.terms.isEmpty {
                rows.append([Cell(factor.factor), Cell(""), Cell("NA (not estimable)"), Cell("NA"), Cell("NA"),
                             Cell("\(factor.n)"), Cell("\(factor.events)")])
            }
            for (k, term) in factor.terms.enumerated() {
                let strata = term.level.map { level in term.reference.map { "\(level) vs \($0)" } ?? level } ?? ""
                let first = k == 0
                rows.append([Cell(first ? factor.factor : "", raw: factor.factor), Cell(strata, raw: term.level ?? ""),
                             Cell(term.hazardRatio == nil ? "NA (dropped)" : hazardRatio(term.hazardRatio, term.lower, term.upper),
                                  raw: NumberFormat.raw(term.hazardRatio)),
                             Cell(first ? NumberFormat.pValue(factor.wald.p) : "", raw: NumberFormat.raw(factor.wald.p)),
                             Cell(first ? NumberFormat.pValue(factor.likelihoodRatio.p) : "", raw: NumberFormat.raw(factor.likelihoodRatio.p)),
                             Cell(first ? "\(factor.n)" : "", raw: "\(factor.n)"), Cell(first ? "\(factor.events)" : "", raw: "\(factor.events)")])
            }
        }
        let title = "Interaction with \(r.treatment): \(r.endpoint)" + (r.adjust.isEmpty ? "" : ", adjusted for \(r.adjust.joined(separator: ", "))")
            + " (Cox, ties = \(r.ties))"
        let notes = ["HR: the interaction coefficient \(r.treatment):factor; Wald p jointly over a factor's levels; "
                     + "LR p against the model without the interaction"]
        return [TableView(title: title, columns: ["factor", "strata", "interaction HR (\(level)% CI)", "Wald p", "LR p", "n", "events"],
                          rows: rows, notes: notes, rightAligned: [3, 4, 5, 6])]
    }

    /// `n treated / n control` in one cell: both counts go through `set min_cell`
    /// here, as the cell escapes the rule by column name (`CountSuppression`).
    static func subgroupCells(_ row: SubgroupsResult.Row, minCell: MinCell) -> [Cell] {
        // An estimate running to infinity is shown as what it is, not as a number.
        let hr = row.hazardRatio == nil || row.note != nil ? (row.note.map { row.hazardRatio == nil ? $0 : "not estimable (\($0))" } ?? "NA")
            : hazardRatio(row.hazardRatio, row.lower, row.upper)
        let counts = Cell("\(minCell.text(row.nTreated)) / \(minCell.text(row.nControl))",
                          raw: "\(minCell.text(row.nTreated));\(minCell.text(row.nControl))")
        return [counts, Cell("\(row.events)"),
                Cell(hr, raw: NumberFormat.raw(row.hazardRatio)), Cell(row.p == nil ? "" : NumberFormat.pValue(row.p), raw: NumberFormat.raw(row.p))]
    }

    static func subgroups(_ r: SubgroupsResult, minCell: MinCell = MinCell(0)) -> [TableView] {
        let level = NumberFormat.number(r.conf * 100)
        let counts = "n \(r.treatment) \(r.treated) / \(r.control)"
        let hr = "HR \(r.treatment) \(r.treated) vs \(r.control) (\(level)% CI)"
        let title = "Subgroups: \(r.treatment) in \(r.endpoint) (n = \(r.n))"
        var notes: [String] = []
        if r.crossed {
            let rows = (r.blocks.first?.rows ?? []).map { row in row.levels.map { Cell($0.description) } + subgroupCells(row, minCell: minCell) }
            let columns = r.factors + [counts, "events", hr, "p"]
            notes.append("Cox model \(r.endpoint) ~ \(r.treatment) within each subgroup (ties = \(r.ties))")
            return [TableView(title: title, columns: columns, rows: rows, notes: notes,
                              rightAligned: Set((r.factors.count + 1)..<columns.count))]
        }
        var rows: [[Cell]] = []
        for block in r.blocks {
            let p = block.interactionP.map { NumberFormat.pValue($0) } ?? "NA"
            rows.append([Cell(block.factor ?? "")] + [Cell(""), Cell(""), Cell(""), Cell("")] + [Cell(p, raw: NumberFormat.raw(block.interactionP))])
            for row in block.rows {
                rows.append([Cell("  \(row.levels.first?.description ?? "")", raw: row.levels.first?.description ?? "")] + subgroupCells(row, minCell: minCell) + [Cell("")])
            }
        }
        notes.append("p for interaction: joint Wald test of \(r.treatment) × factor; Cox model within each level (ties = \(r.ties))")
        return [TableView(title: title, columns: ["subgroup", counts, "events", hr, "p", "p for interaction"], rows: rows,
                          notes: notes, rightAligned: [1, 2, 4, 5])]
    }
}
