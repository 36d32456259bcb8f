import Foundation

/// Hazard ratios with confidence intervals on a log axis, one row per term or
/// level, reference levels shown as such.
public struct ForestPlot: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var estimate: Double?
        public var lower: Double?
        public var upper: Double?
        /// "1.52 (1.10–2.10)", "reference", ...
        public var detail: String
        public var isReference: Bool
        public init(label: String, estimate: Double?, lower: Double?, upper: Double?, detail: String, isReference: Bool = false) {
            self.label = label
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
            self.detail = detail
            self.isReference = isReference
        }
    }

    public var rows: [Row]
    public var title: String
    public var width: Double
    public var fontSize: Double
    /// Hazard ratios on a log axis around 1; proportions (pooled rates) on a linear one.
    public var ratioScale: Bool
    public var axisLabel: String
    public var columnHeading: String

    public init(rows: [Row], title: String, width: Double = 760, fontSize: Double = 13, ratioScale: Bool = true,
                axisLabel: String = "Hazard ratio (log scale)", columnHeading: String = "HR (95% CI)") {
        self.rows = rows
        self.title = title
        self.width = width
        self.fontSize = fontSize
        self.ratioScale = ratioScale
        self.axisLabel = axisLabel
        self.columnHeading = columnHeading
    }

    public func svg() -> String {
        let rowHeight = fontSize * 1.9, top = 50.0
        let height = top + Double(rows.count) * rowHeight + 60
        let plotLeft = width * 0.38, plotRight = width * 0.72
        let values = rows.flatMap { [$0.lower, $0.upper, $0.estimate] }.compactMap { $0 }.filter { $0.isFinite && (!ratioScale || $0 > 0) }
        let low = ratioScale ? min(values.min() ?? 0.5, 0.9) / 1.15 : 0
        let high = ratioScale ? max(values.max() ?? 2, 1.1) * 1.15 : 1
        func x(_ v: Double) -> Double {
            ratioScale ? plotLeft + (log(v) - log(low)) / (log(high) - log(low)) * (plotRight - plotLeft)
                       : plotLeft + (v - low) / (high - low) * (plotRight - plotLeft)
        }
        var svg = SVGDocument(width: width, height: height)
        svg.text(title, x: 10, y: 24, size: fontSize * 1.1, weight: "bold")
        svg.text(columnHeading, x: plotRight + 16, y: top - 12, size: fontSize, weight: "bold")
        let axisY = top + Double(rows.count) * rowHeight
        if ratioScale { svg.line(x(1), top - 6, x(1), axisY, stroke: "#888", dash: "4 3") }
        svg.line(plotLeft, axisY, plotRight, axisY)
        let ticks = ratioScale ? [0.125, 0.25, 0.5, 1, 2, 4, 8, 16] : [0, 0.25, 0.5, 0.75, 1]
        for tick in ticks where tick >= low && tick <= high {
            svg.line(x(tick), axisY, x(tick), axisY + 5)
            svg.text(SVGDocument.number(tick), x: x(tick), y: axisY + 8 + fontSize, size: fontSize, anchor: "middle")
        }
        svg.text(axisLabel, x: (plotLeft + plotRight) / 2, y: axisY + 16 + 2 * fontSize, size: fontSize, anchor: "middle")
        for (i, row) in rows.enumerated() {
            let cy = top + (Double(i) + 0.5) * rowHeight
            svg.text(row.label, x: 10, y: cy + fontSize * 0.35, size: fontSize, cssClass: "row-label")
            svg.text(row.detail, x: plotRight + 16, y: cy + fontSize * 0.35, size: fontSize)
            guard !row.isReference, let estimate = row.estimate, estimate.isFinite, estimate > 0 else { continue }
            if let lower = row.lower, let upper = row.upper, lower.isFinite, upper.isFinite, lower > 0 || !ratioScale {
                svg.line(x(max(lower, low)), cy, x(min(upper, high)), cy, stroke: "#000", width: 1.5)
            }
            svg.element("rect", [("x", SVGDocument.number(x(estimate) - 5)), ("y", SVGDocument.number(cy - 5)),
                                 ("width", "10"), ("height", "10"), ("fill", Palette.colour(0)), ("class", "estimate")])
        }
        return svg.text
    }
}
