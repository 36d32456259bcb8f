import Foundation

/// Log partial likelihood, score vector and information matrix at one β.
struct CoxLikelihoodValue: Sendable {
    var logLikelihood: Double
    /// Score U(β), length p.
    var score: [Double]
    /// Information −∂²ℓ/∂β², flat p × p, both triangles filled.
    var information: [Double]

    var isFinite: Bool {
        logLikelihood.isFinite && score.allSatisfy(\.isFinite) && information.allSatisfy(\.isFinite)
    }
}

extension CoxRiskSets {
    /// One backward pass over the groups (coxfit6_iter; agfit4 for (start, stop] data).
    ///
    /// Running sums over the risk set — S0 = Σ r, S1 = Σ r x with r = exp(x'β)
    /// — grow as time decreases and shrink when counting-process rows reach
    /// their start. At an event time with d deaths, Breslow uses the full sums;
    /// Efron (1977; Therneau & Grambsch §3.3) adds the deaths' own sums a d-th
    /// at a time, so the k-th term sees them with weight k/d. Each term adds
    /// log S0 to the likelihood, the mean S1/S0 to the score and the weighted
    /// covariance S2/S0 − (S1/S0)(S1/S0)' to the information.
    ///
    /// The d terms of an event time share S0, S1, S2 up to the deaths' fraction,
    /// so they collapse to scalar weights of the time's sums (`GroupWeights`).
    /// The work is regrouped so the rows are read twice, each time on both
    /// cores: first each group's own sums (η, r, Σ r and Σ r x of its
    /// survivors and of its deaths); then, after a walk over the groups alone
    /// (the running sums, likelihood, score and weights), the O(n p²) part —
    /// Σ over event times of the weights times S2 — as one weighted Gram
    /// matrix Σ ω x x' (`weightedGram`), each row's ω being the sum of the
    /// weights of the event times whose risk set holds it.
    /// `parallel` nil = decide by size (n p ≥ 10⁵); tests force either path.
    func evaluate(beta: [Double], ties: Ties, parallel forced: Bool? = nil) -> CoxLikelihoodValue {
        let p = self.p
        let m = rowCount
        let parallel = (forced ?? (m * max(p, 1) >= 100_000)) && m >= 2
        let blocks = parallel ? 2 : 1
        let buffers = EvaluationBuffers(rows: m, groups: groupCount, p: p, blocks: blocks)
        defer { buffers.deallocate() }
        let groupSplit = splitGroups(blocks)
        DispatchQueue.concurrentPerform(iterations: blocks) { block in
            groupSums(beta: beta, groups: groupSplit[block]..<groupSplit[block + 1], block: block, into: buffers)
        }
        let totals = walk(buffers, efron: ties == .efron)
        buffers.prepareSuffixes(self)
        DispatchQueue.concurrentPerform(iterations: blocks) { block in
            rowWeights(groups: groupSplit[block]..<groupSplit[block + 1], buffers: buffers)
        }
        x.withUnsafeBufferPointer { xBuffer in
            guard let X = xBuffer.baseAddress else { return }
            let design = SendablePointer(X)
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                guard let X = design.pointer else { return }
                let lower = m * block / blocks, upper = m * (block + 1) / blocks
                Self.weightedGram(X, weights: buffers.omega, rows: lower..<upper, p: p, into: buffers.gram(block))
            }
        }
        // The information: the Gram matrices less the mean products, both triangles.
        var info = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for j in 0...i {
                var gram = 0.0
                for block in 0..<blocks { gram += buffers.gram(block)[i * p + j] }
                info[i * p + j] = gram - buffers.outer[i * p + j]
                info[j * p + i] = info[i * p + j]
            }
        }
        return CoxLikelihoodValue(logLikelihood: totals.logLikelihood, score: totals.score, information: info)
    }

    /// Group boundaries giving each of `blocks` workers about as many rows.
    private func splitGroups(_ blocks: Int) -> [Int] {
        var split = [0]
        var g = 0
        for block in 1..<blocks {
            let target = rowCount * block / blocks
            while g < groupCount && groupEnd[g] <= target { g += 1 }
            split.append(g)
        }
        split.append(groupCount)
        return split
    }

    /// For the rows of `groups`: r = exp(η), and each group's sums over its
    /// survivors (Σ r, Σ r x) and its deaths (their number, Σ r, Σ r x), and
    /// the block's Σ η and Σ x over deaths (the likelihood's and score's
    /// first terms).
    private func groupSums(beta: [Double], groups: Range<Int>, block: Int, into b: EvaluationBuffers) {
        let p = self.p
        // The block's totals stay local until the end: the other block's sit in the same cache line.
        var eventEta = 0.0
        var eventX = [Double](repeating: 0, count: p)
        x.withUnsafeBufferPointer { xBuffer in
            eventX.withUnsafeMutableBufferPointer { eventX in
                guard let X = xBuffer.baseAddress else { return }
                for g in groups {
                    let alive = b.alive1 + g * p, dead = b.dead1 + g * p
                    var alive0 = 0.0, dead0 = 0.0, deaths = 0
                    for k in groupBegin[g]..<groupEnd[g] {
                        let row = X + k * p
                        var z = offset?[k] ?? 0.0
                        for j in 0..<p { z += beta[j] * row[j] }
                        let r = exp(z)
                        b.risk[k] = r
                        if event[k] {
                            deaths += 1
                            dead0 += r
                            eventEta += z
                            for j in 0..<p { dead[j] += r * row[j]; eventX[j] += row[j] }
                        } else {
                            alive0 += r
                            for j in 0..<p { alive[j] += r * row[j] }
                        }
                    }
                    b.alive0[g] = alive0
                    b.dead0[g] = dead0
                    b.deaths[g] = deaths
                }
            }
        }
        b.eventEta[block] = eventEta
        for j in 0..<p { b.eventX[block * p + j] = eventX[j] }
    }

    /// The walk over the groups in order (time decreasing within a stratum):
    /// the running S0 and S1 of the rows at risk, less the rows leaving
    /// ((start, stop] data); each event time's `GroupWeights`; the likelihood
    /// and score; and the mean products Σ a a' s2 + (a a2' + a2 a') s3 + a2 a2' s4
    /// (a: S1 of the survivors at risk, a2: of the deaths) into `outer`.
    private func walk(_ b: EvaluationBuffers, efron: Bool) -> PassTotals {
        let p = self.p
        var a = [Double](repeating: 0, count: p)
        var loglik = 0.0
        var score = [Double](repeating: 0, count: p)
        for block in 0..<b.blocks {
            loglik += b.eventEta[block]
            for j in 0..<p { score[j] += b.eventX[block * p + j] }
        }
        var denom = 0.0
        var nrisk = 0
        x.withUnsafeBufferPointer { xBuffer in
            guard let X = xBuffer.baseAddress else { return }
            for g in 0..<groupCount {
                if groupOpensStratum[g] {
                    denom = 0
                    nrisk = 0
                    for j in 0..<p { a[j] = 0 }
                }
                for e in exitBegin[g]..<exitEnd[g] {
                    let k = exits[e]
                    nrisk -= 1
                    if nrisk == 0 {
                        denom = 0
                        for j in 0..<p { a[j] = 0 }
                    } else {
                        denom -= b.risk[k]
                        let row = X + k * p
                        for j in 0..<p { a[j] -= b.risk[k] * row[j] }
                    }
                }
                nrisk += groupEnd[g] - groupBegin[g]
                denom += b.alive0[g]
                let alive = b.alive1 + g * p, a2 = b.dead1 + g * p
                for j in 0..<p { a[j] += alive[j] }
                let w = GroupWeights(denominator: denom, deathsDenominator: b.dead0[g], deaths: b.deaths[g], efron: efron)
                loglik -= w.logSum
                for i in 0..<p { score[i] -= a[i] * w.s0 + a2[i] * w.s1 }
                for i in 0..<p {
                    let ai = a[i], bi = a2[i]
                    for j in 0...i {
                        b.outer[i * p + j] += ai * a[j] * w.s2 + (ai * a2[j] + bi * a[j]) * w.s3 + bi * a2[j] * w.s4
                    }
                }
                b.survivorWeight[g] = w.s0
                b.deathWeight[g] = w.s1
                denom += b.dead0[g]
                for j in 0..<p { a[j] += a2[j] }
            }
        }
        return PassTotals(logLikelihood: loglik, score: score)
    }

    /// ω for the sorted rows of `groups`: r × (Σ s0 over the groups from its
    /// own — the one after, for a death — to the one before it leaves, or to
    /// its stratum's end) + r × s1 of its own group for a death; 0 for a row in
    /// no group. The sums over groups are differences of suffix sums within
    /// the stratum (`EvaluationBuffers.prepareSuffixes`).
    private func rowWeights(groups: Range<Int>, buffers b: EvaluationBuffers) {
        guard !groups.isEmpty else { return }
        // Rows before the first group of this range and after the last are in no group.
        let firstRow = groups.lowerBound == 0 ? 0 : groupEnd[groups.lowerBound - 1]
        let lastRow = groups.upperBound == groupCount ? rowCount : groupBegin[groups.upperBound]
        for k in firstRow..<groupBegin[groups.lowerBound] { b.omega[k] = 0 }
        for g in groups {
            let end = b.stratumEnd[g]
            if g > groups.lowerBound { for k in groupEnd[g - 1]..<groupBegin[g] { b.omega[k] = 0 } }
            if let leaves = b.leaves {
                for k in groupBegin[g]..<groupEnd[g] {
                    let stop = leaves[k] < 0 ? end : leaves[k]
                    let r = b.risk[k]
                    b.omega[k] = event[k] ? r * (b.sum(from: g + 1, to: stop, end: end) + b.deathWeight[g])
                                          : r * b.sum(from: g, to: stop, end: end)
                }
            } else {
                // Right-censored: every row stays to its stratum's end, so the group's two weights serve all its rows.
                let survivors = b.sum(from: g, to: end, end: end), dying = b.sum(from: g + 1, to: end, end: end) + b.deathWeight[g]
                for k in groupBegin[g]..<groupEnd[g] { b.omega[k] = b.risk[k] * (event[k] ? dying : survivors) }
            }
        }
        for k in groupEnd[groups.upperBound - 1]..<lastRow { b.omega[k] = 0 }
    }
}
