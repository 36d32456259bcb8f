import SQBackend
import Foundation

/// The few values that keep an otherwise numeric (or date) CSV column from
/// being numeric: `.`, `unknown`, `n/a` as a study nurse typed them. Such a
/// column is imported as text — which then makes a model treat it as a
/// factor — so the import says so, names the values and shows the
/// `with na = ...` that reads them as missing (R's `na.strings`).
struct StrayValues {
    /// Distinct stray values and how often each occurs, while there are few.
    private(set) var values: [String: Int] = [:]
    /// More distinct values than `limit`: the column is simply text.
    private(set) var isText = false
    private var total = 0
    /// Values of the column's own type (numbers or dates), counted by the importer.
    var typed = 0

    static let limit = 5

    /// Records a value that is not of the column's type; false once there
    /// are too many distinct ones for them to be strays (the caller then
    /// treats the column as text).
    mutating func note(_ value: String) -> Bool {
        if isText { return false }
        values[value, default: 0] += 1
        total += 1
        // Past a thousand, strays that outnumber a quarter of the typed values are the column's text.
        if values.count > Self.limit || (total > 1_000 && 4 * total > typed) {
            isText = true
            return false
        }
        return true
    }

    /// The warning for a column of `type` (the join of its other values),
    /// or nil when the column is text in earnest.
    func warning(column: String, type: CSVType, path: String, table: String) -> String? {
        let strays = values.values.reduce(0, +)
        // A few odd values among more numbers, not a text column with a stray number.
        guard !isText, type == .integer || type == .real || type == .date, typed > strays else { return nil }
        let listed = values.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        let shown = listed.map { "\"\($0.key)\" (\($0.value)×)" }.joined(separator: ", ")
        let quoted = listed.map { "\"\($0.key)\"" }.joined(separator: ", ")
        let what = type == .date ? "dates" : "numbers"
        let file = (path as NSString).lastPathComponent
        return "column `\(column)` holds \(what) except for \(strays) value\(strays == 1 ? "" : "s") \(shown), so it was imported as text"
            + "; if they mean missing, write `import \"\(file)\" as \(table) replace with na = \(quoted)`"
    }
}
