/// What one statement produced. Every result carries its 1-based source line
/// and the statement's text (docs/results.md, "Every result": `kind`, `line`, `statement`).
public struct StatementResult: Sendable {
    public var line: Int
    public var statement: String
    public var value: ResultValue
    /// The statement's own warnings (rows dropped, ...); those a payload keeps
    /// itself (a Cox model's) are the payload's, so each is stored once.
    public var statementWarnings: [Warning]
    /// Every warning of the statement, its own then its payload's, with severity and span.
    public var diagnostics: [Warning] { statementWarnings + value.warnings }
    /// Things the analyst should know that did not stop the analysis (rows dropped, infinite coefficients, ...).
    public var warnings: [String] { diagnostics.map(\.message) }
    /// `set min_cell` when the statement ran (0: off); see `MinCell`.
    public var minCell: Int
    /// For a statement run by a procedure: the line of the outermost call
    /// (in the script), and the procedure whose statement this is (`line`
    /// is then the statement's line inside that procedure's file).
    public var callLine: Int?
    public var procedure: String?

    public init(line: Int, statement: String, value: ResultValue, warnings: [Warning] = [], minCell: Int = 0) {
        self.line = line
        self.statement = statement
        self.value = value
        self.statementWarnings = warnings
        self.minCell = minCell
    }
}

/// One case per kind of result; each payload is a Codable struct whose coding
/// keys are the JSON contract's names.
public enum ResultValue: Sendable {
    case km(KaplanMeierResult)
    case logrank(LogRankResult)
    case followup(FollowUpResult)
    case cox(CoxResult)
    case each(EachResult)
    case zph(ZPHResult)
    case plot(PlotResult)
    case pool(PoolResult)
    case poolSurvival(PooledSurvivalResult)
    case reconstruct(ReconstructResult)
    case cutpoint(CutpointResult)
    case interaction(InteractionResult)
    case subgroups(SubgroupsResult)
    case table(TableResult)
    case info(InfoResult)
    case describe(DescribeResult)
    /// The result of an analysis added through a registration.
    case registered(any AnalysisResult)

    /// The `kind` field of the JSON contract.
    public var kind: String {
        switch self {
        case .km: return "km"
        case .logrank: return "logrank"
        case .followup: return "followup"
        case .cox: return "cox"
        case .each: return "each"
        case .zph: return "zph"
        case .plot: return "plot"
        case .pool: return "pool"
        case .poolSurvival: return "pool_survival"
        case .reconstruct: return "reconstruct"
        case .cutpoint: return "cutpoint"
        case .interaction: return "interaction"
        case .subgroups: return "subgroups"
        case .table: return "table"
        case .info: return "info"
        case .describe: return "describe"
        case .registered(let r): return type(of: r).kind
        }
    }

    /// The payload, for encoders.
    public var payload: any Encodable & Sendable {
        switch self {
        case .km(let r): return r
        case .logrank(let r): return r
        case .followup(let r): return r
        case .cox(let r): return r
        case .each(let r): return r
        case .zph(let r): return r
        case .plot(let r): return r
        case .pool(let r): return r
        case .poolSurvival(let r): return r
        case .reconstruct(let r): return r
        case .cutpoint(let r): return r
        case .interaction(let r): return r
        case .subgroups(let r): return r
        case .table(let r): return r
        case .info(let r): return r
        case .describe(let r): return r
        case .registered(let r): return r
        }
    }
}

/// A message about what a data statement did (`imported 228 rows into lung`).
public struct InfoResult: Codable, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
}

/// Rows and columns: `sql`, `tables`, `schema`, `count`, `list`.
public struct TableResult: Codable, Sendable {
    public var title: String?
    public var columns: [String]
    public var rows: [[Value]]
    /// The columns that hold numbers of patients the statement counted (`count`'s
    /// `n`), which `set min_cell` hides where the table is shown; `sql` and
    /// `list` have none. Not part of the JSON.
    public var countColumns: [String] = []
    public init(title: String? = nil, columns: [String], rows: [[Value]], countColumns: [String] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.countColumns = countColumns
    }
    enum CodingKeys: String, CodingKey { case title, columns, rows }
}
