import Foundation
import SQResults

/// A Table 1 as a paper prints it: a column per group with its size in the
/// header, Overall, the p-value column when tests were asked for, a row per
/// numeric variable, a header row and indented rows per categorical one, and
/// footnotes naming the summaries and the tests.
enum DescribeTables {
    static func table(_ r: DescribeResult, minCell: MinCell) -> [TableView] {
        let hasTests = r.variables.contains { $0.test != nil }
        let columns = ["characteristic"] + r.groups.map { "\($0.label) (n = \(minCell.text($0.n)))" } + (hasTests ? ["p"] : [])
        let width = r.groups.count
        var rows: [[TableView.Cell]] = []
        var testNames: [String] = []
        func p(_ test: DescribeResult.Test?) -> [TableView.Cell] {
            guard hasTests else { return [] }
            guard let test else { return [TableView.Cell("")] }
            if !testNames.contains(test.name), test.p != nil { testNames.append(test.name) }
            return [TableView.Cell(test.p.map { NumberFormat.pValue($0) } ?? "—", raw: test.p.map { NumberFormat.raw($0) } ?? "")]
        }
        let blank = [TableView.Cell](repeating: TableView.Cell(""), count: width)
        for variable in r.variables {
            if let summaries = variable.summaries {
                let format = formatter(summaries, stats: r.stats)
                let cells = summaries.map { s -> TableView.Cell in
                    guard s.n > 0 else { return TableView.Cell("—", raw: "") }
                    switch r.stats {
                    case "mean": return TableView.Cell("\(format(s.mean)) ± \(s.sd.map(format) ?? "—")")
                    case "iqr": return TableView.Cell("\(format(s.median)) [\(format(s.q1))–\(format(s.q3))]")
                    default: return TableView.Cell("\(format(s.median)) [\(format(s.min))–\(format(s.max))]")
                    }
                }
                rows.append([TableView.Cell("\(variable.label), \(statsLabel(r.stats))")] + cells + p(variable.test))
            } else {
                rows.append([TableView.Cell("\(variable.label), n (%)")] + blank + p(variable.test))
                for level in variable.levels ?? [] {
                    let cells = level.counts.map { count -> TableView.Cell in
                        if minCell.hides(count.n) { return TableView.Cell("<\(minCell.threshold)") }
                        guard let percent = count.percent else { return TableView.Cell("\(count.n)") }
                        return TableView.Cell("\(count.n) (\(String(format: "%.1f", percent))%)")
                    }
                    rows.append([TableView.Cell("  \(level.level)")] + cells + (hasTests ? [TableView.Cell("")] : []))
                }
            }
            if variable.missing.contains(where: { $0.n > 0 }) {
                rows.append([TableView.Cell("  missing")] + variable.missing.map { TableView.Cell(minCell.text($0.n)) }
                            + (hasTests ? [TableView.Cell("")] : []))
            }
        }
        var notes: [String] = []
        if !testNames.isEmpty { notes.append("p: " + testNames.joined(separator: "; ")) }
        let untested = r.variables.compactMap { v in v.test.flatMap { $0.note.map { "`\(v.label)`: no test, \($0)" } } }
        notes += untested
        if let footnote = minCell.footnote { notes.append(footnote) }
        let title = "Table 1" + (r.by.map { " by \($0)" } ?? "")
        let right = Set(1...(width + (hasTests ? 1 : 0)))
        return [TableView(title: title, columns: columns, rows: rows, notes: notes, rightAligned: right)]
    }

    static func statsLabel(_ stats: String) -> String {
        switch stats {
        case "mean": return "mean ± SD"
        case "iqr": return "median [Q1–Q3]"
        default: return "median [min–max]"
        }
    }

    /// One number format per variable: whole numbers stay whole; a median or
    /// quartile between whole data gets one decimal; otherwise decimals by the
    /// size of the Overall median (2 below 10, 1 below 100, none above).
    static func formatter(_ summaries: [DescribeResult.Summary], stats: String) -> (Double?) -> String {
        let shown = summaries.flatMap { s -> [Double?] in
            switch stats {
            case "mean": return [s.mean, s.sd]
            case "iqr": return [s.median, s.q1, s.q3]
            default: return [s.median, s.min, s.max]
            }
        }.compactMap { $0 }
        let whole = shown.allSatisfy { $0 == $0.rounded() }
        let wholeData = summaries.allSatisfy { s in [s.min, s.max].allSatisfy { $0.map { $0 == $0.rounded() } ?? true } }
        let magnitude = summaries.last?.median.map(abs) ?? 0
        let decimals = wholeData && stats != "mean" ? 1 : (magnitude >= 100 ? 0 : (magnitude >= 10 ? 1 : 2))
        return { x in
            guard let x, x.isFinite else { return "—" }
            if whole { return String(Int64(x)) }
            return String(format: "%.\(decimals)f", x)
        }
    }
}
