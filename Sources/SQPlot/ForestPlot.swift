import Foundation

/// Estimates with confidence intervals, one row per term, level or study:
/// hazard ratios on a log axis (reference levels shown as such), pooled rates
/// on 0–1, other pooled estimates on a linear axis. Study boxes are sized by
/// their weight and a pooled estimate is a diamond spanning its interval, as in
/// the forest plots of R `metafor` and `meta`.
public struct ForestPlot: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var estimate: Double?
        public var lower: Double?
        public var upper: Double?
        /// "1.52 (1.10–2.10)", "reference", ...
        public var detail: String
        public var isReference: Bool
        /// A study's share of the pooled estimate (any positive scale); sizes its box.
        public var weight: Double?
        /// The pooled estimate: drawn as a diamond.
        public var isSummary: Bool
        public init(label: String, estimate: Double?, lower: Double?, upper: Double?, detail: String,
                    isReference: Bool = false, weight: Double? = nil, isSummary: Bool = false) {
            self.label = label
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
            self.detail = detail
            self.isReference = isReference
            self.weight = weight
            self.isSummary = isSummary
        }
    }

    public enum Scale: Sendable {
        /// Ratios on a log axis with a line at 1.
        case ratio
        /// Proportions on 0–1.
        case proportion
        /// Anything else on a linear axis enclosing the intervals, with a line at 0 when inside.
        case linear
    }

    public var rows: [Row]
    public var title: String
    public var width: Double
    public var fontSize: Double
    public var scale: Scale
    public var axisLabel: String
    public var columnHeading: String
    /// A line under the axis (`set min_cell`'s footnote); nil: none.
    public var note: String?

    public init(rows: [Row], title: String, width: Double = 760, fontSize: Double = 13, scale: Scale = .ratio,
                axisLabel: String = "Hazard ratio (log scale)", columnHeading: String = "HR (95% CI)") {
        self.rows = rows
        self.title = title
        self.width = width
        self.fontSize = fontSize
        self.scale = scale
        self.axisLabel = axisLabel
        self.columnHeading = columnHeading
    }

    /// The axis: its ends, tick values and where the line of no effect stands.
    func axis() -> (low: Double, high: Double, ticks: [Double], null: Double?) {
        let values = rows.flatMap { [$0.lower, $0.upper, $0.estimate] }.compactMap { $0 }
            .filter { $0.isFinite && (scale != .ratio || $0 > 0) }
        switch scale {
        case .ratio:
            let low = min(values.min() ?? 0.5, 0.9) / 1.15, high = max(values.max() ?? 2, 1.1) * 1.15
            let ticks = (-10...10).map { Foundation.pow(2, Double($0)) }.filter { $0 >= low && $0 <= high }
            return (low, high, ticks, 1)
        case .proportion:
            return (0, 1, [0, 0.25, 0.5, 0.75, 1], nil)
        case .linear:
            let ticks = AxisBreaks.enclosing(values.min() ?? 0, values.max() ?? 1)
            let low = ticks.first ?? 0, high = ticks.last ?? 1
            return (low, high, ticks, low < 0 && high > 0 ? 0 : nil)
        }
    }

    public func svg() -> String {
        let rowHeight = fontSize * 1.9, top = 50.0
        let height = top + Double(rows.count) * rowHeight + 60 + (note == nil ? 0 : fontSize * 1.6)
        let plotLeft = width * 0.38, plotRight = width * 0.72
        let (low, high, ticks, null) = axis()
        func x(_ v: Double) -> Double {
            scale == .ratio ? plotLeft + (log(v) - log(low)) / (log(high) - log(low)) * (plotRight - plotLeft)
                            : plotLeft + (v - low) / (high - low) * (plotRight - plotLeft)
        }
        func drawable(_ v: Double?) -> Double? {
            guard let v, v.isFinite, scale != .ratio || v > 0 else { return nil }
            return v
        }
        var svg = SVGDocument(width: width, height: height)
        svg.text(title, x: 10, y: 24, size: fontSize * 1.1, weight: "bold")
        svg.text(columnHeading, x: plotRight + 16, y: top - 12, size: fontSize, weight: "bold")
        let axisY = top + Double(rows.count) * rowHeight
        if let null { svg.line(x(null), top - 6, x(null), axisY, stroke: "#888", dash: "4 3") }
        svg.line(plotLeft, axisY, plotRight, axisY)
        for tick in ticks {
            svg.line(x(tick), axisY, x(tick), axisY + 5)
            svg.text(SVGDocument.number(tick), x: x(tick), y: axisY + 8 + fontSize, size: fontSize, anchor: "middle")
        }
        svg.text(axisLabel, x: (plotLeft + plotRight) / 2, y: axisY + 16 + 2 * fontSize, size: fontSize, anchor: "middle")
        if let note { svg.text(note, x: 10, y: axisY + 16 + 3.6 * fontSize, size: fontSize * 0.8, cssClass: "note") }
        let heaviest = rows.compactMap(\.weight).filter { $0 > 0 }.max()
        for (i, row) in rows.enumerated() {
            let cy = top + (Double(i) + 0.5) * rowHeight
            svg.text(row.label, x: 10, y: cy + fontSize * 0.35, size: fontSize,
                     weight: row.isSummary ? "bold" : "normal", cssClass: "row-label")
            svg.text(row.detail, x: plotRight + 16, y: cy + fontSize * 0.35, size: fontSize,
                     weight: row.isSummary ? "bold" : "normal")
            guard !row.isReference, let estimate = drawable(row.estimate) else { continue }
            let lower = drawable(row.lower), upper = drawable(row.upper)
            if row.isSummary, let lower, let upper {
                let half = fontSize * 0.45
                let points = [(x(max(lower, low)), cy), (x(min(max(estimate, low), high)), cy - half),
                              (x(min(upper, high)), cy), (x(min(max(estimate, low), high)), cy + half)]
                svg.path("M" + points.map { "\(SVGDocument.number($0.0)),\(SVGDocument.number($0.1))" }.joined(separator: " L") + " Z",
                         stroke: Palette.colour(0), fill: Palette.colour(0), width: 1, cssClass: "summary")
                continue
            }
            if let lower, let upper {
                svg.line(x(max(lower, low)), cy, x(min(upper, high)), cy, stroke: "#000", width: 1.5)
                // An interval running off the axis ends in an arrow.
                if lower < low { arrow(&svg, at: x(low), cy, pointing: -1) }
                if upper > high { arrow(&svg, at: x(high), cy, pointing: 1) }
            }
            guard estimate >= low && estimate <= high else { continue }
            let side = row.weight.flatMap { w in heaviest.map { 5 + 9 * (max(w, 0) / $0).squareRoot() } } ?? 10
            svg.element("rect", [("x", SVGDocument.number(x(estimate) - side / 2)), ("y", SVGDocument.number(cy - side / 2)),
                                 ("width", SVGDocument.number(side)), ("height", SVGDocument.number(side)),
                                 ("fill", Palette.colour(0)), ("class", "estimate")])
        }
        return svg.text
    }

    private func arrow(_ svg: inout SVGDocument, at x: Double, _ y: Double, pointing direction: Double) {
        let d = "M\(SVGDocument.number(x)),\(SVGDocument.number(y)) L\(SVGDocument.number(x - 6 * direction)),\(SVGDocument.number(y - 4)) L\(SVGDocument.number(x - 6 * direction)),\(SVGDocument.number(y + 4)) Z"
        svg.path(d, stroke: "#000", fill: "#000", width: 1, cssClass: "clipped")
    }
}
