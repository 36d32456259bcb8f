import Foundation
import SQSyntax

/// A small SVG writer: elements appended as text with escaped attribute values.
struct SVGDocument {
    let width: Double
    let height: Double
    private(set) var body: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
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
                       fill: String = "#000", weight: String = "normal", cssClass: String? = nil) {
        var attributes = [("x", Self.number(x)), ("y", Self.number(y)), ("font-size", Self.number(size)),
                          ("text-anchor", anchor), ("fill", fill), ("font-weight", weight)]
        if let cssClass { attributes.append(("class", cssClass)) }
        element("text", attributes, text: string)
    }

    mutating func path(_ d: String, stroke: String, fill: String = "none", width: Double = 1.5, opacity: Double = 1, cssClass: String? = nil) {
        var attributes = [("d", d), ("stroke", stroke), ("fill", fill), ("stroke-width", Self.number(width))]
        if opacity < 1 { attributes.append(fill == "none" ? ("stroke-opacity", Self.number(opacity)) : ("fill-opacity", Self.number(opacity))) }
        if let cssClass { attributes.append(("class", cssClass)) }
        element("path", attributes)
    }

    var text: String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.number(width))" height="\(Self.number(height))" \
        viewBox="0 0 \(Self.number(width)) \(Self.number(height))" font-family="Helvetica, Arial, sans-serif">
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
