import Foundation

/// A cutpoint scan: the statistic at every candidate cutoff joined by a line,
/// the chosen cutoff marked by a dashed vertical line and a filled point, as
/// `plot(maxstat.test(...))` draws it. Cutoffs whose statistic is missing (an
/// interaction that could not be estimated) break the line.
public struct CutpointScanPlot: Sendable {
    public var cutoffs: [Double]
    public var statistics: [Double?]
    public var chosen: Double?
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// A line under the title ("p = 0.003, adjusted for the scan (Lausen & Schumacher 1992)").
    public var note: String?
    public var width: Double
    public var height: Double
    public var fontSize: Double

    public init(cutoffs: [Double], statistics: [Double?], chosen: Double?, title: String, xLabel: String, yLabel: String,
                note: String? = nil, width: Double = 720, height: Double = 440, fontSize: Double = 13) {
        self.cutoffs = cutoffs
        self.statistics = statistics
        self.chosen = chosen
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.note = note
        self.width = width
        self.height = height
        self.fontSize = fontSize
    }

    public func svg() -> String {
        let left = 70.0, right = 24.0, top = note == nil ? 44.0 : 62.0, bottom = 58.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let finite = statistics.compactMap { $0 }.filter(\.isFinite)
        let xTicks = AxisBreaks.enclosing(cutoffs.min() ?? 0, cutoffs.max() ?? 1)
        let yTicks = AxisBreaks.enclosing(min(0, finite.min() ?? 0), max(finite.max() ?? 1, 1e-9))
        let xLow = xTicks.first ?? 0, xHigh = xTicks.last ?? 1
        let yLow = yTicks.first ?? 0, yHigh = yTicks.last ?? 1
        func x(_ v: Double) -> Double { left + (v - xLow) / max(xHigh - xLow, 1e-300) * plotWidth }
        func y(_ v: Double) -> Double { top + (1 - (v - yLow) / max(yHigh - yLow, 1e-300)) * plotHeight }

        var svg = SVGDocument(width: width, height: height)
        svg.text(title, x: left, y: 24, size: fontSize * 1.1, weight: "bold")
        if let note { svg.text(note, x: left, y: 44, size: fontSize, cssClass: "note") }
        svg.line(left, top + plotHeight, left + plotWidth, top + plotHeight)
        svg.line(left, top, left, top + plotHeight)
        for tick in xTicks {
            svg.line(x(tick), top + plotHeight, x(tick), top + plotHeight + 5)
            svg.text(SVGDocument.number(tick), x: x(tick), y: top + plotHeight + 8 + fontSize, size: fontSize, anchor: "middle", cssClass: "tick")
        }
        for tick in yTicks {
            svg.line(left - 5, y(tick), left, y(tick))
            svg.text(SVGDocument.number(tick), x: left - 8, y: y(tick) + fontSize * 0.35, size: fontSize, anchor: "end", cssClass: "tick")
        }
        svg.text(xLabel, x: left + plotWidth / 2, y: height - 14, size: fontSize, anchor: "middle")
        svg.element("text", [("x", "0"), ("y", "0"), ("font-size", SVGDocument.number(fontSize)), ("text-anchor", "middle"),
                             ("transform", "translate(\(SVGDocument.number(left - 48)) \(SVGDocument.number(top + plotHeight / 2))) rotate(-90)")],
                    text: yLabel)
        // The scan as one path, broken where a statistic is missing.
        var d = ""
        var drawing = false
        for (cutoff, statistic) in zip(cutoffs, statistics) {
            guard let statistic, statistic.isFinite else { drawing = false; continue }
            d += (drawing ? " L" : (d.isEmpty ? "M" : " M")) + "\(SVGDocument.number(x(cutoff))) \(SVGDocument.number(y(statistic)))"
            drawing = true
        }
        if !d.isEmpty { svg.path(d, stroke: Palette.colour(0), width: 1.5, cssClass: "scan") }
        for (cutoff, statistic) in zip(cutoffs, statistics) {
            guard let statistic, statistic.isFinite else { continue }
            svg.element("circle", [("cx", SVGDocument.number(x(cutoff))), ("cy", SVGDocument.number(y(statistic))), ("r", "2"),
                                   ("fill", Palette.colour(0)), ("class", "candidate")])
        }
        if let chosen, let k = cutoffs.firstIndex(of: chosen) {
            svg.line(x(chosen), top, x(chosen), top + plotHeight, stroke: "#c00", width: 1, dash: "5 4")
            if let statistic = statistics[k], statistic.isFinite {
                svg.element("circle", [("cx", SVGDocument.number(x(chosen))), ("cy", SVGDocument.number(y(statistic))), ("r", "4.5"),
                                       ("fill", "#c00"), ("class", "chosen")])
            }
            svg.text("cutoff \(SVGDocument.number(chosen))", x: min(x(chosen) + 6, left + plotWidth - 80), y: top + fontSize,
                     size: fontSize, fill: "#c00", cssClass: "chosen-label")
        }
        return svg.text
    }
}
