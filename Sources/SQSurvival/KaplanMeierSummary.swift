/// The curve at chosen times, as R's summary(fit, times, extend = TRUE).
public struct SurvivalAtTime: Sendable, Equatable {
    public var time: Double
    /// At risk just before `time` (0 beyond the last observation).
    public var nRisk: Double
    /// Events after the previous requested time, up to and including `time`.
    public var nEvent: Double
    public var survival: Double
    public var standardError: Double
    public var lower: Double
    public var upper: Double
}

extension KaplanMeierCurve {
    /// S at t is the value at the last curve time ≤ t (1 before the first);
    /// the number at risk is that of the first curve time ≥ t.
    public func summary(at times: [Double]) -> [SurvivalAtTime] {
        var previousEvents = 0.0
        var cumulativeEvents = [Double](repeating: 0, count: time.count)
        var running = 0.0
        for j in time.indices {
            running += nEvent[j]
            cumulativeEvents[j] = running
        }
        return times.map { t in
            let atOrBefore = upperBound(t)          // number of curve times ≤ t
            let before = lowerBound(t)              // number of curve times < t
            let risk = before < nRisk.count ? nRisk[before] : 0
            let eventsSoFar = atOrBefore > 0 ? cumulativeEvents[atOrBefore - 1] : 0
            defer { previousEvents = eventsSoFar }
            guard atOrBefore > 0 else {
                return SurvivalAtTime(time: t, nRisk: risk, nEvent: 0, survival: 1, standardError: 0, lower: 1, upper: 1)
            }
            let j = atOrBefore - 1
            return SurvivalAtTime(time: t, nRisk: risk, nEvent: eventsSoFar - previousEvents, survival: survival[j],
                                  standardError: standardError[j], lower: lower[j], upper: upper[j])
        }
    }

    private func upperBound(_ t: Double) -> Int {
        var low = 0, high = time.count
        while low < high {
            let mid = (low + high) / 2
            if time[mid] <= t { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private func lowerBound(_ t: Double) -> Int {
        var low = 0, high = time.count
        while low < high {
            let mid = (low + high) / 2
            if time[mid] < t { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
