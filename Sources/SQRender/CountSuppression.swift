import Foundation
import SQ

/// `set min_cell` applied where results are shown (see `MinCell`). Every
/// renderer goes through here, so a new kind of result is covered by naming
/// its count fields: JSON keys in `countKeys`, table headers in `countColumns`,
/// `n = 12` / `events = 12` in titles and notes.
public enum CountSuppression {
    /// JSON keys that hold numbers of patients or events, in any result.
    public static let countKeys: Set<String> = ["n", "events", "n_risk", "at_risk", "observed", "n_events", "n_treated", "n_control"]
    /// Keys that give a suppressed count away and are hidden with it.
    public static let shareKeys: Set<String> = ["percent"]
    /// Table columns that hold counts.
    public static let countColumns: Set<String> = ["n", "events", "at risk", "observed"]

    /// The JSON of a result with every hidden count `null` and `"suppressed": true` beside it.
    public static func apply(_ tree: JSONTree, _ minCell: MinCell) -> JSONTree {
        guard minCell.isOn else { return tree }
        switch tree {
        case .object(let members):
            var suppressed = false
            var out: [(String, JSONTree)] = members.map { key, value in
                if countKeys.contains(key) {
                    let (hidden, any) = hide(value, minCell)
                    if any { suppressed = true; return (key, hidden) }
                    return (key, value)
                }
                return (key, apply(value, minCell))
            }
            if suppressed {
                out = out.map { shareKeys.contains($0.0) ? ($0.0, .null) : $0 }
                if !out.contains(where: { $0.0 == "suppressed" }) { out.append(("suppressed", .bool(true))) }
            }
            return .object(out)
        case .array(let items):
            return .array(items.map { apply($0, minCell) })
        default:
            return tree
        }
    }

    /// A count (or an array of counts, as `at_risk`) with hidden values nulled, and whether any was.
    static func hide(_ value: JSONTree, _ minCell: MinCell) -> (JSONTree, Bool) {
        switch value {
        case .integer(let i) where minCell.hides(Int(i)): return (.null, true)
        case .number(let d) where minCell.hides(d): return (.null, true)
        case .array(let items):
            var any = false
            let hidden = items.map { item -> JSONTree in
                let (h, a) = hide(item, minCell)
                any = any || a
                return h
            }
            return (.array(hidden), any)
        case .object:
            return (apply(value, minCell), false)
        default:
            return (value, false)
        }
    }

    /// Tables with hidden counts shown as `<k`, and the footnote once.
    public static func apply(_ tables: [TableView], _ minCell: MinCell) -> [TableView] {
        guard minCell.isOn, let footnote = minCell.footnote else { return tables }
        var out = tables.map { table -> TableView in
            var t = table
            let counted = Set(t.columns.indices.filter { countColumns.contains(t.columns[$0]) })
            t.rows = t.rows.map { row in
                row.enumerated().map { j, cell in
                    guard counted.contains(j), let n = Double(cell.raw), n == n.rounded(), minCell.hides(n) else { return cell }
                    return TableView.Cell("<\(minCell.threshold)")
                }
            }
            t.title = t.title.map { inline($0, minCell) }
            t.notes = t.notes.map { inline($0, minCell) }
            return t
        }
        if !out.contains(where: { $0.notes.contains(footnote) }), let last = out.indices.last {
            out[last].notes.append(footnote)
        }
        return out
    }

    /// `n = 3` and `events = 3` in running text.
    static func inline(_ text: String, _ minCell: MinCell) -> String {
        guard let pattern = try? NSRegularExpression(pattern: "\\b(n|events|n at risk) = ([0-9]+)\\b") else { return text }
        var result = text
        let matches = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed()
        for match in matches {
            guard let numberRange = Range(match.range(at: 2), in: result), let n = Int(result[numberRange]), minCell.hides(n) else { continue }
            result.replaceSubrange(numberRange, with: "<\(minCell.threshold)")
        }
        return result
    }
}
