import SQSyntax
import SQBackend

/// The IR of one analysis statement: the data request (cohort plan lowered to
/// one SELECT) and the call into the survival engine, with every column
/// referred to by its index in the request.
public struct AnalysisPlan: Sendable {
    public var request: DataRequest
    public var call: AnalysisCall
    /// `with pushdown = true|false` as written (nil: the backend's default,
    /// which is to aggregate in the database where it can).
    public var pushdown: Bool?
    public init(request: DataRequest, call: AnalysisCall) { self.request = request; self.call = call }
}

public enum AnalysisCall: Sendable {
    case km(endpoint: EndpointColumns, by: [GroupColumn], at: [TimePoint], confidence: ConfidenceSettings)
    case logrank(endpoint: EndpointColumns, by: [GroupColumn], strata: [GroupColumn])
    case followup(endpoint: EndpointColumns, confidence: ConfidenceSettings)
    case cox(endpoint: EndpointColumns, model: ModelPlan, settings: ModelSettings)
    /// One univariable model per term, each dropping NULLs in its own columns only.
    case each(endpoint: EndpointColumns, models: [ModelPlan], settings: ModelSettings)
    /// `each ... with multivariable = true`: the univariable models and the model of all their terms.
    case screen(endpoint: EndpointColumns, models: [ModelPlan], joint: ModelPlan, settings: ModelSettings)
    /// A Kaplan–Meier figure: to an SVG/PNG file, or drawn in the terminal when `path` is nil.
    case plotKM(endpoint: EndpointColumns, by: [GroupColumn], path: String?, confidence: ConfidenceSettings, style: PlotStyle)
    /// Inverse-variance pooling of one estimate per row (study).
    case pool(PoolPlan)
    case count(by: [GroupColumn])
    case list(columns: [GroupColumn])
    /// `cutpoint`, `interaction`, `subgroups` (EffectModificationPlans.swift).
    case cutpoint(CutpointPlan)
    case interaction(InteractionPlan)
    case subgroups(SubgroupsPlan)
    /// A Table 1 (`describe`).
    case describe(DescribePlan)
    /// Parsed and resolved; its engine arrives with a later release.
    case notImplemented(feature: String)
    /// An analysis added through a registration: its word and what its plan rule returned.
    case registered(word: String, call: any Sendable)
}

/// Where an endpoint's pieces sit in the request.
public struct EndpointColumns: Sendable {
    public var name: String
    public var time: Int
    public var event: Int
    public var start: Int?
    public var unit: DurationUnit?
    /// The event expression as written, for the 0/1 check's message.
    public var eventLabel: String
}

/// A `by` expression (or any labelled column): `trt`, `age > 60`.
public struct GroupColumn: Sendable {
    public var label: String
    public var column: Int
    public init(label: String, column: Int) { self.label = label; self.column = column }
}

/// An `at` time in the endpoint's unit, with the text the user wrote (`1y`).
public struct TimePoint: Sendable {
    public var value: Double
    public var label: String
}

public struct ConfidenceSettings: Sendable {
    public var level: Double
    public var type: ConfidenceScale
    public init(level: Double, type: ConfidenceScale) { self.level = level; self.type = type }
}

/// `pool estimate = e, se = s | lower = l, upper = u, label = study with method = reml, transform = log`.
public struct PoolPlan: Sendable {
    public var estimate: GroupColumn
    public var standardError: GroupColumn?
    public var lower: GroupColumn?
    public var upper: GroupColumn?
    public var label: GroupColumn?
    public var method: PoolMethod
    /// Pooled on that scale, reported back on the natural one.
    public var transform: PoolTransform
    public var conf: Double
}

/// `with ci = true, width = 800, height = 600, font = 14` on `plot`.
public struct PlotStyle: Sendable {
    public var confidenceBands: Bool
    public var width: Double
    public var height: Double
    /// nil: scaled with the canvas.
    public var fontSize: Double?
    /// The figure options beyond size (PlotOptionReader.swift).
    public var figure = FigureSettings()
    /// `height` when it was given (a forest plot's height otherwise follows its rows).
    public var explicitHeight: Double?
}

public struct ModelSettings: Sendable {
    public var ties: TieMethod
    public var conf: Double
    public var maxIterations: Int
    public var epsilon: Double
    /// `with variance = v` (mixed-effects) / `with theta = t` (frailty): a fixed random-effect variance.
    public var variance: Double? = nil
    public var theta: Double? = nil
    /// `with concordance = true|false` as written (nil: the backend's default,
    /// computed from rows, skipped when `fit cox` is fitted from PostgreSQL's sums).
    public var concordance: Bool? = nil
}

/// A Cox model's right-hand side after expansion of `*`, ready for a design matrix.
public struct ModelPlan: Sendable {
    public var variables: [ModelVariable]
    public var terms: [ModelTerm]
    /// `strata(a, b)`: request columns whose combination defines the strata.
    public var strata: [Int]
    public var cluster: Int?
    public var frailty: FrailtyPlan?
    /// Every request column this model reads (rows with NULL in any are dropped).
    public var usedColumns: [Int]
}

public struct ModelVariable: Sendable {
    public var label: String
    public var column: Int
    /// nil when the column's type is not known until the data is seen.
    public var categorical: Bool?
    public var reference: String?
    public var span: Span
    /// Written as `factor(...)` (or a define made with it), not categorical by its column's type.
    public var isDeclaredFactor = false
}

/// One term: a main effect (one variable) or an interaction (several), indices into `variables`.
public struct ModelTerm: Sendable {
    public var label: String
    public var variables: [Int]
    /// Where the formula writes the term (`age`, `a:b`, or the `a * b` it expands from), for warnings about it.
    public var span: Span
}

public struct FrailtyPlan: Sendable {
    public var group: Int
    /// "gamma" or "gaussian"; `(1 | g)` is a Gaussian random intercept (coxme).
    public var distribution: String
    public var mixedEffects: Bool
}
