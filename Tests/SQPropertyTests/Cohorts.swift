import PropertyBased
import SQTestSupport

/// One generated patient: a day-resolution time (so ties are common), an event
/// flag and one covariate.
struct Patient: Sendable {
    var time: Double
    var event: Bool
    var x: Double
}

enum Cohorts {
    /// 3–80 patients, times 1–30 days, about 70% events, x in [-2, 2].
    static let patients = zip(Gen.int(in: 1...30), Gen.bool(0.7), Gen.double(in: -2...2))
        .map { time, event, x in Patient(time: Double(time), event: event, x: x) }
        .array(of: 3...80)

    /// Patients with a permutation seed, for the row-order properties.
    static let shuffledPatients = zip(patients, Gen.int(in: 0...Int.max))

    /// Like `patients`, every row an event.
    static let uncensored = zip(Gen.int(in: 1...30), Gen.double(in: -2...2))
        .map { time, x in Patient(time: Double(time), event: true, x: x) }
        .array(of: 1...80)
}

extension Array {
    /// A permutation from a seed, so a failing case reproduces from the
    /// property test's own seed.
    func shuffled(seed: Int) -> [Element] {
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: seed))
        return shuffled(using: &generator)
    }
}

/// |a − b| ≤ tolerance × max(1, |a|, |b|); two NaNs (say, the concordance of
/// a cohort with no comparable pairs) count as equal.
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    if a == b || (a.isNaN && b.isNaN) { return true }
    return abs(a - b) <= tolerance * Swift.max(1, abs(a), abs(b))
}
