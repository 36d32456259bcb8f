import SQResults

/// Tables for `km`, `logrank` and `followup`, as a clinician reads them:
/// "median 5.4 (95% CI 4.4–7.8)", rates in %.
enum SurvivalTables {
    typealias Cell = TableView.Cell

    static func km(_ r: KaplanMeierResult) -> [TableView] {
        let unit = r.unit.map { " (\($0))" } ?? ""
        let level = NumberFormat.number(r.conf * 100)
        let format = NumberFormat.times(r.strata.flatMap { [$0.median, $0.medianLower, $0.medianUpper] })
        let rows: [[Cell]] = r.strata.map { s in
            [Cell(s.label), Cell("\(s.n)"), Cell("\(s.events)"),
             Cell(format(s.median), raw: NumberFormat.raw(s.median)),
             Cell(NumberFormat.interval(s.medianLower, s.medianUpper, format),
                  raw: "\(NumberFormat.raw(s.medianLower));\(NumberFormat.raw(s.medianUpper))")]
        }
        var notes: [String] = []
        if r.strata.contains(where: { $0.median == nil }) { notes.append("NR: not reached") }
        var tables = [TableView(title: "Kaplan–Meier \(r.endpoint)\(unit), \(level)% CI (\(r.confType))",
                                columns: ["stratum", "n", "events", "median", "\(level)% CI"], rows: rows,
                                notes: notes, rightAligned: [1, 2, 3])]
        let atRows: [[Cell]] = r.strata.flatMap { s in
            s.at.map { p in
                [Cell(s.label), Cell(p.label, raw: NumberFormat.raw(p.time)),
                 Cell(NumberFormat.number(p.nRisk)),
                 Cell(NumberFormat.percent(p.survival), raw: NumberFormat.raw(p.survival)),
                 Cell(NumberFormat.interval(p.lower, p.upper, missing: "NA", NumberFormat.percent),
                      raw: "\(NumberFormat.raw(p.lower));\(NumberFormat.raw(p.upper))")]
            }
        }
        if !atRows.isEmpty {
            tables.append(TableView(title: "Survival at", columns: ["stratum", "time", "at risk", "survival", "\(level)% CI"],
                                    rows: atRows, rightAligned: [2, 3]))
        }
        return tables
    }

    static func logrank(_ r: LogRankResult) -> [TableView] {
        let rows: [[Cell]] = r.groups.map { g in
            [Cell(g.label), Cell("\(g.n)"), Cell(NumberFormat.number(g.observed)),
             Cell(NumberFormat.number(g.expected), raw: NumberFormat.raw(g.expected))]
        }
        let strata = r.strata.isEmpty ? "" : ", stratified by \(r.strata.joined(separator: ", "))"
        let test = "Log-rank chi-square \(NumberFormat.number(r.chiSquare)) on \(r.df) df, \(NumberFormat.pClause(r.p))\(strata)"
        return [TableView(title: "Log-rank test \(r.endpoint) by \(r.by.joined(separator: ", "))",
                          columns: ["group", "n", "observed", "expected"], rows: rows, notes: [test], rightAligned: [1, 2, 3])]
    }

    static func followup(_ r: FollowUpResult) -> [TableView] {
        let unit = r.unit.map { " \($0)" } ?? ""
        let format = NumberFormat.times([r.median, r.lower, r.upper])
        let text = "Median follow-up \(format(r.median))\(unit) (95% CI \(NumberFormat.interval(r.lower, r.upper, format))), reverse Kaplan–Meier, n = \(r.n)"
        return [TableView(title: nil, columns: [], rows: [], notes: [text])]
    }
}
