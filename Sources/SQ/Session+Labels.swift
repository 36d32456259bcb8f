import Foundation
import SQSyntax
import SQCompiler
import SQBackend

/// What an SPSS, Stata or SAS file says about its columns beyond their
/// values: variable labels (`Age at diagnosis (years)`) and the coded order
/// of value labels (`low, medium, high`, not the alphabetical `high, low,
/// medium`). Kept per table in the session, not in SQLite: they describe an
/// import, not data a query should see, and a read-only database could not
/// hold them anyway. Keys are lowercased column names.
public struct TableLabels: Sendable, Equatable {
    public var variables: [String: String] = [:]
    public var levels: [String: [String]] = [:]
    public var isEmpty: Bool { variables.isEmpty && levels.isEmpty }
}

extension Session {
    /// Called after every import: a CSV or a replaced table drops what an earlier file said.
    func keepLabels(of report: ImportReport) {
        var labels = TableLabels()
        for pair in report.labelPairs {
            if let label = pair.label { labels.variables[pair.column.lowercased()] = label }
            if let levels = pair.levels { labels.levels[pair.column.lowercased()] = levels }
        }
        tableLabels[report.table.lowercased()] = labels.isEmpty ? nil : labels
    }

    /// The labels of a table as imported (empty for CSV and Excel files).
    public func labels(ofTable table: String) -> TableLabels {
        tableLabels[table.lowercased()] ?? TableLabels()
    }

    /// The labels that apply to a relation: its table's, or for a cohort or a
    /// join, every labelled table's (a column keeps its name through both).
    func labels(forRelation name: String) -> TableLabels {
        if let own = tableLabels[name.lowercased()] { return own }
        var merged = TableLabels()
        for (_, labels) in tableLabels.sorted(by: { $0.key < $1.key }) {
            merged.variables.merge(labels.variables) { first, _ in first }
            merged.levels.merge(labels.levels) { first, _ in first }
        }
        return merged
    }

    /// Per request column that is a plain column with value labels: their coded order.
    func declaredLevels(for request: DataRequest) -> [Int: [String]] {
        let labels = labels(forRelation: request.relation.name)
        guard !labels.levels.isEmpty else { return [:] }
        var result: [Int: [String]] = [:]
        for (i, column) in request.columns.enumerated() {
            for schema in request.relation.columns where column.fragment.identifierName == schema.name {
                if let levels = labels.levels[schema.name.lowercased()] { result[i] = levels }
            }
        }
        return result
    }

    /// `with labels = true` on the statement, else `set labels = true`; the option is
    /// taken off the statement so the analysis's own options are checked as before.
    func wantsLabels(_ statement: inout AnalysisStatement) throws -> Bool {
        var wanted = (environment.settings["labels"] ?? 0) != 0
        // `labels = true|false` asks for variable labels; `labels = ("a", "b")` is a
        // figure's legend (`plot km`), which the plot options read.
        func isSwitch(_ option: Argument) -> Bool {
            guard option.label?.text.lowercased() == "labels" else { return false }
            switch option.value.kind {
            case .boolean, .number: return true
            default: return false
            }
        }
        if let index = statement.options.lastIndex(where: isSwitch) {
            wanted = try Self.boolean(statement.options[index].value, name: "labels")
            statement.options.removeAll(where: isSwitch)
        }
        return wanted
    }

    static func boolean(_ value: Expr, name: String) throws -> Bool {
        switch value.kind {
        case .boolean(let b): return b
        case .number(let n, _) where n == 0 || n == 1: return n == 1
        default: throw Diagnostic.error("`\(name)` is `true` or `false`", at: value.span)
        }
    }
}

extension FetchedColumns {
    /// Two values of request column `column` in level order: a declared
    /// order (value labels) first, then R's order for anything else.
    func precedes(_ a: Value, _ b: Value, column: Int) -> Bool {
        if let order = declaredLevels[column], case .text(let x) = a, case .text(let y) = b,
           let i = order.firstIndex(of: x), let j = order.firstIndex(of: y) {
            return i < j
        }
        return Value.precedes(a, b)
    }

    func keyPrecedes(_ a: [Value], _ b: [Value], columns: [Int]) -> Bool {
        for (k, (x, y)) in zip(a, b).enumerated() where x != y {
            return k < columns.count ? precedes(x, y, column: columns[k]) : Value.precedes(x, y)
        }
        return a.count < b.count
    }
}
