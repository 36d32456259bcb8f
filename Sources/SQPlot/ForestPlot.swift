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
        /// The row's p-value, printed in the p column (none when no row has one).
        public var p: Double?
        public init(label: String, estimate: Double?, lower: Double?, upper: Double?, detail: String,
                    isReference: Bool = false, weight: Double? = nil, isSummary: Bool = false, p: Double? = nil) {
            self.p = p
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
    /// nil: as many px as the rows need.
    public var height: Double?
    /// nil: 13 px scaled with the width (760 px).
    public var fontSize: Double?
    public var fontFamily = "Helvetica"
    public var scale: Scale
    public var axisLabel: String
    public var columnHeading: String
    /// A line under the axis (`set min_cell`'s footnote); nil: none.
    public var note: String?
    /// The heading of the row labels' column.
    public var labelHeading = "Variable"

    public init(rows: [Row], title: String, width: Double = 760, fontSize: Double? = nil, scale: Scale = .ratio,
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

    public func svg() -> String { render().svg }

    /// Every text with its box (for the layout tests).
    public func textBoxes() -> [TextBox] { render().boxes }

    static func pText(_ p: Double) -> String { p < 0.001 ? "< 0.001" : String(format: "%.3f", p) }

    func render() -> (svg: String, boxes: [TextBox]) {
        let layout = ForestLayout(plot: self, metrics: TextMetrics(family: fontFamily))
        let f = layout.font, rowHeight = layout.rowHeight, top = layout.rowsTop
        let plotLeft = layout.plotLeft, plotRight = layout.plotRight
        let (low, high, ticks, null) = axis()
        func x(_ v: Double) -> Double {
            scale == .ratio ? plotLeft + (log(v) - log(low)) / (log(high) - log(low)) * (plotRight - plotLeft)
                            : plotLeft + (v - low) / (high - low) * (plotRight - plotLeft)
        }
        func drawable(_ v: Double?) -> Double? {
            guard let v, v.isFinite, scale != .ratio || v > 0 else { return nil }
            return v
        }
        var svg = SVGDocument(width: width, height: layout.height, fontFamily: fontFamily)
        let lw = max(1, layout.unit * 1.5)
        svg.text(title, x: layout.pad, y: layout.titleBaseline, size: layout.titleSize, weight: "bold", cssClass: "title")
        svg.text(labelHeading, x: layout.pad, y: layout.headerBaseline, size: f, weight: "bold", cssClass: "heading")
        svg.text(columnHeading, x: layout.estimateX, y: layout.headerBaseline, size: f, weight: "bold", cssClass: "heading")
        if layout.showP { svg.text("p", x: layout.pRight, y: layout.headerBaseline, size: f, anchor: "end", weight: "bold", cssClass: "heading") }
        svg.line(layout.pad, layout.headerRule, width - layout.pad, layout.headerRule, stroke: "#000", width: lw / 2)
        let axisY = top + Double(rows.count) * rowHeight
        if let null { svg.line(x(null), top, x(null), axisY, stroke: "#888", width: lw * 0.7, dash: "\(SVGDocument.number(4 * layout.unit)) \(SVGDocument.number(3 * layout.unit))") }
        svg.line(plotLeft, axisY, plotRight, axisY, width: lw * 0.7)
        for tick in ticks {
            svg.line(x(tick), axisY, x(tick), axisY + layout.tickLength, width: lw * 0.7)
            svg.text(SVGDocument.number(tick), x: x(tick), y: layout.tickBaseline, size: f, anchor: "middle", cssClass: "axis-tick")
        }
        svg.text(axisLabel, x: (plotLeft + plotRight) / 2, y: layout.axisLabelBaseline, size: layout.axisLabelSize, anchor: "middle", cssClass: "axis-label")
        if let note { svg.text(note, x: layout.pad, y: layout.noteBaseline, size: f * 0.8, cssClass: "note") }
        let heaviest = rows.compactMap(\.weight).filter { $0 > 0 }.max()
        for (i, row) in rows.enumerated() {
            let cy = top + (Double(i) + 0.5) * rowHeight
            let weight = row.isSummary ? "bold" : "normal"
            svg.text(row.label, x: layout.pad, y: cy + f * 0.35, size: layout.labelSize, weight: weight, cssClass: "row-label")
            svg.text(row.detail, x: layout.estimateX, y: cy + f * 0.35, size: f, weight: weight, cssClass: "row-estimate")
            if layout.showP, let p = row.p {
                svg.text(Self.pText(p), x: layout.pRight, y: cy + f * 0.35, size: f, anchor: "end", weight: weight, cssClass: "row-p")
            }
            guard !row.isReference, let estimate = drawable(row.estimate) else { continue }
            let lower = drawable(row.lower), upper = drawable(row.upper)
            if row.isSummary, let lower, let upper {
                let half = f * 0.45
                let points = [(x(max(lower, low)), cy), (x(min(max(estimate, low), high)), cy - half),
                              (x(min(upper, high)), cy), (x(min(max(estimate, low), high)), cy + half)]
                svg.path("M" + points.map { "\(SVGDocument.number($0.0)),\(SVGDocument.number($0.1))" }.joined(separator: " L") + " Z",
                         stroke: Palette.colour(0), fill: Palette.colour(0), width: 1, cssClass: "summary")
                continue
            }
            if let lower, let upper {
                svg.line(x(max(lower, low)), cy, x(min(upper, high)), cy, stroke: "#000", width: lw)
                // An interval running off the axis ends in an arrow.
                if lower < low { arrow(&svg, at: x(low), cy, pointing: -1, unit: layout.unit) }
                if upper > high { arrow(&svg, at: x(high), cy, pointing: 1, unit: layout.unit) }
            }
            guard estimate >= low && estimate <= high else { continue }
            let side = (row.weight.flatMap { w in heaviest.map { 5 + 9 * (max(w, 0) / $0).squareRoot() } } ?? 10) * layout.unit
            svg.element("rect", [("x", SVGDocument.number(x(estimate) - side / 2)), ("y", SVGDocument.number(cy - side / 2)),
                                 ("width", SVGDocument.number(side)), ("height", SVGDocument.number(side)),
                                 ("fill", Palette.colour(0)), ("class", "estimate")])
        }
        return (svg.text, svg.textBoxes)
    }

    private func arrow(_ svg: inout SVGDocument, at x: Double, _ y: Double, pointing direction: Double, unit: Double) {
        let dx = 6 * unit * direction, dy = 4 * unit
        let d = "M\(SVGDocument.number(x)),\(SVGDocument.number(y)) L\(SVGDocument.number(x - dx)),\(SVGDocument.number(y - dy)) L\(SVGDocument.number(x - dx)),\(SVGDocument.number(y + dy)) Z"
        svg.path(d, stroke: "#000", fill: "#000", width: 1, cssClass: "clipped")
    }
}
