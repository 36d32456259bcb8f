import SQPlot

/// `plot`: where the figure went, and what it shows. The figure itself is
/// data (`figure`); renderers draw it (SVG with SQPlot, braille in the terminal).
public struct PlotResult: Codable, Sendable {
    /// "km", "forest" or "cutpoint".
    public var plot: String
    /// The file written; nil when no file was named (a text renderer then draws the curves).
    public var path: String?
    /// Curve or row labels, in drawing order.
    public var series: [String]
    /// Kaplan–Meier: the time-axis breaks and the numbers at risk under them (one list per curve).
    public var breaks: [Double]?
    public var atRisk: [[Double]]?
    /// The curves, forest rows or scan, with the figure's options; not part of the JSON contract.
    public var figure: PlotFigure?

    /// What the figure shows, as SQPlot lays it out.
    public enum PlotFigure: Sendable {
        case survivalCurves(SurvivalCurvePlot)
        case forest(ForestPlot)
        case cutpointScan(CutpointScanPlot)

        public func svg() -> String {
            switch self {
            case .survivalCurves(let plot): return plot.svg()
            case .forest(let plot): return plot.svg()
            case .cutpointScan(let plot): return plot.svg()
            }
        }
    }

    public init(plot: String, path: String?, series: [String], breaks: [Double]?, atRisk: [[Double]]?, figure: PlotFigure?) {
        self.plot = plot
        self.path = path
        self.series = series
        self.breaks = breaks
        self.atRisk = atRisk
        self.figure = figure
    }

    /// The figure as SVG text, for reports that embed it (`--format html`).
    public var svg: String? { figure?.svg() }

    enum CodingKeys: String, CodingKey { case plot, path, series, breaks, atRisk = "at_risk" }
}
