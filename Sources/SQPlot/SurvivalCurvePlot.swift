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
    public var showConfidenceBands: Bool
    public var width: Double
    public var height: Double
    public var fontSize: Double
    /// `set min_cell`: numbers at risk from 1 to minCell − 1 are drawn as `<minCell` (0: off).
    public var minCell: Int = 0

    public init(curves: [Curve], timeLabel: String, breaks: [Double], note: String?, showConfidenceBands: Bool = false,
                width: Double = 720, height: Double = 520, fontSize: Double = 13) {
        self.curves = curves
        self.timeLabel = timeLabel
        self.breaks = breaks
        self.note = note
        self.showConfidenceBands = showConfidenceBands
        self.width = width
        self.height = height
        self.fontSize = fontSize
    }

    public func svg() -> String {
        // Room on the left for the at-risk labels (about 0.6 em per character).
        let longestLabel = Double(curves.map(\.label.count).max() ?? 0)
        let left = max(70.0, longestLabel * fontSize * 0.6 + 24), right = 24.0, top = 24.0
        let tableHeight = Double(curves.count + (minCell > 1 ? 2 : 1)) * fontSize * 1.6 + 20
        let plotHeight = height - top - 60 - tableHeight
        let plotWidth = width - left - right
        let maxTime = max(breaks.last ?? 1, curves.flatMap(\.time).max() ?? 1)
        func x(_ t: Double) -> Double { left + t / maxTime * plotWidth }
        func y(_ s: Double) -> Double { top + (1 - s) * plotHeight }
        var svg = SVGDocument(width: width, height: height)

        // Axes, grid and labels.
        for s in stride(from: 0.0, through: 1.0, by: 0.25) {
            svg.line(left, y(s), left + plotWidth, y(s), stroke: "#e5e5e5")
            svg.text("\(Int(s * 100))%", x: left - 8, y: y(s) + fontSize * 0.35, size: fontSize, anchor: "end")
        }
        svg.line(left, top + plotHeight, left + plotWidth, top + plotHeight)
        svg.line(left, top, left, top + plotHeight)
        for b in breaks {
            svg.line(x(b), top + plotHeight, x(b), top + plotHeight + 5)
            svg.text(SVGDocument.number(b), x: x(b), y: top + plotHeight + 8 + fontSize, size: fontSize, anchor: "middle", cssClass: "tick")
        }
        svg.text(timeLabel, x: left + plotWidth / 2, y: top + plotHeight + 14 + 2 * fontSize, size: fontSize, anchor: "middle")
        svg.element("text", [("x", "0"), ("y", "0"), ("font-size", SVGDocument.number(fontSize)), ("text-anchor", "middle"),
                             ("transform", "translate(\(SVGDocument.number(left - 48)) \(SVGDocument.number(top + plotHeight / 2))) rotate(-90)")],
                    text: "Survival")

        for (i, curve) in curves.enumerated() {
            let colour = Palette.colour(i)
            if showConfidenceBands {
                // Where a limit is undefined (S = 0, or S = 1 for log-log) the band closes onto the curve.
                let upper = zip(curve.upper, curve.survival).map { $0.isFinite ? $0 : $1 }
                let lower = zip(curve.lower, curve.survival).map { $0.isFinite ? $0 : $1 }
                let end = curve.time.last ?? 0
                let upperPath = stepPoints(curve.time, upper, x: x, y: y, maxTime: end)
                let lowerPath = stepPoints(curve.time, lower, x: x, y: y, maxTime: end)
                let polygon = "M " + (upperPath + lowerPath.reversed()).map { "\(SVGDocument.number($0.0)) \(SVGDocument.number($0.1))" }.joined(separator: " L ") + " Z"
                svg.path(polygon, stroke: "none", fill: colour, opacity: 0.15, cssClass: "band")
            }
            let points = stepPoints(curve.time, curve.survival, x: x, y: y, maxTime: curve.time.last ?? 0)
            let d = "M " + points.map { "\(SVGDocument.number($0.0)) \(SVGDocument.number($0.1))" }.joined(separator: " L ")
            svg.path(d, stroke: colour, width: 2, cssClass: "curve")
            for t in curve.censorTimes {
                let cy = y(curve.survival(at: t))
                svg.line(x(t), cy - 4, x(t), cy + 4, stroke: colour, width: 1.2)
            }
            if let median = curve.median {
                svg.line(left, y(0.5), x(median), y(0.5), stroke: colour, width: 1, dash: "4 3")
                svg.line(x(median), y(0.5), x(median), top + plotHeight, stroke: colour, width: 1, dash: "4 3")
            }
            // Legend, top right.
            let ly = top + 10 + Double(i) * fontSize * 1.5
            svg.line(left + plotWidth - 170, ly, left + plotWidth - 150, ly, stroke: colour, width: 3)
            svg.text(curve.label, x: left + plotWidth - 144, y: ly + fontSize * 0.35, size: fontSize, cssClass: "legend")
        }
        if let note {
            // Under the legend, clear of the curves' start.
            let noteY = top + 10 + Double(curves.count) * fontSize * 1.5 + fontSize * 0.5
            svg.text(note, x: left + plotWidth - 170, y: noteY, size: fontSize, cssClass: "note")
        }

        // Number at risk, aligned with the axis breaks.
        let tableTop = top + plotHeight + 40 + 2 * fontSize
        svg.text("Number at risk", x: 4, y: tableTop, size: fontSize, weight: "bold")
        for (i, curve) in curves.enumerated() {
            let rowY = tableTop + Double(i + 1) * fontSize * 1.6
            svg.text(curve.label, x: 4, y: rowY, size: fontSize * 0.9, fill: Palette.colour(i))
            for (b, n) in zip(breaks, curve.atRisk) {
                let label = n >= 1 && n < Double(minCell) ? "<\(minCell)" : SVGDocument.number(n)
                svg.text(label, x: x(b), y: rowY, size: fontSize, anchor: "middle", cssClass: "at-risk")
            }
        }
        if minCell > 1 {
            let rowY = tableTop + Double(curves.count + 1) * fontSize * 1.6
            svg.text("Numbers at risk from 1 to \(minCell - 1) shown as <\(minCell) (set min_cell = \(minCell))",
                     x: 4, y: rowY, size: fontSize * 0.8, cssClass: "note")
        }
        return svg.text
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
