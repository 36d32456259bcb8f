/// Per distinct time: the number at risk, events and censorings — all the
/// Kaplan–Meier estimator and the log-rank test need. Built with one radix
/// sort and one pass; can also be given pre-aggregated counts (from a SQL
/// `GROUP BY time`), so a huge table never has to leave the database as rows.
public struct EventTable: Sendable {
    public let times: [Double]
    public let atRisk: [Double]
    public let events: [Double]
    public let censored: [Double]

    /// Number of observations (rows).
    public let observations: Int
    public var eventCount: Int { Int(events.reduce(0, +).rounded()) }

    /// Pre-aggregated counts, sorted by time; `observations` defaults to the
    /// first risk set (right-censored data).
    public init(times: [Double], atRisk: [Double], events: [Double], censored: [Double], observations: Int? = nil) {
        self.times = times
        self.atRisk = atRisk
        self.events = events
        self.censored = censored
        self.observations = observations ?? Int((atRisk.first ?? 0).rounded())
    }

    /// Right-censored data (`entry` nil) or counting-process (start, stop] data,
    /// where the risk set at t is {i : entry_i < t ≤ stop_i}.
    public init(time: [Double], event: [Bool], entry: [Double]? = nil) throws {
        try SurvivalInput.validate(time: time, event: event, entry: entry)
        let (times, events, censored) = TimeTally.hashed(time: time, event: event) ?? Self.sortedTally(time: time, event: event)
        // At risk at t: rows whose stop is ≥ t, less rows that have not entered yet (entry ≥ t).
        var atRisk = [Double](repeating: 0, count: times.count)
        var remaining = Double(time.count)
        for j in times.indices {
            atRisk[j] = remaining
            remaining -= events[j] + censored[j]
        }
        if let entry {
            let entries = entry.sorted()
            var notEntered = entries.count   // entries ≥ t, scanning t upwards
            var k = 0
            for j in times.indices {
                while k < entries.count, entries[k] < times[j] { k += 1; notEntered -= 1 }
                atRisk[j] -= Double(notEntered)
            }
        }
        self.init(times: times, atRisk: atRisk, events: events, censored: censored, observations: time.count)
    }
}

extension EventTable {
    /// Event and censoring times sorted apart (keys only, radix), then merged
    /// while counting ties: no index array, no comparisons.
    static func sortedTally(time: [Double], event: [Bool]) -> (times: [Double], events: [Double], censored: [Double]) {
        var eventKeys: [UInt64] = [], censorKeys: [UInt64] = []
        eventKeys.reserveCapacity(time.count)
        censorKeys.reserveCapacity(time.count / 2)
        for (t, e) in zip(time, event) {
            let key = CoxSorting.orderedBits(t == 0 ? 0 : t)   // −0 and 0 are one time
            if e { eventKeys.append(key) } else { censorKeys.append(key) }
        }
        eventKeys = CoxSorting.sortKeys(eventKeys)
        censorKeys = CoxSorting.sortKeys(censorKeys)
        var times: [Double] = [], events: [Double] = [], censored: [Double] = []
        var i = 0, j = 0
        while i < eventKeys.count || j < censorKeys.count {
            let key = min(i < eventKeys.count ? eventKeys[i] : .max, j < censorKeys.count ? censorKeys[j] : .max)
            var d = 0.0, c = 0.0
            while i < eventKeys.count, eventKeys[i] == key { d += 1; i += 1 }
            while j < censorKeys.count, censorKeys[j] == key { c += 1; j += 1 }
            times.append(CoxSorting.double(fromOrderedBits: key))
            events.append(d)
            censored.append(c)
        }
        return (times, events, censored)
    }
}

/// Checks shared by the Kaplan–Meier, log-rank and follow-up entry points.
enum SurvivalInput {
    static func validate(time: [Double], event: [Bool], entry: [Double]?) throws {
        guard time.count == event.count else {
            throw SurvivalError.mismatchedLengths("\(time.count) times, \(event.count) event indicators")
        }
        guard !time.isEmpty else { throw SurvivalError.noObservations }
        if let bad = time.firstIndex(where: { !$0.isFinite }) {
            throw SurvivalError.invalidValue("time in row \(bad + 1) is not a finite number")
        }
        if let entry {
            guard entry.count == time.count else {
                throw SurvivalError.mismatchedLengths("\(entry.count) start times, \(time.count) stop times")
            }
            for (i, start) in entry.enumerated() {
                guard start.isFinite else { throw SurvivalError.invalidValue("start time in row \(i + 1) is not a finite number") }
                guard start < time[i] else {
                    throw SurvivalError.invalidValue("in row \(i + 1) the stop time \(time[i]) is not after the start time \(start)")
                }
            }
        } else {
            try requireNonNegative(time)
        }
    }

    /// Time from the origin cannot be negative; R's Surv takes it without a word
    /// and the curve then starts before 0 — a silent wrong answer. (With start
    /// times, a negative start is fine; the stop must follow it.)
    static func requireNonNegative(_ time: [Double]) throws {
        let negative = time.filter { $0 < 0 }
        guard let smallest = negative.min() else { return }
        let rows = negative.count == 1 ? "1 row has a negative survival time" : "\(negative.count) rows have a negative survival time"
        throw SurvivalError.invalidValue("\(rows) (the smallest is \(String(format: "%g", smallest))); a time from the origin is 0 or more (check how the time was computed, e.g. an end date before the start date)")
    }
}
