/// Where a forest plot's columns and rows go, from its width and measured
/// text: row labels | the estimates on their axis | "HR (95% CI)" | p, as
/// published forest plots print them; the height follows the rows (or the
/// rows share a given height).
struct ForestLayout {
    var font: Double
    /// Scale of strokes and markers (1 at 13 px text).
    var unit: Double
    var pad: Double
    var height: Double
    var titleSize = 0.0, titleBaseline = 0.0
    var headerBaseline = 0.0, headerRule = 0.0
    var rowsTop = 0.0, rowHeight = 0.0
    var labelSize = 0.0
    var plotLeft = 0.0, plotRight = 0.0
    var estimateX = 0.0, pRight = 0.0
    var showP = false
    var tickLength = 0.0, tickBaseline = 0.0
    var axisLabelBaseline = 0.0, axisLabelSize = 0.0
    var noteBaseline = 0.0

    init(plot: ForestPlot, metrics: TextMetrics) {
        var font = plot.fontSize ?? max(8, 13 * plot.width / 760)
        var layout = ForestLayout(font: font, plot: plot, metrics: metrics)
        // Smaller text until the axis keeps a quarter of the width.
        while font > 6, layout.plotRight - layout.plotLeft < plot.width * 0.25 {
            font = max(6, font * 0.9)
            layout = ForestLayout(font: font, plot: plot, metrics: metrics)
        }
        self = layout
    }

    private init(font f: Double, plot: ForestPlot, metrics: TextMetrics) {
        let ascent = TextMetrics.ascent, descent = TextMetrics.descent
        font = f
        unit = f / 13
        pad = 0.8 * f
        let width = plot.width
        titleSize = KaplanMeierLayout.fitting(plot.title, size: 1.15 * f, width: width - 2 * pad, metrics: metrics, bold: true)
        titleBaseline = pad + ascent * titleSize
        headerBaseline = titleBaseline + descent * titleSize + 0.8 * f + ascent * f
        headerRule = headerBaseline + descent * f + 0.3 * f
        rowsTop = headerRule + 0.2 * f

        // Columns from the right: p, then the estimates, then the axis; labels on the left.
        showP = plot.rows.contains { $0.p != nil }
        let pWidth = showP ? max(metrics.width("< 0.001", size: f), metrics.width("p", size: f, bold: true)) : 0
        pRight = width - pad
        let estimateWidth = max(plot.rows.map { metrics.width($0.detail, size: f, bold: $0.isSummary) }.max() ?? 0,
                                metrics.width(plot.columnHeading, size: f, bold: true))
        estimateX = pRight - (showP ? pWidth + 1.2 * f : 0) - estimateWidth
        let widestLabel = max(plot.rows.map { metrics.width($0.label, size: f, bold: $0.isSummary) }.max() ?? 0,
                              metrics.width(plot.labelHeading, size: f, bold: true))
        // Labels take at most 35% of the width; longer ones are set smaller.
        labelSize = widestLabel > width * 0.35 ? f * width * 0.35 / widestLabel : f
        plotLeft = pad + min(widestLabel, width * 0.35) + 1.2 * f
        plotRight = estimateX - 1.5 * f

        tickLength = 0.4 * f
        // `set min_cell`'s footnote, when there is one, takes a line under the axis label.
        let noteLine = plot.note == nil ? 0 : 0.4 * f + (ascent + descent) * 0.8 * f
        let below = tickLength + 0.3 * f + ascent * f + descent * f + 0.5 * f + (ascent + descent) * f + noteLine + pad
        let rows = Double(max(plot.rows.count, 1))
        if let given = plot.height {
            rowHeight = max(1.3 * f, (given - rowsTop - below) / rows)
            height = max(given, rowsTop + rows * rowHeight + below)
        } else {
            rowHeight = 1.9 * f
            height = rowsTop + rows * rowHeight + below
        }
        let axisY = rowsTop + rows * rowHeight
        tickBaseline = axisY + tickLength + 0.3 * f + ascent * f
        axisLabelBaseline = tickBaseline + descent * f + 0.5 * f + ascent * f
        noteBaseline = axisLabelBaseline + descent * f + 0.4 * f + ascent * 0.8 * f
        axisLabelSize = KaplanMeierLayout.fitting(plot.axisLabel, size: f, width: max(plotRight - plotLeft + 2 * f, 1), metrics: metrics)
    }
}
