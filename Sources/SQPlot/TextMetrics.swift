/// Text measured before it is drawn, so a figure's layout can leave room for
/// it at any size: advance widths of Helvetica (Adobe AFM, 1/1000 em; Arial and
/// Liberation Sans share them), widened by a margin that also covers the fonts
/// a renderer may fall back to (DejaVu Sans is about 8% wider).
public struct TextMetrics: Sendable {
    public var family: String
    public init(family: String) { self.family = family }

    /// Helvetica widths of ASCII 32...126.
    static let helvetica: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // space ... /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 0 ... ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ ... O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // P ... _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // ` ... o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,       // p ... ~
    ]

    /// Room for fallback fonts and hinting.
    static let safety = 1.1

    var isMonospace: Bool { family.lowercased().contains("mono") || family.lowercased().contains("courier") }

    /// Width of `text` at `size` px.
    public func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        if isMonospace { return Double(text.count) * 0.6 * size * Self.safety }
        var units = 0.0
        for scalar in text.unicodeScalars {
            let v = Int(scalar.value)
            if v >= 32 && v <= 126 { units += Double(Self.helvetica[v - 32]) }
            else if (0x300...0x36F).contains(v) { continue }   // combining marks
            else { units += 650 }                              // –, ≤, ², accented letters: a wide guess
        }
        return units / 1000 * size * (bold ? 1.08 : 1) * Self.safety
    }

    /// Ascent above the baseline and descent below it, as fractions of the size.
    public static let ascent = 0.78
    public static let descent = 0.24
}

/// Where a piece of text lands on the canvas (for layout and for the tests
/// that check nothing is clipped or overlaps).
public struct TextBox: Sendable, Equatable {
    public var text: String
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }

    public init(text: String, x: Double, y: Double, width: Double, height: Double) {
        self.text = text
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public func overlaps(_ other: TextBox) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    public func isInside(width canvasWidth: Double, height canvasHeight: Double) -> Bool {
        x >= 0 && y >= 0 && maxX <= canvasWidth && maxY <= canvasHeight
    }
}
