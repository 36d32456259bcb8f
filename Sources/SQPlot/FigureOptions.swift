/// What `plot km ... with ...` may set, as survminer's `ggsurvplot` users expect.
/// Sizes are CSS px (1/96 in); `dpi` only sets the resolution of a PNG or TIFF.
public struct FigureOptions: Sendable {
    public var width: Double = 720
    public var height: Double = 520
    public var title: String?
    public var xlab: String?
    public var ylab: String?
    /// Tick interval on the time axis, also the times of the number-at-risk table (endpoint units).
    public var breakInterval: Double?
    /// End of the time axis (endpoint units).
    public var xlim: Double?
    /// Legend labels, one per curve in order.
    public var labels: [String]?
    public var riskTable = true
    public var median = true
    public var pvalue = true
    public var confidenceBands = false
    /// 1 − S(t): cumulative incidence (`cumulative = true`, `fun = "event"`).
    public var cumulative = false
    public var palette: FigurePalette = .okabeIto
    public var fontFamily = "Helvetica"
    /// nil: scaled with the canvas (13 px at 720 × 520).
    public var fontSize: Double?
    public var dpi: Double = 96

    public init() {}

    /// How much the figure is scaled from the 720 × 520 design.
    public var scale: Double { max(0.5, min(width / 720, height / 520)) }

    /// The base text size: as given, else 13 px scaled with the canvas.
    public var resolvedFontSize: Double { fontSize ?? 13 * scale }
}

/// Colours by journal style (ggsci's palettes), the Okabe–Ito colour-blind-safe
/// default, and grey for print, where curves also differ by dash pattern.
public enum FigurePalette: String, Sendable, CaseIterable {
    case okabeIto = "okabe-ito", lancet, nejm, jco, grey

    public var colours: [String] {
        switch self {
        case .okabeIto: return Palette.colours
        case .lancet: return ["#00468B", "#ED0000", "#42B540", "#0099B4", "#925E9F", "#FDAF91", "#AD002A", "#ADB6B6"]
        case .nejm: return ["#BC3C29", "#0072B5", "#E18727", "#20854E", "#7876B1", "#6F99AD", "#FFDC91", "#EE4C97"]
        case .jco: return ["#0073C2", "#EFC000", "#868686", "#CD534C", "#7AA6DC", "#003C67", "#8F7700", "#3B3B3B"]
        case .grey: return ["#000000", "#555555", "#888888", "#333333", "#AAAAAA", "#666666"]
        }
    }

    public func colour(_ i: Int) -> String { colours[i % colours.count] }

    /// Dash pattern of curve `i` (in units of the line width): grey curves differ by it.
    public func dash(_ i: Int) -> [Double]? {
        guard self == .grey else { return nil }
        let patterns: [[Double]?] = [nil, [6, 3], [1.5, 2.5], [8, 3, 1.5, 3], [3, 3], [10, 4]]
        return patterns[i % patterns.count]
    }

    public static func named(_ name: String) -> FigurePalette? {
        switch name.lowercased() {
        case "okabe-ito", "okabeito", "okabe_ito", "default": return .okabeIto
        case "lancet": return .lancet
        case "nejm": return .nejm
        case "jco": return .jco
        case "grey", "gray": return .grey
        default: return nil
        }
    }
}
