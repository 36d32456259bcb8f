import SQCompiler
import SQSyntax

/// Limits checked before an analysis allocates: a log-rank test keeps a k × k
/// covariance over its groups and a Cox model a dense design (rows × columns)
/// and a p × p information matrix, so a column with one value per row — an id
/// used as a factor — asked for 80 GB (issue 18 §15). These are far above any
/// analysis whose answer can be read; past them the error gives the count and
/// what to do instead.
enum ResourceLimits {
    /// Levels of one factor in a model, and groups of a log-rank test.
    static let maximumLevels = 1_000
    /// Coefficients of one Cox model (design columns).
    static let maximumCoefficients = 1_000
    /// Rows × columns of a Cox design matrix (800 MB of Doubles).
    static let maximumDesignCells = 100_000_000

    static func grouped(_ n: Int) -> String { WholeNumber.grouped(n) }

    static func tooManyGroups(_ count: Int, by: [GroupColumn], statement: String) -> RuntimeError {
        let names = by.map { "`\($0.label)`" }.joined(separator: ", ")
        return RuntimeError(message: "\(statement) by \(names) has \(grouped(count)) groups; it compares at most \(grouped(maximumLevels))",
                            hints: ["a column with a value per patient (an id, a measurement) is not a grouping: cut it into a few groups first, e.g. `define age_group = if(age < 65, \"<65\", \"65+\")`",
                                    "`count by \(by.first?.label ?? "x")` shows how many rows each value has"])
    }
}
