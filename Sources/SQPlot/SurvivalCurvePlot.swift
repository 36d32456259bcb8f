/// A Kaplan–Meier figure as journals print it: step curves per stratum with
/// censoring ticks, optional confidence bands, median lines, the log-rank p,
/// a legend, and the number at risk under the time axis at its breaks.
public struct SurvivalCurvePlot: Sendable {
    public struct Curve: Sendable {
        public var label: String
        public var time: [Double]
        public var survival: [Double]
        public var lower: [Double]
        public var upper: [Double]
        /// Times where someone was censored (a tick on the curve).
        public var censorTimes: [Double]
        public var median: Double?
        /// Number at risk at each break.
        public var atRisk: [Double]

        public init(label: String, time: [Double], survival: [Double], lower: [Double], upper: [Double],
                    censorTimes: [Double], median: Double?, atRisk: [Double]) {
            self.label = label
            self.time = time
            self.survival = survival
            self.lower = lower
            self.upper = upper
            self.censorTimes = censorTimes
            self.median = median
            self.atRisk = atRisk
        }

        /// S(t) of the step function (1 before the first time).
        func survival(at t: Double) -> Double {
            var value = 1.0
            for (ti, s) in zip(time, survival) where ti <= t { value = s }
            return value
        }
    }

    public var curves: [Curve]
    public var timeLabel: String
    public var breaks: [Double]
    public var note: String?
    /// `set min_cell`: numbers at risk from 1 to minCell − 1 are drawn as `<minCell` (0: off).
    public var minCell: Int = 0
    public var options: FigureOptions
    /// Endpoint units per axis unit: tick labels are `break / tickScale` (`breaks = 6mo` on days labels months).
    public var tickScale: Double = 1

    func tickLabel(_ b: Double) -> String { SVGDocument.number(b / tickScale) }

    public var showConfidenceBands: Bool {
        get { options.confidenceBands }
        set { options.confidenceBands = newValue }
    }
    public var width: Double { options.width }
    public var height: Double { options.height }

    public init(curves: [Curve], timeLabel: String, breaks: [Double], note: String?, showConfidenceBands: Bool = false,
                width: Double = 720, height: Double = 520, fontSize: Double? = nil) {
        var options = FigureOptions()
        options.confidenceBands = showConfidenceBands
        options.width = width
        options.height = height
        options.fontSize = fontSize
        self.init(curves: curves, timeLabel: timeLabel, breaks: breaks, note: note, options: options)
    }

    public init(curves: [Curve], timeLabel: String, breaks: [Double], note: String?, options: FigureOptions) {
        self.curves = curves
        self.timeLabel = options.xlab ?? timeLabel
        self.breaks = breaks
        self.note = options.pvalue ? note : nil
        self.options = options
    }

    /// Legend and at-risk labels: `labels = (...)` in curve order, else the strata.
    var legendLabels: [String] {
        curves.enumerated().map { i, curve in options.labels.flatMap { i < $0.count ? $0[i] : nil } ?? curve.label }
    }

    var yTitle: String { options.ylab ?? (options.cumulative ? "Cumulative incidence" : "Survival probability") }

    var maxTime: Double { options.xlim ?? max(breaks.last ?? 1, curves.flatMap(\.time).max() ?? 1) }

    /// The numbers at risk as drawn (suppressed below min_cell).
    var riskNumbers: [[String]] {
        curves.map { curve in
            zip(breaks, curve.atRisk).map { _, n in n >= 1 && n < Double(minCell) ? "<\(minCell)" : SVGDocument.number(n) }
        }
    }

    public func svg() -> String { render().svg }

    /// Every text of the figure with the box it occupies (for layout tests).
    public func textBoxes() -> [TextBox] { render().boxes }

    func render() -> (svg: String, boxes: [TextBox]) {
        var svg = SVGDocument(width: width, height: height, fontFamily: options.fontFamily)
        let layout = KaplanMeierLayout(plot: self, metrics: svg.metrics)
        let f = layout.font, lw = layout.line
        let left = layout.plotLeft, top = layout.plotTop
        let plotWidth = layout.plotRight - left, plotHeight = layout.plotBottom - top
        let maxTime = self.maxTime
        func x(_ t: Double) -> Double { left + t / maxTime * plotWidth }   // past xlim: cut by the clip path
        func y(_ s: Double) -> Double { top + (1 - (options.cumulative ? 1 - s : s)) * plotHeight }
        let palette = options.palette
        func dash(_ i: Int) -> String? { palette.dash(i).map { $0.map { SVGDocument.number($0 * lw) }.joined(separator: " ") } }

        if let baseline = layout.titleBaseline, let title = options.title {
            svg.text(title, x: layout.pad, y: baseline, size: layout.titleSize, weight: "bold", cssClass: "title")
        }
        // Axes, grid and labels.
        for level in stride(from: 0.0, through: 1.0, by: 0.25) {
            let gy = top + (1 - level) * plotHeight
            svg.line(left, gy, left + plotWidth, gy, stroke: "#e5e5e5", width: lw / 2)
            svg.line(left - layout.tickLength, gy, left, gy, width: lw / 2)
            svg.text("\(Int(level * 100))%", x: left - layout.tickLength - 0.3 * f, y: gy + f * 0.35, size: f, anchor: "end", cssClass: "y-tick")
        }
        svg.line(left, top + plotHeight, left + plotWidth, top + plotHeight, width: lw / 2)
        svg.line(left, top, left, top + plotHeight, width: lw / 2)
        for (k, b) in breaks.enumerated() where b <= maxTime + 1e-9 {
            svg.line(x(b), top + plotHeight, x(b), top + plotHeight + layout.tickLength, width: lw / 2)
            guard k % layout.labelStep == 0 else { continue }
            svg.text(tickLabel(b), x: x(b), y: layout.xTickBaseline, size: f, anchor: "middle", cssClass: "tick")
        }
        svg.text(timeLabel, x: left + plotWidth / 2, y: layout.xTitleBaseline, size: layout.xTitleSize, anchor: "middle", cssClass: "x-title")
        svg.text(yTitle, x: layout.yTitleX, y: top + plotHeight / 2, size: layout.yTitleSize, anchor: "middle", cssClass: "y-title", rotated: true)

        // Curves, clipped to the plot (xlim may end the axis before the data).
        let clip = "plot-area"
        svg.raw("<defs><clipPath id=\"\(clip)\"><rect x=\"\(SVGDocument.number(left))\" y=\"\(SVGDocument.number(top - lw * 2))\" "
                + "width=\"\(SVGDocument.number(plotWidth + lw))\" height=\"\(SVGDocument.number(plotHeight + lw * 4))\"/></clipPath></defs>")
        for (i, curve) in curves.enumerated() {
            let colour = palette.colour(i)
            if showConfidenceBands {
                // Where a limit is undefined (S = 0, or S = 1 for log-log) the band closes onto the curve.
                let upper = zip(curve.upper, curve.survival).map { $0.isFinite ? $0 : $1 }
                let lower = zip(curve.lower, curve.survival).map { $0.isFinite ? $0 : $1 }
                let end = curve.time.last ?? 0
                let upperPath = stepPoints(curve.time, upper, x: x, y: y, maxTime: end)
                let lowerPath = stepPoints(curve.time, lower, x: x, y: y, maxTime: end)
                let polygon = "M " + (upperPath + lowerPath.reversed()).map { "\(SVGDocument.number($0.0)) \(SVGDocument.number($0.1))" }.joined(separator: " L ") + " Z"
                svg.path(polygon, stroke: "none", fill: colour, opacity: 0.15, cssClass: "band", clip: clip)
            }
            let points = stepPoints(curve.time, curve.survival, x: x, y: y, maxTime: curve.time.last ?? 0)
            let d = "M " + points.map { "\(SVGDocument.number($0.0)) \(SVGDocument.number($0.1))" }.joined(separator: " L ")
            svg.path(d, stroke: colour, width: lw, cssClass: "curve", dash: dash(i), clip: clip)
            for t in curve.censorTimes where t <= maxTime {
                let cy = y(curve.survival(at: t))
                svg.line(x(t), cy - 2 * lw, x(t), cy + 2 * lw, stroke: colour, width: lw * 0.6)
            }
            if options.median, let median = curve.median, median <= maxTime {
                svg.line(left, y(0.5), x(median), y(0.5), stroke: colour, width: lw / 2, dash: "\(SVGDocument.number(4 * lw)) \(SVGDocument.number(3 * lw))")
                svg.line(x(median), y(0.5), x(median), top + plotHeight, stroke: colour, width: lw / 2,
                         dash: "\(SVGDocument.number(4 * lw)) \(SVGDocument.number(3 * lw))")
            }
        }
        // Legend (and the p-value) above the plot, clear of every curve.
        for item in layout.legend {
            if let i = item.curve {
                let ly = item.baseline - 0.3 * f
                svg.path("M \(SVGDocument.number(item.x - 0.4 * f - layout.swatch)) \(SVGDocument.number(ly)) L \(SVGDocument.number(item.x - 0.4 * f)) \(SVGDocument.number(ly))",
                         stroke: palette.colour(i), width: lw * 1.5, cssClass: "swatch", dash: dash(i))
                svg.text(item.text, x: item.x, y: item.baseline, size: item.size, cssClass: "legend")
            } else {
                svg.text(item.text, x: item.x, y: item.baseline, size: item.size, cssClass: "note")
            }
        }

        // Number at risk, aligned with the axis breaks.
        if options.riskTable {
            svg.text("Number at risk", x: layout.pad, y: layout.riskHeaderBaseline, size: f, weight: "bold", cssClass: "risk-header")
            for (i, numbers) in riskNumbers.enumerated() {
                let rowY = layout.riskRowBaselines[i]
                svg.text(legendLabels[i], x: layout.pad, y: rowY, size: layout.riskLabelSize, fill: palette.colour(i), cssClass: "risk-label")
                for (k, (b, label)) in zip(breaks, numbers).enumerated() where b <= maxTime + 1e-9 && k % layout.labelStep == 0 {
                    svg.text(label, x: x(b), y: rowY, size: layout.riskFont, anchor: "middle", cssClass: "at-risk")
                }
            }
            if minCell > 1 {
                let text = "Numbers at risk from 1 to \(minCell - 1) shown as <\(minCell) (set min_cell = \(minCell))"
                let size = KaplanMeierLayout.fitting(text, size: 0.8 * f, width: width - 2 * layout.pad, metrics: svg.metrics)
                svg.text(text, x: layout.pad, y: layout.noteBaseline, size: size, cssClass: "note")
            }
        }
        return (svg.text, svg.textBoxes)
    }

    /// Corner points of a step function starting at (0, 1).
    private func stepPoints(_ time: [Double], _ value: [Double], x: (Double) -> Double, y: (Double) -> Double,
                            maxTime: Double) -> [(Double, Double)] {
        var points = [(x(0), y(1))]
        var current = 1.0
        for (t, v) in zip(time, value) where v != current {
            points.append((x(t), y(current)))
            points.append((x(t), y(v)))
            current = v
        }
        points.append((x(maxTime), y(current)))
        return points
    }
}
