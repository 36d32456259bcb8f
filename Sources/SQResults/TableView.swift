import Foundation
import SQText

/// A rendered table: a title, column headers, and cells that each carry the
/// text a reader sees and the full-precision text CSV writes.
public struct TableView: Sendable {
    public struct Cell: Sendable {
        public var display: String
        public var raw: String
        /// `display` shows line breaks and tabs as `\n` and `\t`, so a quoted
        /// multi-line CSV field keeps its row on one line; `raw` keeps them.
        /// Every other control character (ESC, C1, bidi overrides) is escaped in
        /// both, so a data value cannot drive the terminal (`\u001b`).
        public init(_ display: String, raw: String? = nil) {
            self.display = ControlCharacters.escaped(display)
            self.raw = ControlCharacters.escaped(raw ?? display, keeping: ["\n", "\r", "\t"])
        }
    }

    public var title: String?
    public var columns: [String]
    public var rows: [[Cell]]
    /// Lines printed under the table (tests, warnings).
    public var notes: [String]
    /// Columns to right-align in text (numbers).
    public var rightAligned: Set<Int>
    /// Columns that hold counts `set min_cell` hides; nil: the columns whose
    /// header is one of `CountSuppression.countColumns`.
    public var countColumns: Set<Int>?

    /// Titles, headers and notes carry names and values from the data, so their
    /// control characters are escaped as the cells' are (notes keep line breaks).
    public init(title: String?, columns: [String], rows: [[Cell]], notes: [String] = [], rightAligned: Set<Int> = []) {
        self.title = title.map { ControlCharacters.escaped($0) }
        self.columns = columns.map { ControlCharacters.escaped($0) }
        self.rows = rows
        self.notes = notes.map { ControlCharacters.escaped($0, keeping: ["\n"]) }
        self.rightAligned = rightAligned
    }

    /// Aligned columns under a header and a rule, for terminals and logs.
    public func text() -> String {
        var out = ""
        if let title { out += title + "\n" }
        if !columns.isEmpty {
            var widths = columns.map(\.count)
            for row in rows {
                for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.display.count) }
            }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { i, cell in
                    let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                    return rightAligned.contains(i) ? pad + cell : cell + pad
                }.joined(separator: "  ").trailingSpacesTrimmed + "\n"
            }
            out += line(columns)
            out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
            for row in rows { out += line(row.map(\.display)) }
        }
        for note in notes { out += note + "\n" }
        return out
    }

    /// A GitHub-flavoured Markdown table.
    public func markdown() -> String {
        var out = ""
        if let title { out += "**\(title)**\n\n" }
        if !columns.isEmpty {
            func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
            out += "| " + columns.map(escape).joined(separator: " | ") + " |\n"
            out += "|" + columns.indices.map { rightAligned.contains($0) ? "---:|" : "---|" }.joined() + "\n"
            for row in rows { out += "| " + row.map { escape($0.display) }.joined(separator: " | ") + " |\n" }
        }
        if !notes.isEmpty { out += "\n" + notes.joined(separator: "  \n") + "\n" }
        return out
    }

    /// RFC 4180 CSV of the raw values (no notes).
    public func csv() -> String {
        func quote(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = columns.map(quote).joined(separator: ",") + "\n"
        for row in rows { out += row.map { quote($0.raw) }.joined(separator: ",") + "\n" }
        return out
    }
}

extension String {
    public var trailingSpacesTrimmed: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
