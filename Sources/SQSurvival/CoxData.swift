import Foundation

/// How tied event times enter the partial likelihood.
public enum Ties: String, Sendable {
    /// Efron (1977): the tied deaths leave the risk set a fraction at a time.
    case efron
    /// Breslow (1974): every tied death sees the full risk set.
    case breslow
}

/// Fitting controls, named and defaulted as R's `coxph.control`.
public struct CoxOptions: Sendable {
    /// Tie handling (`ties =` in coxph).
    public var ties: Ties
    /// Newton–Raphson iteration limit (`iter.max`).
    public var maxIterations: Int
    /// Convergence criterion on the relative change of the log-likelihood (`eps`).
    public var epsilon: Double
    /// Pivot tolerance of the Cholesky decomposition (`toler.chol`): a column whose
    /// pivot falls below `tolerance × largest diagonal` is treated as aliased.
    public var tolerance: Double
    /// Confidence level of the hazard-ratio intervals.
    public var conf: Double
    /// Asked before every Newton–Raphson iteration and between the fit's
    /// stages; true stops the fit with `SurvivalError.cancelled` (Ctrl-C, API
    /// cancellation, a statement's time limit).
    public var shouldStop: (@Sendable () -> Bool)?
    /// False skips Harrell's C (the fit's concordance and its standard error are NaN).
    public var computesConcordance = true

    public init(ties: Ties = .efron, maxIterations: Int = 20, epsilon: Double = 1e-9,
                tolerance: Double = pow(Double.ulpOfOne, 0.75), conf: Double = 0.95,
                shouldStop: (@Sendable () -> Bool)? = nil) {
        self.ties = ties
        self.maxIterations = maxIterations
        self.epsilon = epsilon
        self.tolerance = tolerance
        self.conf = conf
        self.shouldStop = shouldStop
    }

    /// Throws `SurvivalError.cancelled` when the caller asked to stop.
    func checkStop() throws {
        if let shouldStop, shouldStop() { throw SurvivalError.cancelled }
    }

    /// R's `toler.inf`: the threshold of the "coefficient may be infinite" check.
    var infiniteTolerance: Double { epsilon.squareRoot() }
}

/// The numeric input of a Cox model: one entry per row in every array.
public struct CoxData: Sendable {
    /// Stop time (event or censoring time).
    public var time: [Double]
    /// True for an event, false for a censored row.
    public var event: [Bool]
    /// Start time of a counting-process interval (start, stop]; nil for right-censored data.
    public var entry: [Double]?
    /// Design columns, column-major: one array of length n per coefficient.
    public var covariates: [[Double]]
    /// Stratum code per row; each stratum has its own baseline hazard.
    public var strata: [Int]?
    /// Cluster code per row; requests the robust (grouped dfbeta) variance.
    public var cluster: [Int]?
    /// A known part of each row's linear predictor, η = offset + x'β (coxph's `offset()`).
    public var offset: [Double]?

    public init(time: [Double], event: [Bool], entry: [Double]? = nil,
                covariates: [[Double]], strata: [Int]? = nil, cluster: [Int]? = nil,
                offset: [Double]? = nil) {
        self.time = time
        self.event = event
        self.entry = entry
        self.covariates = covariates
        self.strata = strata
        self.cluster = cluster
        self.offset = offset
    }

    /// Number of rows.
    public var count: Int { time.count }

    /// Checks lengths and values; throws the error an analyst can act on.
    func validate() throws {
        let n = time.count
        guard n > 0 else { throw SurvivalError.noObservations }
        guard event.count == n else {
            throw SurvivalError.mismatchedLengths("time has \(n) rows, event has \(event.count)")
        }
        if let entry, entry.count != n {
            throw SurvivalError.mismatchedLengths("time has \(n) rows, entry has \(entry.count)")
        }
        if let strata, strata.count != n {
            throw SurvivalError.mismatchedLengths("time has \(n) rows, strata has \(strata.count)")
        }
        if let cluster, cluster.count != n {
            throw SurvivalError.mismatchedLengths("time has \(n) rows, cluster has \(cluster.count)")
        }
        if let offset {
            guard offset.count == n else {
                throw SurvivalError.mismatchedLengths("time has \(n) rows, offset has \(offset.count)")
            }
            if let bad = offset.firstIndex(where: { !$0.isFinite }) {
                throw SurvivalError.invalidValue("the offset is \(offset[bad]) in row \(bad + 1)")
            }
        }
        guard !covariates.isEmpty else {
            throw SurvivalError.invalidArgument("a Cox model needs at least one covariate")
        }
        for (j, column) in covariates.enumerated() where column.count != n {
            throw SurvivalError.mismatchedLengths("time has \(n) rows, covariate \(j + 1) has \(column.count)")
        }
        // Per column, the first row that is not finite (−1: none).
        let firstNotFinite = ColumnConcurrency.map(covariates) { $0.firstIndex { !$0.isFinite } ?? -1 }
        for (j, bad) in firstNotFinite.enumerated() where bad >= 0 {
            throw SurvivalError.invalidValue("covariate \(j + 1) is \(covariates[j][bad]) in row \(bad + 1)")
        }
        if let bad = time.firstIndex(where: { !$0.isFinite }) {
            throw SurvivalError.invalidValue("time is \(time[bad]) in row \(bad + 1)")
        }
        if let entry {
            for i in 0..<n where !(entry[i].isFinite && entry[i] < time[i]) {
                throw SurvivalError.invalidValue(
                    "row \(i + 1) has start \(entry[i]) and stop \(time[i]); the stop time must be after the start")
            }
        } else {
            try SurvivalInput.requireNonNegative(time)
        }
        guard event.contains(true) else { throw SurvivalError.noEvents }
    }
}

/// A chi-square test: statistic, degrees of freedom, upper-tail p-value.
public struct TestStatistic: Sendable, Equatable {
    public let statistic: Double
    public let df: Int
    public let p: Double

    public init(statistic: Double, df: Int) {
        self.init(statistic: statistic, df: df, p: df > 0 ? ChiSquared.upperTail(statistic, df: Double(df)) : .nan)
    }

    /// A test whose p-value is known already (a result read back from its JSON).
    public init(statistic: Double, df: Int, p: Double) {
        self.statistic = statistic
        self.df = df
        self.p = p
    }
}

/// Something the analyst should know about a fit; `column` is the 0-based design column.
public struct CoxWarning: Sendable, Equatable, CustomStringConvertible {
    public let column: Int?
    public let message: String

    public init(column: Int?, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String {
        column.map { "column \($0 + 1): \(message)" } ?? message
    }
}
