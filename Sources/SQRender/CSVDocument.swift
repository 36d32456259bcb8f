import SQResults
import SQText

/// `--format csv`: every field the JSON result carries, at full precision,
/// one column each, in tables a spreadsheet or R's `read.csv` takes as they
/// are. A result's JSON object becomes one table per list of records in it
/// (`km.strata`, `km.strata.at`, `cox.terms`, ...): each row is one record
/// with the fields of the records around it (the model's n, events and tests
/// beside every term), and the first column, `result`, names the table.
/// A result with no list of records is one row (`followup`, `logrank` tests).
public enum CSVDocument {
    public struct Table: Equatable, Sendable {
        public var name: String
        public var columns: [String]
        public var rows: [[String]]
    }

    public static func render(_ result: StatementResult) throws -> String { try render(result, colour: false) }

    public static func render(_ result: StatementResult, colour: Bool) throws -> String {
        tables(try ResultDocument.tree(result, colour: colour)).map(csv).joined(separator: "\n")
    }

    public static func tables(_ tree: JSONTree) -> [Table] {
        var rows: [(table: String, cells: [(String, String)])] = []
        let kind: String
        if case .string(let k)? = tree["kind"] { kind = k } else { kind = "result" }
        collect(tree, table: kind, prefix: "", inherited: [], into: &rows)
        var tables: [Table] = []
        var index: [String: Int] = [:]
        for row in rows {
            let t: Int
            if let found = index[row.table] { t = found } else {
                t = tables.count
                index[row.table] = t
                tables.append(Table(name: row.table, columns: [], rows: []))
            }
            for (name, _) in row.cells where !tables[t].columns.contains(name) { tables[t].columns.append(name) }
        }
        for row in rows {
            let t = index[row.table]!  // safe: the loop above gave every row's table an index
            let values = Dictionary(row.cells, uniquingKeysWith: { first, _ in first })
            tables[t].rows.append(tables[t].columns.map { values[$0] ?? "" })
        }
        return tables
    }

    /// Scalars of `object` (nested objects as `a.b`, lists of values as
    /// `a.1`, `a.2`) join the inherited cells; each list of records starts a
    /// table of its own; an object without one is a row.
    private static func collect(_ object: JSONTree, table: String, prefix: String,
                                inherited: [(String, String)], into rows: inout [(table: String, cells: [(String, String)])]) {
        guard case .object(var members) = object else { return }
        // A table result (`count`, `list`, `sql`): its rows are records of its columns.
        if case .array(let names)? = object["columns"], case .array(let values)? = object["rows"] {
            let columns = names.map { if case .string(let s) = $0 { return s } else { return $0.serialized() } }
            let records: [JSONTree] = values.map { row in
                guard case .array(let cells) = row else { return row }
                return .object(zip(columns, cells).map { ($0, $1) })
            }
            members = members.filter { $0.0 != "columns" && $0.0 != "rows" } + [("rows", .array(records))]
        }
        var cells = inherited
        var lists: [(name: String, relative: String, items: [JSONTree])] = []
        func scalars(_ members: [(String, JSONTree)], _ path: String, _ relative: String) {
            for (key, value) in members {
                let name = path.isEmpty ? key : path + "." + key
                let within = relative.isEmpty ? key : relative + "." + key
                switch value {
                case .object(let inner): scalars(inner, name, within)
                case .array(let items):
                    if case .object? = items.first {
                        lists.append((name, within, items))
                    } else {
                        for (i, item) in items.enumerated() { cells.append(("\(name).\(i + 1)", text(item))) }
                    }
                default: cells.append((name, text(value)))
                }
            }
        }
        scalars(members, prefix, "")
        let nonEmpty = lists.filter { !$0.items.isEmpty }
        if nonEmpty.isEmpty {
            rows.append((table, cells))
            return
        }
        for list in nonEmpty {
            for item in list.items {
                collect(item, table: table + "." + list.relative, prefix: list.name, inherited: cells, into: &rows)
            }
        }
    }

    private static func text(_ value: JSONTree) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return s
        default: return value.serialized()
        }
    }

    /// RFC 4180, with control characters other than line breaks and tabs
    /// written as `\u001b` escapes (as in text and JSON) so no value reaches a terminal raw.
    static func csv(_ table: Table) -> String {
        func quote(_ s: String) -> String {
            let escaped = ControlCharacters.escaped(s, keeping: ["\n", "\r", "\t"])
            return escaped.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + escaped.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : escaped
        }
        var out = (["result"] + table.columns).map(quote).joined(separator: ",") + "\n"
        for row in table.rows { out += ([table.name] + row).map(quote).joined(separator: ",") + "\n" }
        return out
    }
}
