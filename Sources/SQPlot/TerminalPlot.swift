import SQSyntax
import SQText

/// Survival curves drawn in the terminal with Unicode braille (2 × 4 dots per
/// character), one ANSI colour per stratum, with percentage and time labels.
public struct TerminalPlot {
    public static func render(_ plot: SurvivalCurvePlot, columns: Int = 64, rows: Int = 16, colour: Bool = true) -> String {
        let dotsX = columns * 2, dotsY = rows * 4
        var cells = [[UInt8]](repeating: [UInt8](repeating: 0, count: columns), count: rows)
        var owner = [[Int]](repeating: [Int](repeating: -1, count: columns), count: rows)
        let maxTime = max(plot.breaks.last ?? 1, plot.curves.flatMap(\.time).max() ?? 1)
        // Braille dot bits for (column 0/1, row 0...3).
        let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        for (index, curve) in plot.curves.enumerated() {
            let end = curve.time.last ?? 0
            var previous = 0
            for dx in 0..<dotsX {
                let t = Double(dx) / Double(dotsX - 1) * maxTime
                guard t <= end || dx == 0 else { break }
                let s = curve.survival(at: t)
                guard s.isFinite else { continue }
                let dy = min(dotsY - 1, max(0, Int(((1 - s) * Double(dotsY - 1)).rounded())))
                // Join the drop from the previous step, so the curve reads as steps.
                for y in min(previous, dy)...max(previous, dy) {
                    cells[y / 4][dx / 2] |= bits[dx % 2][y % 4]
                    owner[y / 4][dx / 2] = index
                }
                previous = dy
            }
        }
        let colours = ["\u{1B}[34m", "\u{1B}[31m", "\u{1B}[32m", "\u{1B}[35m", "\u{1B}[33m", "\u{1B}[36m"]
        var out = ""
        for r in 0..<rows {
            let label = r == 0 ? "100%" : r == rows / 2 ? " 50%" : r == rows - 1 ? "  0%" : "    "
            out += label + " │"
            for c in 0..<columns {
                let ch = cells[r][c] == 0 ? " " : String(UnicodeScalar(0x2800 + UInt32(cells[r][c])).map(Character.init) ?? " ")
                if colour, owner[r][c] >= 0 { out += colours[owner[r][c] % colours.count] + ch + "\u{1B}[0m" } else { out += ch }
            }
            out += "\n"
        }
        out += "     └" + String(repeating: "─", count: columns) + "\n"
        var axis = [Character](repeating: " ", count: columns + 8)
        for b in plot.breaks {
            let text = Array(SVGDocument.number(b))
            // A zero or infinite time axis would make the position NaN, which Int() traps on.
            let fraction = b / maxTime
            guard fraction.isFinite, fraction >= 0, fraction <= 1 else { continue }
            let position = 6 + Int(fraction * Double(columns - 1))
            for (k, ch) in text.enumerated() where position + k < axis.count { axis[position + k] = ch }
        }
        out += String(axis).trailingTrimmed + "\n"
        // Labels come from the data: their control characters must not reach the terminal.
        out += "      " + ControlCharacters.escaped(plot.timeLabel) + "\n"
        for (index, curve) in plot.curves.enumerated() {
            let mark = colour ? colours[index % colours.count] + "━━" + "\u{1B}[0m" : "━━"
            out += "  \(mark) \(ControlCharacters.escaped(curve.label))\n"
        }
        if let note = plot.note { out += "  \(ControlCharacters.escaped(note))\n" }
        return out
    }
}

extension String {
    var trailingTrimmed: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
