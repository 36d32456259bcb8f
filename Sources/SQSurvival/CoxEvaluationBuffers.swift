import Foundation

/// coxfit6's weights of one event time's sums, for its d deaths: with S0 the
/// risk set's sum less the deaths' (`denominator`) and D0 the deaths' own,
/// the k-th Efron term (k = 1…d, f = k/d, weight 1) has den = S0 + f D0;
/// Breslow's one term has f = 1 and weight d. logSum = Σ weight·log den,
/// s0 = Σ weight/den, s1 = Σ weight·f/den, s2 = Σ weight/den²,
/// s3 = Σ weight·f/den², s4 = Σ weight·f²/den²: the likelihood takes −logSum,
/// the score −(S1 s0 + D1 s1), the information S2 s0 + D2 s1 less the mean
/// products S1 S1' s2 + (S1 D1' + D1 S1') s3 + D1 D1' s4.
struct GroupWeights {
    var logSum = 0.0, s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0

    init(denominator: Double, deathsDenominator: Double, deaths: Int, efron: Bool) {
        let d = Double(deaths)
        let steps = efron ? deaths : 1
        let w = efron ? 1.0 : d
        for k in stride(from: 1, through: steps, by: 1) {
            let f = efron ? Double(k) / d : 1
            let den = denominator + f * deathsDenominator
            logSum += w * log(den)
            s0 += w / den
            s1 += w * f / den
            let q = w / (den * den)
            s2 += q
            s3 += q * f
            s4 += q * f * f
        }
    }
}

/// The likelihood and score of an evaluation.
struct PassTotals {
    var logLikelihood: Double
    var score: [Double]
}

/// One evaluation's working memory, shared by the workers, each writing its
/// own groups', rows' or block's part.
final class EvaluationBuffers: @unchecked Sendable {
    let blocks: Int
    private let p: Int
    let risk, omega: UnsafeMutablePointer<Double>
    /// Per group: the survivors' Σ r and Σ r x, the deaths' number, Σ r and Σ r x.
    let alive0, dead0, alive1, dead1: UnsafeMutablePointer<Double>
    let deaths: UnsafeMutablePointer<Int>
    /// Per group: its s0 and s1 (`GroupWeights`).
    let survivorWeight, deathWeight: UnsafeMutablePointer<Double>
    /// Per block: Σ η and Σ x over its deaths; its Gram matrix.
    let eventEta, eventX, grams: UnsafeMutablePointer<Double>
    /// The mean products (lower triangle).
    let outer: UnsafeMutablePointer<Double>
    /// Made after the walk: Σ s0 from each group to its stratum's end, that end,
    /// and for (start, stop] data the group before which each row leaves (−1: none).
    private(set) var suffix: [Double] = []
    private(set) var stratumEnd: [Int] = []
    private(set) var leaves: [Int]?
    private var allocations: [UnsafeMutableRawPointer] = []

    init(rows m: Int, groups: Int, p: Int, blocks: Int) {
        self.blocks = blocks
        self.p = p
        var made: [UnsafeMutableRawPointer] = []
        func doubles(_ count: Int, zeroed: Bool = true) -> UnsafeMutablePointer<Double> {
            let pointer = UnsafeMutablePointer<Double>.allocate(capacity: max(count, 1))
            if zeroed { pointer.initialize(repeating: 0, count: max(count, 1)) }
            made.append(UnsafeMutableRawPointer(pointer))
            return pointer
        }
        // Each row's r is written before it is read (rows in a group only), and
        // every ω is written by `rowWeights`.
        risk = doubles(m, zeroed: false); omega = doubles(m, zeroed: false)
        alive0 = doubles(groups); dead0 = doubles(groups); alive1 = doubles(groups * p); dead1 = doubles(groups * p)
        survivorWeight = doubles(groups); deathWeight = doubles(groups)
        eventEta = doubles(blocks); eventX = doubles(blocks * p); grams = doubles(blocks * p * p)
        outer = doubles(p * p)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: max(groups, 1))
        counts.initialize(repeating: 0, count: max(groups, 1))
        made.append(UnsafeMutableRawPointer(counts))
        deaths = counts
        allocations = made
    }

    func gram(_ block: Int) -> UnsafeMutablePointer<Double> { grams + block * p * p }

    func deallocate() { for pointer in allocations { pointer.deallocate() } }

    /// The suffix sums and the rows' exits, from the walk's weights.
    func prepareSuffixes(_ sets: CoxRiskSets) {
        let groups = sets.groupCount
        suffix = [Double](repeating: 0, count: groups + 1)
        stratumEnd = [Int](repeating: groups, count: groups)
        var end = groups
        for g in stride(from: groups - 1, through: 0, by: -1) {
            suffix[g] = survivorWeight[g] + (g + 1 < end ? suffix[g + 1] : 0)
            stratumEnd[g] = end
            if sets.groupOpensStratum[g] { end = g }
        }
        if !sets.exits.isEmpty {
            var leave = [Int](repeating: -1, count: sets.rowCount)
            for g in 0..<groups { for e in sets.exitBegin[g]..<sets.exitEnd[g] { leave[sets.exits[e]] = g } }
            leaves = leave
        }
    }

    /// Σ s0 over groups start ..< stop, within a stratum ending at `end`.
    @inline(__always)
    func sum(from start: Int, to stop: Int, end: Int) -> Double {
        guard start < stop else { return 0 }
        return suffix[start] - (stop < end ? suffix[stop] : 0)
    }
}
