import Foundation

/// survfit's confidence interval types.
public enum ConfidenceType: String, Sendable, CaseIterable {
    case log, logLog = "log-log", plain
}

/// A median (or other quantile) with its confidence limits; nil = not reached.
public struct MedianEstimate: Sendable, Equatable {
    public var estimate: Double?
    public var lower: Double?
    public var upper: Double?
    public init(estimate: Double?, lower: Double?, upper: Double?) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
    }
}

/// One Kaplan–Meier curve, as one stratum of R's survfit: a row per distinct
/// time (events and censorings alike).
public struct KaplanMeierCurve: Sendable {
    public let time: [Double]
    public let nRisk: [Double]
    public let nEvent: [Double]
    public let nCensor: [Double]
    public let survival: [Double]
    /// survfit's `std.err`: the Greenwood standard error of the cumulative hazard (of −log S).
    public let standardError: [Double]
    /// Confidence limits; NaN where survfit gives NA (S = 0 for log, S ∈ {0, 1} for log-log).
    public let lower: [Double]
    public let upper: [Double]
    public let n: Int
    public let events: Int
    public let conf: Double
    public let confType: ConfidenceType
}

public enum KaplanMeier {
    public static func fit(time: [Double], event: [Bool], entry: [Double]? = nil,
                           conf: Double = 0.95, confType: ConfidenceType = .log) throws -> KaplanMeierCurve {
        guard conf > 0, conf < 1 else { throw SurvivalError.invalidArgument("the confidence level must be between 0 and 1") }
        return fit(try EventTable(time: time, event: event, entry: entry), conf: conf, confType: confType)
    }

    /// Product-limit estimate S(t) = ∏ (1 − d/n) (Kaplan & Meier 1958) with the
    /// Greenwood (1926) variance of −log S: Σ d / (n (n − d)).
    public static func fit(_ table: EventTable, conf: Double = 0.95, confType: ConfidenceType = .log) -> KaplanMeierCurve {
        let count = table.times.count
        var survival = [Double](repeating: 1, count: count)
        var standardError = [Double](repeating: 0, count: count)
        var s = 1.0, varianceOfHazard = 0.0
        for j in 0..<count {
            let n = table.atRisk[j], d = table.events[j]
            if d > 0, n > 0 {
                s *= 1 - d / n
                varianceOfHazard += n > d ? d / (n * (n - d)) : .infinity
            }
            survival[j] = s
            standardError[j] = varianceOfHazard.squareRoot()
        }
        let z = Normal.quantile(1 - (1 - conf) / 2)
        var lower = [Double](repeating: .nan, count: count)
        var upper = [Double](repeating: .nan, count: count)
        for j in 0..<count {
            (lower[j], upper[j]) = ConfidenceBand.limits(survival[j], standardError[j], z: z, type: confType)
        }
        let n = table.observations
        return KaplanMeierCurve(time: table.times, nRisk: table.atRisk, nEvent: table.events, nCensor: table.censored,
                                survival: survival, standardError: standardError, lower: lower, upper: upper,
                                n: n, events: table.eventCount, conf: conf, confType: confType)
    }
}

/// Pointwise confidence limits for S(t), as survfit_confint (logse = TRUE).
enum ConfidenceBand {
    static func limits(_ s: Double, _ se: Double, z: Double, type: ConfidenceType) -> (Double, Double) {
        switch type {
        case .log:
            // exp(log S ± z·se), the upper capped at 1.
            guard s > 0 else { return (.nan, .nan) }
            return (exp(log(s) - z * se), min(exp(log(s) + z * se), 1))
        case .logLog:
            // exp(−exp(log(−log S) ∓ z·se / log S)) (Kalbfleisch & Prentice 2002, §4.3).
            guard s > 0, s < 1 else { return (.nan, .nan) }
            let shift = z * se / log(s)
            return (exp(-exp(log(-log(s)) - shift)), exp(-exp(log(-log(s)) + shift)))
        case .plain:
            let half = z * se * s
            guard half.isFinite else { return (.nan, .nan) }
            return (max(s - half, 0), min(s + half, 1))
        }
    }
}
