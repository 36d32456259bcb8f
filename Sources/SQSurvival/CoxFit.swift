import Foundation

/// A fitted Cox proportional-hazards model, with the numbers `summary(coxph)`
/// prints. Arrays are indexed by design column; aliased columns hold NaN.
public struct CoxFit: Sendable {
    /// Log hazard ratios; NaN for aliased (collinear or constant) columns, like R's NA.
    public let coefficients: [Double]
    public let aliased: [Bool]
    /// Model-based (naive) variance, p × p; zero rows and columns for aliased columns.
    public let variance: [[Double]]
    /// Robust sandwich variance (grouped dfbeta, D'D) when the data are clustered.
    public let robustVariance: [[Double]]?
    /// Standard errors used for z, p and the intervals: robust when clustered, else naive.
    public let standardErrors: [Double]
    public let naiveStandardErrors: [Double]
    public let zScores: [Double]
    public let pValues: [Double]
    /// Confidence interval for exp(coef) at `CoxOptions.conf`.
    public let lower: [Double]
    public let upper: [Double]
    /// Log partial likelihood at β = 0 and at the estimate.
    public let logLikelihoodNull: Double
    public let logLikelihood: Double
    public let likelihoodRatio: TestStatistic
    /// Wald test; uses the robust variance when clustered (as R).
    public let wald: TestStatistic
    /// Score (log-rank) test at β = 0, model-based.
    public let score: TestStatistic
    /// R's "Robust" score test, printed beside the score test when clustered.
    public let robustScore: TestStatistic?
    /// Harrell's C as `fit$concordance` reports it, and its standard error.
    public let concordance: Double
    public let concordanceSE: Double
    public let concordanceCounts: ConcordanceCounts
    /// Rows used and events among them.
    public let n: Int
    public let events: Int
    public let iterations: Int
    public let converged: Bool
    public let warnings: [CoxWarning]
    /// x'β − Σ β·means per row, as `fit$linear.predictors`.
    public let linearPredictor: [Double]

    /// Hazard ratios exp(coef).
    public var hazardRatios: [Double] { coefficients.map { exp($0) } }
}
