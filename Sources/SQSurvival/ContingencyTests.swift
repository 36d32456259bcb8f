import Foundation

/// Tests of independence in an r × c table of counts (`table[row][column]`).
public enum ContingencyTests {
    /// Expected counts under independence, rowᵢ · colⱼ / n (R's `chisq.test(x)$expected`).
    public static func expected(_ table: [[Int]]) -> [[Double]] {
        let rows = table.map { Double($0.reduce(0, +)) }
        let columns = (0..<(table.first?.count ?? 0)).map { j in Double(table.reduce(0) { $0 + $1[j] }) }
        let n = rows.reduce(0, +)
        return rows.map { r in columns.map { c in n > 0 ? r * c / n : 0 } }
    }

    /// The table without its all-zero rows and columns (they carry no information
    /// for either test; R's `table` of a factor keeps them, `fisher.test` ignores them).
    public static func droppingEmptyMargins(_ table: [[Int]]) -> [[Int]] {
        let keptRows = table.filter { $0.contains { $0 > 0 } }
        guard let width = keptRows.first?.count else { return [] }
        let keptColumns = (0..<width).filter { j in keptRows.contains { $0[j] > 0 } }
        return keptRows.map { row in keptColumns.map { row[$0] } }
    }

    /// Pearson's chi-square test without continuity correction (R's
    /// `chisq.test(x, correct = FALSE)`): X² = Σ (o − e)² / e on (r − 1)(c − 1) df.
    public static func pearsonChiSquare(_ table: [[Int]]) throws -> RankTestResult {
        let kept = droppingEmptyMargins(table)
        guard kept.count >= 2, let width = kept.first?.count, width >= 2 else {
            throw SurvivalError.invalidArgument("the chi-square test needs at least two rows and two columns with counts")
        }
        let e = expected(kept)
        var x2 = 0.0
        for i in kept.indices {
            for j in 0..<width {
                let d = Double(kept[i][j]) - e[i][j]
                x2 += d * d / e[i][j]
            }
        }
        let df = (kept.count - 1) * (width - 1)
        return RankTestResult(statistic: x2, df: df, p: ChiSquared.upperTail(x2, df: Double(df)))
    }
}
