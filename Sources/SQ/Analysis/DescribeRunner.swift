import SQCompiler
import SQBackend
import SQSurvival

/// `describe`: a Table 1 with gtsummary's default tests (`add_p`): Wilcoxon
/// rank-sum for a number in two groups, Kruskal–Wallis in more; for a category
/// Pearson's chi-square without continuity correction when every expected count
/// is at least 5, Fisher's exact test otherwise.
extension AnalysisRunner {
    func describe(_ data: FetchedColumns, plan: DescribePlan) throws -> StatementResult {
        var rows = Array(0..<data.rowCount)
        var warnings: [Warning] = []
        if let by = plan.by {
            rows = rows.filter { !data.isNull(by.column, $0) }
            let dropped = data.rowCount - rows.count
            if dropped > 0 {
                warnings.append("\(dropped) row\(dropped == 1 ? "" : "s") with a missing `\(by.label)` left out")
            }
            guard !rows.isEmpty else {
                throw RuntimeError(message: "no rows to describe: `\(by.label)` is missing in every row")
            }
        }
        // Each row's group (by levels in R's order); Overall is the last column.
        let (keys, codes) = plan.by.map { data.groups([$0], rows: rows) } ?? ([], [Int](repeating: 0, count: rows.count))
        let groupCount = keys.count
        var sizes = [Int](repeating: 0, count: groupCount)
        for code in codes where groupCount > 0 { sizes[code] += 1 }
        var groups = zip(keys, sizes).map { key, n in
            DescribeResult.Group(label: key[0].description, overall: false, n: n)
        }
        groups.append(.init(label: "Overall", overall: true, n: rows.count))
        let columns = groupCount + 1
        // Row indices (into `rows`) per column, Overall last.
        var members = [[Int]](repeating: [], count: columns)
        for (i, code) in codes.enumerated() {
            if groupCount > 0 { members[code].append(i) }
            members[groupCount].append(i)
        }

        var variables: [DescribeResult.Variable] = []
        for variable in plan.variables {
            if session.isCancelled { throw SurvivalError.cancelled }
            let missing = members.map { DescribeResult.Count(n: $0.filter { data.isNull(variable.column, rows[$0]) }.count) }
            if isCategorical(variable, data, rows) {
                let (levels, table) = try categoryTable(variable, data, rows: rows, members: members)
                var test: DescribeResult.Test?
                if plan.tests, groupCount > 0 {
                    test = try categoricalTest(table.map { Array($0.prefix(groupCount)) }, warnings: &warnings, label: variable.label)
                }
                let described = zip(levels, table).map { level, counts in
                    DescribeResult.Level(level: level, counts: counts.enumerated().map { j, n in
                        let present = members[j].count - missing[j].n
                        return .init(n: n, percent: present > 0 ? 100 * Double(n) / Double(present) : nil)
                    })
                }
                variables.append(.init(label: variable.label, type: "categorical", summaries: nil, levels: described,
                                       missing: missing, test: test))
            } else {
                let values = data.numbers(variable.column, rows: rows)
                let perGroup = members.map { $0.map { values[$0] } }
                let summaries = perGroup.map { group -> DescribeResult.Summary in
                    let s = NumericSummary(group)
                    func present(_ x: Double) -> Double? { x.isNaN ? nil : x }
                    return .init(n: s.n, mean: present(s.mean), sd: present(s.sd), median: present(s.median),
                                 q1: present(s.q1), q3: present(s.q3), min: present(s.min), max: present(s.max))
                }
                var test: DescribeResult.Test?
                if plan.tests, groupCount > 0 {
                    test = numericTest(perGroup.prefix(groupCount).map { $0.filter { !$0.isNaN } })
                }
                variables.append(.init(label: variable.label, type: "numeric", summaries: summaries, levels: nil,
                                       missing: missing, test: test))
            }
        }
        var value = DescribeResult(by: plan.by?.label, stats: plan.stats.rawValue, groups: groups, variables: variables,
                                   nDropped: data.rowCount - rows.count)
        value.labelGroups()
        return result(.describe(value), warnings: warnings)
    }

    /// Text, `factor(...)` and comparisons are categories; a number column is
    /// one when it holds only 0 and 1.
    func isCategorical(_ variable: DescribeVariable, _ data: FetchedColumns, _ rows: [Int]) -> Bool {
        if let categorical = variable.categorical { return categorical }
        switch data.columns[variable.column] {
        case .real(let values, let nulls):
            return rows.allSatisfy { nulls[$0] || values[$0] == 0 || values[$0] == 1 }
        case .text(let values):
            // A column of unknown type: numbers when every value reads as one.
            return !rows.allSatisfy { values[$0].map { Double($0) != nil } ?? true }
        }
    }

    /// The levels (sorted as `factor` sorts them, `FactorLevels`) and their counts per column.
    func categoryTable(_ variable: DescribeVariable, _ data: FetchedColumns, rows: [Int], members: [[Int]]) throws -> ([Value], [[Int]]) {
        let coding = try FactorLevels(column: variable.column, data: data, rows: rows, merging: false)
        var table = [[Int]](repeating: [Int](repeating: 0, count: members.count), count: coding.levels.count)
        for (j, group) in members.enumerated() {
            for i in group where coding.codes[i] >= 0 { table[coding.codes[i]][j] += 1 }
        }
        return (coding.levels, table)
    }

    func numericTest(_ groups: [[Double]]) -> DescribeResult.Test {
        let method = groups.count == 2 ? "wilcoxon" : "kruskal"
        guard groups.count >= 2 else { return .init(method: method, note: "one group only") }
        do {
            let r = groups.count == 2 ? try RankTests.wilcoxonRankSum(groups[0], groups[1]) : try RankTests.kruskalWallis(groups)
            guard !r.p.isNaN else { return .init(method: method, statistic: nil, df: r.df, p: nil, note: "every value is the same") }
            return .init(method: method, statistic: r.statistic, df: r.df, p: r.p)
        } catch {
            return .init(method: method, note: groups.count == 2 ? "a group has no values" : "fewer than two groups have values")
        }
    }

    /// gtsummary's rule: the expected counts of the whole table (levels × groups)
    /// decide between chi-square and Fisher.
    func categoricalTest(_ table: [[Int]], warnings: inout [Warning], label: String) throws -> DescribeResult.Test {
        let kept = ContingencyTests.droppingEmptyMargins(table)
        guard !table.isEmpty else { return .init(method: "chisq", note: "no values") }
        guard table.first.map({ $0.count >= 2 }) ?? false else { return .init(method: "chisq", note: "one group only") }
        guard kept.count >= 2, (kept.first?.count ?? 0) >= 2 else {
            return .init(method: "chisq", note: kept.count < 2 ? "one level only" : "fewer than two groups have values")
        }
        let smallest = ContingencyTests.expected(table).joined().min() ?? 0
        if smallest >= 5 {
            let r = try ContingencyTests.pearsonChiSquare(table)
            return .init(method: "chisq", statistic: r.statistic, df: r.df, p: r.p)
        }
        do {
            let p = try FisherExact.pValue(table, shouldStop: { [weak session] in session?.isCancelled ?? false })
            return .init(method: "fisher", p: p)
        } catch SurvivalError.cancelled {
            throw SurvivalError.cancelled
        } catch {
            warnings.append("`\(label)`: \(error)")
            return .init(method: "fisher", note: "table too large for the exact test")
        }
    }
}
