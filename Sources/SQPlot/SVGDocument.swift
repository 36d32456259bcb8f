import Foundation
import SQSyntax
import SQText

/// A small SVG writer: elements appended as text with escaped attribute values.
struct SVGDocument {
    let width: Double
    let height: Double
    private(set) var body: [String] = []
    /// The font every text is set in (a CSS font-family list).
    var fontFamily = "Helvetica, Arial, sans-serif"
    /// Every text drawn, measured: what the layout tests check.
    private(set) var textBoxes: [TextBox] = []
    var metrics = TextMetrics(family: "Helvetica")

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    init(width: Double, height: Double, fontFamily: String) {
        self.width = width
        self.height = height
        self.fontFamily = Self.fontList(fontFamily)
        self.metrics = TextMetrics(family: fontFamily)
    }

    /// `"Times New Roman"` → a list with metric-compatible fallbacks.
    static func fontList(_ family: String) -> String {
        let lower = family.lowercased()
        let generic = lower.contains("times") || lower.contains("serif") && !lower.contains("sans") || lower.contains("georgia")
            ? "'Liberation Serif', serif" : (lower.contains("mono") || lower.contains("courier") ? "monospace" : "Arial, 'Liberation Sans', sans-serif")
        let quoted = family.contains(" ") ? "'\(family.replacingOccurrences(of: "'", with: ""))'" : family
        return "\(quoted), \(generic)"
    }

    /// XML-escaped; control characters (which XML 1.0 forbids, so the file
    /// would not open) are written as `\u001b`, as in text output.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in ControlCharacters.escaped(text) {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    static func number(_ x: Double) -> String {
        let rounded = (x * 100).rounded() / 100
        // Int(x) traps past 2^63 (a time of 1e20 on an axis); such numbers print as Doubles.
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
    }

    mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
        let attrs = attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined()
        if let text { body.append("<\(name)\(attrs)>\(Self.escape(text))</\(name)>") } else { body.append("<\(name)\(attrs)/>") }
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#000", width: Double = 1, dash: String? = nil) {
        var attributes = [("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)),
                          ("stroke", stroke), ("stroke-width", Self.number(width))]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        element("line", attributes)
    }

    mutating func text(_ string: String, x: Double, y: Double, size: Double, anchor: String = "start",
                       fill: String = "#000", weight: String = "normal", cssClass: String? = nil, rotated: Bool = false) {
        var attributes = [("x", Self.number(x)), ("y", Self.number(y)), ("font-size", Self.number(size)),
                          ("text-anchor", anchor), ("fill", fill), ("font-weight", weight)]
        if rotated {
            attributes[0] = ("x", "0")
            attributes[1] = ("y", "0")
            attributes.append(("transform", "translate(\(Self.number(x)) \(Self.number(y))) rotate(-90)"))
        }
        if let cssClass { attributes.append(("class", cssClass)) }
        element("text", attributes, text: string)
        textBoxes.append(Self.box(string, x: x, y: y, size: size, anchor: anchor, bold: weight == "bold", rotated: rotated, metrics: metrics))
    }

    /// The box a text occupies: from the anchor, its measured width, ascent and descent (turned for rotated text).
    static func box(_ string: String, x: Double, y: Double, size: Double, anchor: String, bold: Bool, rotated: Bool,
                    metrics: TextMetrics) -> TextBox {
        let width = metrics.width(string, size: size, bold: bold)
        let start = anchor == "middle" ? -width / 2 : (anchor == "end" ? -width : 0)
        if rotated {
            // rotate(-90): the text runs upwards from (x, y); ascent is to the left of x.
            return TextBox(text: string, x: x - TextMetrics.ascent * size, y: y - start - width,
                           width: (TextMetrics.ascent + TextMetrics.descent) * size, height: width)
        }
        return TextBox(text: string, x: x + start, y: y - TextMetrics.ascent * size, width: width,
                       height: (TextMetrics.ascent + TextMetrics.descent) * size)
    }

    mutating func raw(_ markup: String) { body.append(markup) }

    mutating func path(_ d: String, stroke: String, fill: String = "none", width: Double = 1.5, opacity: Double = 1, cssClass: String? = nil,
                       dash: String? = nil, clip: String? = nil) {
        var attributes = [("d", d), ("stroke", stroke), ("fill", fill), ("stroke-width", Self.number(width))]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        if let clip { attributes.append(("clip-path", "url(#\(clip))")) }
        if opacity < 1 { attributes.append(fill == "none" ? ("stroke-opacity", Self.number(opacity)) : ("fill-opacity", Self.number(opacity))) }
        if let cssClass { attributes.append(("class", cssClass)) }
        element("path", attributes)
    }

    var text: String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.number(width))" height="\(Self.number(height))" \
        viewBox="0 0 \(Self.number(width)) \(Self.number(height))" font-family="\(Self.escape(fontFamily))">
        <rect width="100%" height="100%" fill="#fff"/>
        \(body.joined(separator: "\n"))
        </svg>

        """
    }
}

/// Okabe & Ito (2008) colour-blind-safe palette.
public enum Palette {
    public static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
    public static func colour(_ i: Int) -> String { colours[i % colours.count] }
}

/// Round axis breaks (1, 2, 2.5, 5 × 10^k).
public enum AxisBreaks {
    /// Breaks from 0 up to `maximum` (a time axis: the last break is at or below it).
    public static func breaks(upTo maximum: Double, target: Int = 6) -> [Double] {
        guard maximum > 0, maximum.isFinite else { return [0, 1] }
        let step = roundStep(maximum / Double(target))
        var values: [Double] = []
        var v = 0.0
        while v <= maximum + step * 1e-9 { values.append(v); v += step }
        return values
    }

    /// Breaks that enclose `minimum ... maximum`: from the last round value at or
    /// below the minimum to the first at or above the maximum.
    public static func enclosing(_ minimum: Double, _ maximum: Double, target: Int = 5) -> [Double] {
        guard minimum.isFinite, maximum.isFinite, maximum > minimum else { return [0, 1] }
        let step = roundStep((maximum - minimum) / Double(target))
        let first = (minimum / step + 1e-9).rounded(.down), last = (maximum / step - 1e-9).rounded(.up)
        // k · step as an integer over a power of ten for small steps (0.1, 0.25, ...),
        // so that 3 × 0.1 is 0.3 and not 0.30000000000000004.
        let exponent = floor(log10(step) + 1e-12)
        let scale = Foundation.pow(10, 1 - exponent)
        return stride(from: first, through: last, by: 1).map { k in
            exponent < 0 ? (k * (step * scale).rounded()) / scale : k * step
        }
    }

    static func roundStep(_ raw: Double) -> Double {
        let magnitude = Foundation.pow(10, floor(log10(raw)))
        return [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
    }
}
