/// `plot`: where the figure went, and what it shows.
public struct PlotResult: Codable, Sendable {
    /// "km" or "forest".
    public var plot: String
    /// The file written; nil when the figure was drawn in the terminal.
    public var path: String?
    /// Curve or row labels, in drawing order.
    public var series: [String]
    /// Kaplan–Meier: the time-axis breaks and the numbers at risk under them (one list per curve).
    public var breaks: [Double]?
    public var atRisk: [[Double]]?
    /// The figure drawn with braille characters, when there is no file.
    public var terminal: String?
    /// The figure as SVG text, for reports that embed it (`--format html`); not part of the JSON contract.
    public var svg: String?

    enum CodingKeys: String, CodingKey { case plot, path, series, breaks, atRisk = "at_risk", terminal }

    public init(plot: String, path: String? = nil, series: [String], breaks: [Double]? = nil, atRisk: [[Double]]? = nil, terminal: String? = nil, svg: String? = nil) {
        self.plot = plot
        self.path = path
        self.series = series
        self.breaks = breaks
        self.atRisk = atRisk
        self.terminal = terminal
        self.svg = svg
    }
}
