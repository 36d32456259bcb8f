/// Where everything of a Kaplan–Meier figure goes, computed from the canvas
/// size and measured text, top to bottom: title, legend (with the p-value), the
/// plot, tick labels, the time-axis title, the number-at-risk table. Nothing is
/// placed at a fixed pixel offset, so the figure holds from 480 × 360 to 4000 × 3000.
struct KaplanMeierLayout {
    struct LegendItem { var text: String; var curve: Int?; var x: Double; var baseline: Double; var size: Double }

    var font: Double
    var riskFont: Double
    var line: Double
    var pad: Double
    var plotLeft = 0.0, plotRight = 0.0, plotTop = 0.0, plotBottom = 0.0
    var titleBaseline: Double?
    var titleSize = 0.0
    var legend: [LegendItem] = []
    var swatch = 0.0
    var tickLength = 0.0
    var xTickBaseline = 0.0
    var xTitleBaseline = 0.0
    var xTitleSize = 0.0
    var yTitleX = 0.0
    var yTitleSize = 0.0
    var riskHeaderBaseline = 0.0
    var riskRowBaselines: [Double] = []
    var riskLabelSize = 0.0
    var noteBaseline = 0.0
    /// Label every `labelStep`-th break (ticks and numbers at risk), so neighbours never touch.
    var labelStep = 1

    static let ascent = TextMetrics.ascent, descent = TextMetrics.descent
    static func lineHeight(_ size: Double) -> Double { (ascent + descent) * size }

    /// The largest size ≤ `size` at which `text` fits in `width`.
    static func fitting(_ text: String, size: Double, width: Double, metrics: TextMetrics, bold: Bool = false) -> Double {
        let measured = metrics.width(text, size: size, bold: bold)
        return measured <= width ? size : size * width / measured
    }

    init(plot: SurvivalCurvePlot, metrics: TextMetrics) {
        let options = plot.options
        var font = options.resolvedFontSize
        // Shrink the text (never below 6 px) until the plot keeps at least a third of the canvas.
        var layout = KaplanMeierLayout(font: font, plot: plot, metrics: metrics)
        while font > 6, layout.plotBottom - layout.plotTop < options.height / 3 || layout.plotRight - layout.plotLeft < options.width * 0.4 {
            font = max(6, font * 0.9)
            layout = KaplanMeierLayout(font: font, plot: plot, metrics: metrics)
        }
        self = layout
    }

    private init(font f: Double, plot: SurvivalCurvePlot, metrics: TextMetrics) {
        let options = plot.options
        let width = options.width, height = options.height
        font = f
        riskFont = 0.9 * f
        line = max(1, options.scale * 2)
        pad = 0.8 * f
        tickLength = 0.4 * f
        let available = width - 2 * pad

        // Title, then the legend rows under it.
        var y = pad
        if let title = options.title, !title.isEmpty {
            titleSize = Self.fitting(title, size: 1.25 * f, width: available, metrics: metrics, bold: true)
            titleBaseline = y + Self.ascent * titleSize
            y += Self.lineHeight(titleSize) + 0.5 * f
        }
        swatch = 2 * f
        var items: [(String, Int?)] = plot.legendLabels.enumerated().map { ($0.element, $0.offset) }
        if plot.curves.count < 2 && options.labels == nil { items = [] }
        if let note = plot.note { items.append((note, nil)) }
        if !items.isEmpty {
            var x = pad, row = 0
            let gap = 1.2 * f
            for (text, curve) in items {
                let head = curve == nil ? 0 : swatch + 0.4 * f
                let size = Self.fitting(text, size: f, width: available - head, metrics: metrics)
                let itemWidth = head + metrics.width(text, size: size)
                if x > pad, x + itemWidth > width - pad { row += 1; x = pad }
                legend.append(LegendItem(text: text, curve: curve, x: x + head, baseline: y + Self.ascent * f + Double(row) * 1.3 * f, size: size))
                x += itemWidth + gap
            }
            y += Double(row + 1) * 1.3 * f + 0.2 * f
        }
        plotTop = y + 0.5 * f

        // Below the plot: tick labels, the axis title, the number-at-risk table.
        var below = tickLength + 0.3 * f + Self.ascent * f
        let tickBaselineOffset = below
        below += Self.descent * f + 0.4 * f + Self.ascent * f
        let xTitleOffset = below
        below += Self.descent * f
        var riskOffsets: [Double] = []
        var headerOffset = 0.0, noteOffset = 0.0
        if options.riskTable {
            below += 0.9 * f + Self.ascent * f
            headerOffset = below
            below += Self.descent * f
            for _ in plot.curves {
                below += 0.45 * riskFont + Self.ascent * riskFont
                riskOffsets.append(below)
                below += Self.descent * riskFont
            }
            if plot.minCell > 1 {
                below += 0.4 * f + Self.ascent * 0.8 * f
                noteOffset = below
                below += Self.descent * 0.8 * f
            }
        }
        plotBottom = height - pad - below
        xTickBaseline = plotBottom + tickBaselineOffset
        xTitleBaseline = plotBottom + xTitleOffset
        riskHeaderBaseline = plotBottom + headerOffset
        riskRowBaselines = riskOffsets.map { plotBottom + $0 }
        noteBaseline = plotBottom + noteOffset

        // Left: the y-axis title (turned), its tick labels; or the at-risk labels, whichever is wider.
        yTitleX = pad + Self.ascent * f
        let yTicks = metrics.width("100%", size: f)
        let fromAxis = pad + Self.lineHeight(f) + 0.5 * f + yTicks + 0.3 * f + tickLength
        let numbers = plot.riskNumbers.flatMap { $0 }
        let widestNumber = numbers.map { metrics.width($0, size: riskFont) }.max() ?? 0
        riskLabelSize = riskFont
        var fromRisk = 0.0
        if options.riskTable {
            let widest = plot.legendLabels.map { metrics.width($0, size: riskFont) }.max() ?? 0
            if widest > width * 0.3 { riskLabelSize = riskFont * width * 0.3 / widest }
            fromRisk = pad + min(widest, width * 0.3) + 0.6 * f + widestNumber / 2
        }
        plotLeft = max(fromAxis, fromRisk)
        let lastTick = plot.breaks.last.map { metrics.width(plot.tickLabel($0), size: f) } ?? 0
        plotRight = width - pad - max(lastTick / 2, options.riskTable ? widestNumber / 2 : 0, 0.5 * f)
        yTitleSize = Self.fitting(plot.yTitle, size: f, width: max(plotBottom - plotTop, 1), metrics: metrics)
        xTitleSize = Self.fitting(plot.timeLabel, size: f, width: max(plotRight - plotLeft, 1), metrics: metrics)

        // Neighbouring labels of the breaks must not touch: label every k-th one.
        let widestTick = plot.breaks.map { metrics.width(plot.tickLabel($0), size: f) }.max() ?? 0
        let needed = max(widestTick, options.riskTable ? widestNumber : 0) + 0.5 * f
        let maxTime = plot.maxTime
        if plot.breaks.count > 1, maxTime > 0 {
            let spacing = (plot.breaks[1] - plot.breaks[0]) / maxTime * (plotRight - plotLeft)
            if spacing > 0 { labelStep = max(1, Int((needed / spacing).rounded(.up))) }
        }
    }
}
