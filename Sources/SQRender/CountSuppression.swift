import Foundation
import SQResults

/// `set min_cell` applied where results are shown (see `MinCell`). Every
/// renderer goes through here, so a new kind of result is covered by naming
/// its count fields: JSON keys in `countKeys`, table headers in `countColumns`
/// (or `TableView.countColumns`), `n = 12`, `12 rows`, `12 dropped` in titles,
/// notes, warnings and messages (`inline`). A table cell that holds more than
/// one count (subgroups' `12 / 3`) is formatted with `MinCell` where it is built.
/// CSV is written from the suppressed JSON, so it hides what JSON hides.
public enum CountSuppression {
    /// JSON keys that hold numbers of patients or events, in any result.
    public static let countKeys: Set<String> = ["n", "events", "n_risk", "at_risk", "observed", "n_events", "n_treated", "n_control",
                                                "n_dropped", "n_below", "n_above"]
    /// Keys whose strings are running text that may hold counts (`2 rows with missing values dropped`).
    public static let textKeys: Set<String> = ["warnings", "message"]
    /// Keys that give a suppressed count away and are hidden with it.
    public static let shareKeys: Set<String> = ["percent"]
    /// Table columns that hold counts.
    public static let countColumns: Set<String> = ["n", "events", "at risk", "observed", "n ≤ cutoff", "n > cutoff"]

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
                if textKeys.contains(key) { return (key, text(value, minCell)) }
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

    /// Running text (or a list of it) with its counts hidden.
    static func text(_ value: JSONTree, _ minCell: MinCell) -> JSONTree {
        switch value {
        case .string(let s): return .string(inline(s, minCell))
        case .array(let items): return .array(items.map { text($0, minCell) })
        default: return apply(value, minCell)
        }
    }

    /// A table result (`count`): the cells of `countColumns` that are hidden
    /// become `null`, and a `suppressed` column (true on the rows with a hidden
    /// count) stands beside them, as `"suppressed": true` beside a hidden field.
    public static func apply(table tree: JSONTree, countColumns: [String], _ minCell: MinCell) -> JSONTree {
        guard minCell.isOn, !countColumns.isEmpty, case .object(var members) = tree,
              case .array(let names)? = tree["columns"], case .array(let rows)? = tree["rows"] else { return tree }
        let counted = Set(names.indices.filter { i in
            if case .string(let name) = names[i] { return countColumns.contains(name) } else { return false }
        })
        var any = false
        var flags: [Bool] = []
        let hidden = rows.map { row -> JSONTree in
            guard case .array(let cells) = row else { flags.append(false); return row }
            var hid = false
            let out = cells.enumerated().map { j, cell -> JSONTree in
                guard counted.contains(j) else { return cell }
                let (h, a) = hide(cell, minCell)
                hid = hid || a
                return h
            }
            flags.append(hid)
            any = any || hid
            return .array(out)
        }
        guard any, !names.contains(.string("suppressed")) else { return tree }
        let flagged = zip(hidden, flags).map { row, flag -> JSONTree in
            guard case .array(let cells) = row else { return row }
            return .array(cells + [.bool(flag)])
        }
        members = members.map { key, value in
            switch key {
            case "columns": return (key, .array(names + [.string("suppressed")]))
            case "rows": return (key, .array(flagged))
            default: return (key, value)
            }
        }
        return .object(members)
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

    /// Tables with hidden counts shown as `<k`, and the footnote once — under
    /// tables that can hold counts, and under a message whose count was hidden;
    /// not under `sql`, `list`, `tables` (no count columns) or `wrote km plot to ...`.
    public static func apply(_ tables: [TableView], _ minCell: MinCell) -> [TableView] {
        guard minCell.isOn, let footnote = minCell.footnote else { return tables }
        var inlineHidden = false
        func inline(_ text: String) -> String {
            let hidden = Self.inline(text, minCell)
            if hidden != text { inlineHidden = true }
            return hidden
        }
        var out = tables.map { table -> TableView in
            var t = table
            let counted = t.countColumns ?? Set(t.columns.indices.filter { countColumns.contains(t.columns[$0]) })
            t.rows = t.rows.map { row in
                row.enumerated().map { j, cell in
                    // A blank cell (a model's n shown on its first row only) stays blank.
                    guard counted.contains(j), !cell.display.isEmpty, let n = Double(cell.raw), n == n.rounded(), minCell.hides(n) else { return cell }
                    return TableView.Cell("<\(minCell.threshold)")
                }
            }
            t.title = t.title.map(inline)
            t.notes = t.notes.map(inline)
            return t
        }
        let holdsCounts = inlineHidden || tables.contains { !$0.columns.isEmpty && $0.countColumns != [] }
        if holdsCounts, !out.contains(where: { $0.notes.contains(footnote) }), let last = out.indices.last {
            out[last].notes.append(footnote)
        }
        return out
    }

    /// Counts in running text: `n = 3`, `events = 3`, `n at risk = 3`; `3 rows`,
    /// `3 patients`, `3 events`; `3 dropped` (the group `count` of each pattern).
    static let inlinePatterns: [NSRegularExpression] = [
        "\\b(n|events|n at risk) = (?<count>[0-9]+)\\b",
        "\\b(?<count>[0-9]+) (rows?|patients?|events?)\\b",
        "\\b(?<count>[0-9]+) dropped\\b",
    ].compactMap { try? NSRegularExpression(pattern: $0) }

    /// `text` with every count of `inlinePatterns` that must not be shown written as `<k`.
    public static func inline(_ text: String, _ minCell: MinCell) -> String {
        guard minCell.isOn else { return text }
        var result = text
        for pattern in inlinePatterns {
            let matches = pattern.matches(in: result, range: NSRange(result.startIndex..., in: result)).reversed()
            for match in matches {
                guard let numberRange = Range(match.range(withName: "count"), in: result), let n = Int(result[numberRange]),
                      minCell.hides(n) else { continue }
                result.replaceSubrange(numberRange, with: "<\(minCell.threshold)")
            }
        }
        return result
    }
}
