import SQSyntax

/// What `plot km ... with ...` and `plot forest ... with ...` may set besides the size.
public struct FigureSettings: Sendable {
    public var title: String?
    public var xlab: String?
    public var ylab: String?
    /// Tick interval and risk-table times, in the endpoint's unit (`breaks = 12mo`).
    public var breakInterval: Double?
    public var xlim: Double?
    /// `breaks = 6mo` on an endpoint in days: the axis is labelled in months (endpoint units per month in `axisFactor`).
    public var axisUnit: DurationUnit?
    public var axisFactor: Double = 1
    public var labels: [String]?
    /// Where `labels = (...)` was written, for an error when their number does not match the curves.
    public var labelsSpan: Span?
    public var riskTable = true
    public var median = true
    public var pvalue = true
    public var cumulative = false
    public var palette = "okabe-ito"
    public var fontFamily = "Helvetica"
    public var dpi: Double = 96
    public init() {}
}

/// The options of `plot forest` (read where the kept result is known, not in the planner).
public enum ForestOptions {
    public static func read(_ arguments: [Argument]) throws -> PlotStyle {
        try OptionReader(arguments, allowed: OptionReader.figureOptions, statement: "plot forest")
            .figureStyle { throw Diagnostic.error("`plot forest` has no time axis", at: $0.span) }
    }
}

extension OptionReader {
    static let figureOptions = ["width", "height", "font", "font_size", "font_family", "title", "dpi"]
    static let kaplanMeierFigureOptions = figureOptions + ["ci", "xlab", "ylab", "breaks", "xlim", "labels", "risk_table",
                                                           "median", "pvalue", "palette", "cumulative", "fun"]
    static let palettes = ["okabe-ito", "lancet", "nejm", "jco", "grey", "gray"]


    /// `time` converts a duration or number to the endpoint's unit (`breaks = 12mo`).
    func figureStyle(time: (Expr) throws -> Double) throws -> PlotStyle {
        var style = try plotStyle()
        if value("font_size") != nil && value("font") != nil, let font = value("font") {
            throw Diagnostic.error("`font` and `font_size` are the same option: give one", at: font.span)
        }
        if let size = value("font_size") ?? value("font") {
            // `font = "Times New Roman"` means the family, as R users write it.
            if case .string(let family) = size.kind { style.figure.fontFamily = family } else {
                style.fontSize = try number(value("font_size") != nil ? "font_size" : "font", default: 13, in: 4...200)
            }
        } else {
            style.fontSize = nil
        }
        if value("height") != nil { style.explicitHeight = style.height }
        var figure = style.figure
        figure.title = try text("title")
        figure.xlab = try text("xlab")
        figure.ylab = try text("ylab")
        if let family = try text("font_family") { figure.fontFamily = family }
        if let expr = value("breaks") {
            let interval = try time(expr)
            guard interval > 0 else { throw Diagnostic.error("`breaks` is the interval between ticks, more than 0 (`breaks = 12mo`)", at: expr.span) }
            figure.breakInterval = interval
        }
        if let expr = value("xlim") {
            let end = try time(expr)
            guard end > 0 else { throw Diagnostic.error("`xlim` is where the time axis ends, more than 0 (`xlim = 60mo`)", at: expr.span) }
            figure.xlim = end
        }
        if let expr = value("breaks") ?? value("xlim"), case .duration(_, let unit) = expr.kind {
            figure.axisUnit = unit
            figure.axisFactor = try time(Expr(.duration(1, unit), span: expr.span))
        }
        if let expr = value("labels") {
            figure.labels = try Self.strings(expr)
            figure.labelsSpan = expr.span
        }
        figure.riskTable = try flag("risk_table", default: true)
        figure.median = try flag("median", default: true)
        if let expr = value("pvalue") {
            switch expr.kind {
            case .boolean(let on): figure.pvalue = on
            default:
                guard Self.word(expr) == "logrank" else { throw Diagnostic.error("`pvalue` is logrank or false", at: expr.span) }
                figure.pvalue = true
            }
        }
        figure.cumulative = try flag("cumulative", default: false)
        if value("fun") != nil {
            let fun = try word("fun", oneOf: ["event", "surv", "pct"], default: "surv")
            if value("cumulative") != nil, (fun == "event") != figure.cumulative, let expr = value("fun") {
                throw Diagnostic.error("`fun = \"\(fun)\"` contradicts `cumulative`", at: expr.span)
            }
            figure.cumulative = fun == "event"
        }
        figure.palette = try word("palette", oneOf: Self.palettes, default: "okabe-ito")
        figure.dpi = try number("dpi", default: 96, in: 72...1200)
        style.figure = figure
        return style
    }

    func text(_ name: String) throws -> String? {
        guard let expr = value(name) else { return nil }
        guard case .string(let text) = expr.kind else {
            throw Diagnostic.error("`\(name)` is text in quotes: `\(name) = \"...\"`", at: expr.span)
        }
        return text
    }

    func flag(_ name: String, default fallback: Bool) throws -> Bool {
        guard let expr = value(name) else { return fallback }
        switch expr.kind {
        case .boolean(let b): return b
        case .number(let n, _) where n == 0 || n == 1: return n == 1
        default: throw Diagnostic.error("`\(name)` is true or false", at: expr.span)
        }
    }

    /// `("a", "b")` (read as `c(...)`), `c("a", "b")`, or one string.
    static func strings(_ expr: Expr) throws -> [String] {
        let items: [Expr]
        if case .call(let name, let arguments) = expr.kind, name.text.lowercased() == "c" { items = arguments.map(\.value) } else { items = [expr] }
        return try items.map { item in
            guard case .string(let text) = item.kind else {
                throw Diagnostic.error("`labels` are texts in quotes: `labels = (\"≤ 2 cm\", \"> 2 cm\")`", at: item.span)
            }
            return text
        }
    }
}
