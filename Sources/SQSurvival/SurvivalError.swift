/// Why an estimator could not run on the data it was given. Messages are
/// written for the analyst; the caller adds the source position.
public enum SurvivalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Input arrays differ in length.
    case mismatchedLengths(String)
    /// No rows at all (after NULL deletion and filters).
    case noObservations
    /// Every observation is censored where the estimator needs events.
    case noEvents
    /// A time, weight or covariate is NaN or infinite, or a stop time is not after its start.
    case invalidValue(String)
    /// The problem is ill-posed in a way the message explains.
    case invalidArgument(String)
    /// The statement was cancelled (Ctrl-C, API cancellation).
    case cancelled

    public var description: String {
        switch self {
        case .mismatchedLengths(let what): return "input columns differ in length: \(what)"
        case .noObservations: return "no observations to analyse"
        case .noEvents: return "all observations are censored: there are no events to analyse"
        case .invalidValue(let what): return "invalid value: \(what)"
        case .invalidArgument(let what): return what
        case .cancelled: return "cancelled"
        }
    }
}
