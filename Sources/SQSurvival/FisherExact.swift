import Foundation

/// Fisher's exact test of independence in an r × c table, two-sided, as R's
/// `fisher.test`: the p-value is the total probability, under the product of
/// hypergeometrics given both margins, of every table no more probable than the
/// observed one (relative tolerance 1e-7, R's `relErr`).
///
/// The tables are not listed one by one. Following the network algorithm of
/// Mehta & Patel (1983, JASA 78:427–434; R's FEXACT), columns are filled one at a
/// time; a node is the multiset of row totals still to fill, and paths that reach
/// the same node with the same partial probability are merged. At every node the
/// largest and smallest probability of any completion bound the decision: when
/// even the most probable completion qualifies, the node's whole probability —
/// known in closed form (Vandermonde) — is added at once; when even the least
/// probable one does not, the node is dropped. The last two columns are resolved
/// row by row with exact bounds. Work is counted: a table beyond `workLimit`
/// steps is an error that says so, never a hang.
public enum FisherExact {
    public static func pValue(_ table: [[Int]], workLimit: Int = 50_000_000,
                              shouldStop: (@Sendable () -> Bool)? = nil) throws -> Double {
        var kept = ContingencyTests.droppingEmptyMargins(table)
        guard kept.count >= 2, let width = kept.first?.count, width >= 2 else {
            throw SurvivalError.invalidArgument("Fisher's exact test needs at least two rows and two columns with counts")
        }
        guard kept.allSatisfy({ $0.count == width && $0.allSatisfy { $0 >= 0 } }) else {
            throw SurvivalError.invalidArgument("Fisher's exact test needs a rectangular table of counts 0 or more")
        }
        // Columns are the shorter side: fewer stages.
        if width > kept.count { kept = (0..<width).map { j in kept.map { $0[j] } } }
        var search = Search(table: kept, workLimit: workLimit, shouldStop: shouldStop)
        return try search.run()
    }

    struct Search {
        let rowTotals: [Int]
        let columnTotals: [Int]
        let logFactorial: [Double]
        /// log P(table) = constant + Σ −log xᵢⱼ!
        let constant: Double
        /// A table qualifies when its Σ −log xᵢⱼ! is at most this.
        let target: Double
        let workLimit: Int
        let shouldStop: (@Sendable () -> Bool)?
        var work = 0
        var pValue = 0.0
        /// Per-call buffers of the two-column search (suffix sums of the rows and of their log factorials).
        var suffix: [Int] = []
        var suffixLF: [Double] = []
        var scratch: [Int] = []

        init(table: [[Int]], workLimit: Int, shouldStop: (@Sendable () -> Bool)?) {
            rowTotals = table.map { $0.reduce(0, +) }
            columnTotals = (0..<table[0].count).map { j in table.reduce(0) { $0 + $1[j] } }
            let n = rowTotals.reduce(0, +)
            var lf = [Double](repeating: 0, count: n + 2)
            for i in stride(from: 2, through: n + 1, by: 1) { lf[i] = lf[i - 1] + log(Double(i)) }
            logFactorial = lf
            constant = rowTotals.reduce(0) { $0 + lf[$1] } + columnTotals.reduce(0) { $0 + lf[$1] } - lf[n]
            let observed = table.reduce(0.0) { sum, row in sum - row.reduce(0) { $0 + lf[$1] } }
            target = observed + 1e-7
            self.workLimit = workLimit
            self.shouldStop = shouldStop
        }

        mutating func step(_ amount: Int = 1) throws {
            work += amount
            if work > workLimit {
                throw SurvivalError.invalidArgument(
                    "Fisher's exact test: the \(rowTotals.count) × \(columnTotals.count) table of \(rowTotals.reduce(0, +)) is too large to enumerate exactly")
            }
            if work & 0xFFFF == 0, let shouldStop, shouldStop() { throw SurvivalError.cancelled }
        }

        mutating func run() throws -> Double {
            let c = columnTotals.count
            // Stage k: nodes (remaining row totals, sorted) → merged pasts (Σ −log x! so far, weight).
            var nodes: [[Int]: [Int64: (past: Double, weight: Double)]] = [rowTotals.sorted(by: >): [0: (0, 1)]]
            var k = 0
            while c - k > 2 {
                var next: [[Int]: [Int64: (past: Double, weight: Double)]] = [:]
                let later = Array(columnTotals[k...])
                for (rows, pasts) in nodes {
                    let upper = columnBoundsUpper(rows, later), lower = columnBoundsLower(later)
                    let total = logTotal(rows, later)
                    var open: [(past: Double, weight: Double)] = []
                    for (_, entry) in pasts {
                        if entry.past + upper <= target {
                            pValue += entry.weight * exp(constant + entry.past + total)
                        } else if entry.past + lower <= target {
                            open.append(entry)
                        }
                    }
                    if open.isEmpty { continue }
                    var y = [Int](repeating: 0, count: rows.count)
                    if c - k == 3 && k == 0 {
                        // From the root (one path) the children go straight to the two-column search.
                        var children: [([Int], Double)] = []
                        let lf = logFactorial
                        try columnVectors(rows, total: columnTotals[k], at: 0, &y) { y in
                            var edge = 0.0
                            var child = rows
                            for i in rows.indices { edge -= lf[y[i]]; child[i] -= y[i] }
                            children.append((child, edge))
                        }
                        for (child, edge) in children {
                            for entry in open {
                                try twoColumns(child, first: columnTotals[k + 1], past: entry.past + edge, weight: entry.weight)
                            }
                        }
                        continue
                    }
                    let lf = logFactorial
                    try columnVectors(rows, total: columnTotals[k], at: 0, &y) { y in
                        var edge = 0.0
                        var child = rows
                        for i in rows.indices { edge -= lf[y[i]]; child[i] -= y[i] }
                        child.sort(by: >)
                        var merged = next[child] ?? [:]
                        for entry in open {
                            let past = entry.past + edge
                            let key = Int64((past * 1e8).rounded())
                            if let old = merged[key] { merged[key] = (old.past, old.weight + entry.weight) }
                            else { merged[key] = (past, entry.weight) }
                        }
                        next[child] = merged
                    }
                }
                nodes = next
                k += 1
                if c == 3 { return Swift.max(0, Swift.min(1, pValue)) }
            }
            for (rows, pasts) in nodes {
                for (_, entry) in pasts {
                    try twoColumns(rows, first: columnTotals[k], past: entry.past, weight: entry.weight)
                }
            }
            return Swift.max(0, Swift.min(1, pValue))
        }

        /// Every column vector y with Σy = total and 0 ≤ yᵢ ≤ rowsᵢ.
        mutating func columnVectors(_ rows: [Int], total: Int, at i: Int, _ y: inout [Int],
                                    _ visit: ([Int]) throws -> Void) throws {
            try step()
            if i == rows.count - 1 {
                guard total <= rows[i] else { return }
                y[i] = total
                try visit(y)
                return
            }
            let rest = rows[(i + 1)...].reduce(0, +)
            for v in Swift.max(0, total - rest)...Swift.min(rows[i], total) {
                y[i] = v
                try columnVectors(rows, total: total - v, at: i + 1, &y, visit)
            }
        }

        /// log Σ over all completions of Π 1/xᵢⱼ! = log N! − Σ log Rᵢ! − Σ log Cⱼ!.
        func logTotal(_ rows: [Int], _ columns: [Int]) -> Double {
            logFactorial[rows.reduce(0, +)] - rows.reduce(0) { $0 + logFactorial[$1] } - columns.reduce(0) { $0 + logFactorial[$1] }
        }

        /// An upper bound on Σ −log x! over completions: each column alone at its
        /// most even spread under the row caps (row sums relaxed).
        func columnBoundsUpper(_ rows: [Int], _ columns: [Int]) -> Double {
            columns.reduce(0.0) { sum, total in
                var y = [Int](repeating: 0, count: rows.count), left = total
                // Water-filling: each unit goes to the smallest cell with room (−log x! is concave).
                while left > 0 {
                    var best = -1
                    for i in rows.indices where y[i] < rows[i] && (best < 0 || y[i] < y[best]) { best = i }
                    guard best >= 0 else { break }
                    let room = rows[best] - y[best]
                    let level = rows.indices.filter { $0 != best && y[$0] < rows[$0] }.map { y[$0] }.min() ?? Int.max
                    let add = Swift.max(1, Swift.min(room, left, level == Int.max ? left : level - y[best] + 1))
                    y[best] += add
                    left -= add
                }
                return sum - y.reduce(0) { $0 + logFactorial[$1] }
            }
        }

        /// A lower bound: a column's cells cannot beat all of it in one cell (a!b! ≤ (a + b)!).
        func columnBoundsLower(_ columns: [Int]) -> Double {
            columns.reduce(0.0) { $0 - logFactorial[$1] }
        }

        /// The last two columns: y in the first, rows − y in the second, row by row.
        mutating func twoColumns(_ rows: [Int], first: Int, past: Double, weight: Double) throws {
            let r = rows.count
            if suffix.count != r + 1 {
                suffix = [Int](repeating: 0, count: r + 1)
                suffixLF = [Double](repeating: 0, count: r + 1)
                scratch = [Int](repeating: 0, count: r)
            }
            suffix[r] = 0
            suffixLF[r] = 0
            for i in stride(from: r - 1, through: 0, by: -1) {
                suffix[i] = suffix[i + 1] + rows[i]
                suffixLF[i] = suffixLF[i + 1] + logFactorial[rows[i]]
            }
            try rowsFrom(0, left: first, acc: past, rows: rows, weight: weight)
        }

        @inline(__always) func h(_ y: Int, _ r: Int) -> Double { -logFactorial[y] - logFactorial[r - y] }

        mutating func rowsFrom(_ i: Int, left s: Int, acc: Double, rows: [Int], weight: Double) throws {
            try step()
            let r = rows.count
            if i == r - 1 {
                let value = acc + h(s, rows[i])
                if value <= target { pValue += weight * exp(constant + value) }
                return
            }
            if acc + minCompletion(i, s, rows: rows) > target { return }
            if acc + maxCompletion(i, s, rows: rows) <= target {
                // Σ over y of Π 1/(y!(R − y)!) = C(S, s) / Π R! (Vandermonde).
                let total = logFactorial[suffix[i]] - logFactorial[s] - logFactorial[suffix[i] - s] - suffixLF[i]
                pValue += weight * exp(constant + acc + total)
                return
            }
            let lo = Swift.max(0, s - suffix[i + 1]), hi = Swift.min(rows[i], s)
            guard lo <= hi else { return }
            for y in lo...hi {
                try rowsFrom(i + 1, left: s - y, acc: acc + h(y, rows[i]), rows: rows, weight: weight)
            }
        }

        /// The exact maximum of Σ h(yⱼ, Rⱼ) over j ≥ i with Σ yⱼ = s: h is concave in y,
        /// so start from the proportional split, add the units rounding left over
        /// where they gain most, then move single units while that gains.
        mutating func maxCompletion(_ i: Int, _ s: Int, rows: [Int]) -> Double {
            let total = suffix[i], r = rows.count
            guard total > 0 else { return 0 }
            var left = s
            for j in i..<r {
                let v = Swift.min(rows[j], Int((Double(rows[j]) * Double(s) / Double(total)).rounded(.down)))
                scratch[j] = v
                left -= v
            }
            @inline(__always) func gain(_ j: Int, _ y: [Int]) -> Double {
                y[j] < rows[j] ? log(Double(rows[j] - y[j]) / Double(y[j] + 1)) : -.infinity
            }
            @inline(__always) func loss(_ j: Int, _ y: [Int]) -> Double {
                y[j] > 0 ? log(Double(rows[j] - y[j] + 1) / Double(y[j])) : .infinity
            }
            while left > 0 {
                var best = -1, bestGain = -Double.infinity
                for j in i..<r { let g = gain(j, scratch); if g > bestGain { best = j; bestGain = g } }
                guard best >= 0 else { break }
                scratch[best] += 1
                left -= 1
            }
            while true {
                var up = -1, upGain = -Double.infinity, down = -1, downLoss = Double.infinity
                for j in i..<r {
                    let g = gain(j, scratch), l = loss(j, scratch)
                    if g > upGain { up = j; upGain = g }
                    if l < downLoss { down = j; downLoss = l }
                }
                guard up >= 0, down >= 0, up != down, upGain > downLoss + 1e-12 else { break }
                scratch[up] += 1
                scratch[down] -= 1
            }
            var sum = 0.0
            for j in i..<r { sum += h(scratch[j], rows[j]) }
            return sum
        }

        /// A lower bound on Σ h(yⱼ, Rⱼ): each row alone at the worse end of its
        /// feasible range (h is concave: its minimum on an interval is at an end).
        func minCompletion(_ i: Int, _ s: Int, rows: [Int]) -> Double {
            var sum = 0.0
            for j in i..<rows.count {
                let others = suffix[i] - rows[j]
                let lo = Swift.max(0, s - others), hi = Swift.min(rows[j], s)
                sum += Swift.min(h(lo, rows[j]), h(hi, rows[j]))
            }
            return sum
        }
    }
}
