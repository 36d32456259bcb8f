import PropertyBased
import SQSurvival
import Testing

/// Properties every Kaplan–Meier curve must have, on generated cohorts.
@Suite struct KaplanMeierProperties {
    @Test func survivalIsNonIncreasingAndWithinZeroAndOne() async throws {
        await propertyCheck(count: 300, input: Cohorts.patients) { patients in
            let curve = try KaplanMeier.fit(time: patients.map(\.time), event: patients.map(\.event))
            #expect(curve.survival.allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect(zip(curve.survival, curve.survival.dropFirst()).allSatisfy { $0 >= $1 })
            for (lower, upper) in zip(curve.lower, curve.upper) where !lower.isNaN && !upper.isNaN {
                #expect(lower >= 0 && upper <= 1 && lower <= upper)
            }
            #expect(curve.n == patients.count)
            #expect(curve.events == patients.filter(\.event).count)
        }
    }

    /// With no censoring the product-limit estimate is the empirical survival
    /// function: S(t) = #{T > t} / n.
    @Test func withoutCensoringItIsTheEmpiricalSurvivalFunction() async throws {
        await propertyCheck(count: 300, input: Cohorts.uncensored) { patients in
            let times = patients.map(\.time)
            let curve = try KaplanMeier.fit(time: times, event: patients.map(\.event))
            for (t, s) in zip(curve.time, curve.survival) {
                let empirical = Double(times.filter { $0 > t }.count) / Double(times.count)
                #expect(close(s, empirical, 1e-12), "S(\(t)) = \(s), empirical \(empirical)")
            }
        }
    }

    @Test func rowOrderDoesNotChangeTheCurve() async throws {
        await propertyCheck(count: 200, input: Cohorts.shuffledPatients) { patients, seed in
            let shuffled = patients.shuffled(seed: seed)
            let a = try KaplanMeier.fit(time: patients.map(\.time), event: patients.map(\.event))
            let b = try KaplanMeier.fit(time: shuffled.map(\.time), event: shuffled.map(\.event))
            #expect(a.time == b.time)
            #expect(a.survival == b.survival)
            #expect(a.nRisk == b.nRisk)
            #expect(a.median() == b.median())
        }
    }

    @Test func logRankIgnoresRowOrder() async throws {
        await propertyCheck(count: 200, input: Cohorts.shuffledPatients) { patients, seed in
            let shuffled = patients.shuffled(seed: seed)
            let group = { (p: [Patient]) in p.map { $0.x > 0 ? 1 : 0 } }
            guard Set(group(patients)).count == 2, patients.contains(where: \.event) else { return }
            let a = try LogRank.test(time: patients.map(\.time), event: patients.map(\.event), group: group(patients))
            let b = try LogRank.test(time: shuffled.map(\.time), event: shuffled.map(\.event), group: group(shuffled))
            #expect(close(a.chiSquare, b.chiSquare))
            #expect(a.observed == b.observed)
            #expect(zip(a.expected, b.expected).allSatisfy { close($0, $1) })
        }
    }
}
