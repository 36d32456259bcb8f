import Foundation
import SQResults

/// `--format html`: one self-contained page for a whole run — a header with
/// the script, date, SQ version and the data files' SHA-256, then per
/// statement its text as a caption, its tables as journal tables (rules
/// above and below the header and at the foot, no vertical lines, numbers
/// right-aligned), its figure as inline SVG and its warnings as notes.
/// Inline CSS only, no scripts, no links: it reads offline and prints to PDF.
/// Every value is escaped.
public struct HTMLReport: Sendable {
    public var title: String
    public var date: Date
    public var dataFiles: [String] = []
    private var sections: [String] = []

    public init(title: String, date: Date = Date()) {
        self.title = title
        self.date = date
    }

    public var isEmpty: Bool { sections.isEmpty }

    public mutating func add(_ result: StatementResult) {
        var out = "<section class=\"result\">\n"
        out += "<p class=\"statement\"><span class=\"line\">line \(result.line)</span> <code>\(Self.escape(result.statement))</code></p>\n"
        if case .plot(let plot) = result.value, let svg = plot.svg {
            out += "<figure>" + Self.inline(svg: svg) + "<figcaption>\(Self.escape(Self.figureCaption(plot)))</figcaption></figure>\n"
        } else {
            for table in CountSuppression.apply(Renderer.tables(for: result), result.disclosure) { out += Self.table(table) }
        }
        for warning in result.warnings { out += "<p class=\"note warning\">Note: \(Self.escape(warning))</p>\n" }
        sections.append(out + "</section>\n")
    }

    /// A run that stopped: the diagnostic, as the terminal showed it.
    public mutating func add(error text: String) {
        sections.append("<section class=\"result\"><pre class=\"error\">\(Self.escape(text))</pre></section>\n")
    }

    public func html() -> String {
        let stamp = ISO8601DateFormatter.string(from: date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withInternetDateTime])
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="generator" content="SQ \(Self.escape(SQVersion.string))">
        <title>\(Self.escape(title))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <header>
        <h1>\(Self.escape(title))</h1>
        <dl class="meta">
        <dt>Run</dt><dd>\(Self.escape(stamp))</dd>
        <dt>SQ</dt><dd>\(Self.escape(SQVersion.string))</dd>

        """
        for file in dataFiles {
            let digest = SHA256.hex(file: file) ?? "(unreadable)"
            out += "<dt>Data</dt><dd><code>\(Self.escape((file as NSString).lastPathComponent))</code> SHA-256 <code class=\"digest\">\(Self.escape(digest))</code></dd>\n"
        }
        out += "</dl>\n</header>\n<main>\n"
        out += sections.joined()
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    static func figureCaption(_ plot: PlotResult) -> String {
        let kind = plot.plot == "km" ? "Kaplan–Meier curves" : plot.plot == "cutpoint" ? "Cutpoint scan" : "Forest plot"
        let series = plot.series.prefix(8).joined(separator: "; ")
        return series.isEmpty ? kind : "\(kind): \(series)" + (plot.series.count > 8 ? "; …" : "")
    }

    static func table(_ table: TableView) -> String {
        var out = ""
        if !table.columns.isEmpty {
            out += "<table>\n"
            if let title = table.title { out += "<caption>\(escape(title))</caption>\n" }
            out += "<thead><tr>" + table.columns.enumerated().map { i, name in
                "<th\(table.rightAligned.contains(i) ? " class=\"num\"" : "")>\(escape(name))</th>"
            }.joined() + "</tr></thead>\n<tbody>\n"
            for row in table.rows {
                out += "<tr>" + row.enumerated().map { i, cell in
                    "<td\(table.rightAligned.contains(i) ? " class=\"num\"" : "")>\(escape(cell.display))</td>"
                }.joined() + "</tr>\n"
            }
            out += "</tbody>\n</table>\n"
        } else if let title = table.title {
            out += "<p class=\"title\">\(escape(title))</p>\n"
        }
        for note in table.notes {
            // A terminal drawing (braille plot) keeps its lines; ordinary notes are prose.
            out += note.contains("\n") ? "<pre class=\"note\">\(escape(note))</pre>\n" : "<p class=\"note\">\(escape(note))</p>\n"
        }
        return out
    }

    /// The SVG element itself, without an XML declaration or doctype (not allowed inside HTML).
    static func inline(svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        return String(svg[start.lowerBound...])
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static let style = """
    body{font-family:"DejaVu Serif",Georgia,"Times New Roman",serif;color:#111;background:#fff;max-width:58em;margin:2em auto;padding:0 1.5em;line-height:1.4}
    header{border-bottom:2px solid #111;margin-bottom:1.5em}
    h1{font-size:1.5em;margin:0 0 .4em}
    dl.meta{display:grid;grid-template-columns:auto 1fr;gap:.1em 1em;font-size:.85em;margin:0 0 1em}
    dl.meta dt{font-weight:bold}dl.meta dd{margin:0}
    code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.9em}
    code.digest{word-break:break-all;font-size:.8em}
    section.result{margin:0 0 1.8em;break-inside:avoid}
    p.statement{margin:0 0 .5em;color:#333}
    p.statement .line{font-size:.75em;color:#777;margin-right:.4em}
    table{border-collapse:collapse;margin:.3em 0 .5em;font-size:.9em;font-variant-numeric:tabular-nums}
    caption{caption-side:top;text-align:left;font-weight:bold;padding-bottom:.3em}
    thead th{border-top:2px solid #111;border-bottom:1px solid #111;padding:.25em .8em;text-align:left;font-weight:bold}
    tbody td{padding:.15em .8em;text-align:left}
    tbody tr:last-child td{border-bottom:2px solid #111}
    th.num,td.num{text-align:right}
    p.note{font-size:.85em;margin:.2em 0;color:#333}
    p.warning{color:#7a4b00}
    pre.note{font-size:.7em;line-height:1.1}
    pre.error{color:#a00000;white-space:pre-wrap}
    figure{margin:.5em 0}figure svg{max-width:100%;height:auto}
    figcaption{font-size:.85em;color:#333}
    @media print{body{margin:0;max-width:none}section.result{page-break-inside:avoid}}
    """
}
