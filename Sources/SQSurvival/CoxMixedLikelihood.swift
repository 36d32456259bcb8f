import Foundation

extension CoxRiskSets {
    /// The partial likelihood of η = x'β + b[level] (+ the offset) with its score and information
    /// in the bordered layout (coxme's coxfit6b / agfit6b, noweb compute2.nw),
    /// in one backward pass over the same risk sets as the plain Cox fit.
    ///
    /// `level[k]` is sorted row k's position in `layout` (sparse levels first).
    /// Dense coordinates — the dense levels' indicators, then the p covariates —
    /// carry S0, S1, S2 sums as in `evaluate`. A sparse level j needs only its
    /// own sums a_j = Σ r and c_j = Σ r x over its rows at risk, and these change
    /// only when one of its rows enters or leaves; between changes its terms are
    /// a_j Σ 1/S0, a_j² Σ 1/S0² and c_j Σ 1/S0 − a_j Σ x̄/S0. So running totals of
    /// those sums over the event times are kept, and a level's contribution is
    /// brought up to date ("flushed", coxme's `update`) only when it changes —
    /// O(n m + d m²) per pass, not O(d q). Efron's tied deaths change the
    /// weights of their own levels inside one event time; those levels are
    /// computed explicitly there, as coxme does with its `tlist`.
    func evaluateMixed(beta: [Double], b: [Double], level: [Int], layout: RandomInterceptLayout,
                       ties: Ties) -> BorderedTerms {
        let p = self.p, ns = layout.sparse, nd = layout.dense, m = nd + p
        let rows = rowCount
        // Every working array lives in one zeroed allocation: the closures below
        // touch them through pointers, without copy-on-write checks.
        let sizes = [rows, rows, ns, m, ns, ns * m, m * m, m, m, m * m, m * m, ns, ns * p, ns, ns * p,
                     m, ns, ns, ns * m, m, m, m]
        let total = sizes.reduce(0, +)
        let memory = UnsafeMutablePointer<Double>.allocate(capacity: max(total, 1))
        memory.initialize(repeating: 0, count: max(total, 1))
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: max(ns, 1))
        counts.initialize(repeating: 0, count: max(ns, 1))
        let flags = UnsafeMutablePointer<Bool>.allocate(capacity: max(ns, 1))
        flags.initialize(repeating: false, count: max(ns, 1))
        defer { memory.deallocate(); counts.deallocate(); flags.deallocate() }
        var offset = 0
        func slice(_ k: Int) -> UnsafeMutablePointer<Double> {
            defer { offset += sizes[k] }
            return memory + offset
        }
        let eta = slice(0), risk = slice(1)
        let uS = slice(2), uD = slice(3), hS = slice(4), cross = slice(5), hD = slice(6)
        // Running sums of the risk set: dense (a, C) and the deaths' share (a2, C2).
        let aD = slice(7), a2D = slice(8), cD = slice(9), c2D = slice(10)
        let aS = slice(11), cS = slice(12), a2S = slice(13), c2S = slice(14)
        // Totals over the event terms so far, and each sparse level's totals when last flushed.
        let dsum3 = slice(15), lag1 = slice(16), lag2 = slice(17), lag3 = slice(18)
        let temp = slice(19), v1 = slice(20), vf = slice(21)
        let countS = counts, isTied = flags
        let x = self.x, offsets = self.offset
        for k in 0..<rows {
            var z = b[level[k]]
            if let offsets { z += offsets[k] }
            for j in 0..<p { z += beta[j] * x[k * p + j] }
            eta[k] = z
            risk[k] = exp(z)
        }
        var loglik = 0.0
        var denom = 0.0, efronWeight = 0.0
        var tied: [Int] = []
        var dsum1 = 0.0, dsum2 = 0.0
        var nrisk = 0

        func flush(_ j: Int) {
            let d1 = dsum1 - lag1[j]
            if d1 == 0 { return }
            let a = aS[j]
            if a != 0 {
                uS[j] -= a * d1
                hS[j] += a * d1 - a * a * (dsum2 - lag2[j])
                for k in 0..<m { cross[j * m + k] -= a * (dsum3[k] - lag3[j * m + k]) }
                for k in 0..<p { cross[j * m + nd + k] += cS[j * p + k] * d1 }
            }
            lag1[j] = dsum1
            lag2[j] = dsum2
            for k in 0..<m { lag3[j * m + k] = dsum3[k] }
        }
        func clearAll() {
            for j in 0..<ns where countS[j] > 0 {
                flush(j)
                aS[j] = 0; countS[j] = 0
                for k in 0..<p { cS[j * p + k] = 0 }
            }
            denom = 0
            for i in 0..<m { aD[i] = 0 }
            for i in 0..<(m * m) { cD[i] = 0 }
        }
        /// Adds r × row k's dense coordinates (its level's indicator when the level
        /// is dense, and its covariates) to the sums (r < 0: the row leaves).
        func add(_ k: Int, _ r: Double, into a: UnsafeMutablePointer<Double>, _ c: UnsafeMutablePointer<Double>) {
            let l = level[k] - ns
            let row = k * p
            if l >= 0 { a[l] += r; c[l * m + l] += r }
            for i in 0..<p {
                let ri = r * x[row + i]
                a[nd + i] += ri
                if l >= 0 { c[(nd + i) * m + l] += ri }
                for j in 0...i { c[(nd + i) * m + nd + j] += ri * x[row + j] }
            }
        }
        func addSparse(_ k: Int, _ r: Double) {
            let j = level[k]
            flush(j)
            aS[j] += r
            countS[j] += r > 0 ? 1 : -1
            for i in 0..<p { cS[j * p + i] += r * x[k * p + i] }
            if countS[j] == 0 {
                aS[j] = 0
                for i in 0..<p { cS[j * p + i] = 0 }
            }
        }
        /// One event term with weight w, denominator d2 and Efron fraction f.
        func term(w: Double, d2: Double, f: Double) {
            loglik -= w * log(d2)
            for i in 0..<m {
                temp[i] = (aD[i] - f * a2D[i]) / d2
                uD[i] -= w * temp[i]
            }
            for i in 0..<m {
                for j in 0...i {
                    hD[i * m + j] += w * ((cD[i * m + j] - f * c2D[i * m + j]) / d2 - temp[i] * temp[j])
                }
            }
            dsum1 += w / d2
            dsum2 += w / (d2 * d2)
            for i in 0..<m { dsum3[i] += w * temp[i] / d2 }
        }

        for g in 0..<groupCount {
            if groupOpensStratum[g] { clearAll(); nrisk = 0 }
            for e in exitBegin[g]..<exitEnd[g] {
                let k = exits[e]
                nrisk -= 1
                if nrisk == 0 { clearAll(); continue }
                denom -= risk[k]
                if level[k] < ns { addSparse(k, -risk[k]) }
                add(k, -risk[k], into: aD, cD)
            }
            var deaths = 0
            for k in groupBegin[g]..<groupEnd[g] {
                nrisk += 1
                let r = risk[k]
                denom += r
                let j = level[k]
                if j < ns { addSparse(k, r) }
                add(k, r, into: aD, cD)
                guard event[k] else { continue }
                deaths += 1
                loglik += eta[k]
                efronWeight += r
                if j < ns { uS[j] += 1 } else { uD[j - ns] += 1 }
                for i in 0..<p { uD[nd + i] += x[k * p + i] }
                if ties == .efron {
                    if j < ns {
                        a2S[j] += r
                        for i in 0..<p { c2S[j * p + i] += r * x[k * p + i] }
                        if !isTied[j] { isTied[j] = true; tied.append(j) }
                    }
                    add(k, r, into: a2D, c2D)
                }
            }
            if ties == .breslow || deaths == 1 {
                term(w: Double(deaths), d2: denom, f: 0)
            } else {
                for j in tied { flush(j) }
                // A tied level's weight in term t is (a − f_t a2)/d2_t: its sums over the
                // d terms need only Σ 1/d2, Σ f/d2, Σ 1/d2², Σ f/d2², Σ f²/d2² and
                // Σ x̄/d2, Σ f x̄/d2 — O(d m) per event time instead of O(d² m).
                var s1 = 0.0, sf = 0.0, s2 = 0.0, sf2 = 0.0, sff2 = 0.0
                for i in 0..<m { v1[i] = 0; vf[i] = 0 }
                for t in 0..<deaths {
                    let f = Double(t) / Double(deaths)
                    let d2 = denom - f * efronWeight
                    term(w: 1, d2: d2, f: f)
                    let inv = 1 / d2, inv2 = inv * inv
                    s1 += inv; sf += f * inv; s2 += inv2; sf2 += f * inv2; sff2 += f * f * inv2
                    for i in 0..<m { v1[i] += temp[i] * inv; vf[i] += f * temp[i] * inv }
                }
                for j in tied {
                    let a = aS[j], a2 = a2S[j]
                    uS[j] -= a * s1 - a2 * sf
                    hS[j] += a * s1 - a2 * sf - (a * a * s2 - 2 * a * a2 * sf2 + a2 * a2 * sff2)
                    let row = j * m
                    for k in 0..<m { cross[row + k] -= a * v1[k] - a2 * vf[k] }
                    for k in 0..<p { cross[row + nd + k] += cS[j * p + k] * s1 - c2S[j * p + k] * sf }
                }
                for j in tied {
                    lag1[j] = dsum1
                    lag2[j] = dsum2
                    for k in 0..<m { lag3[j * m + k] = dsum3[k] }
                }
            }
            efronWeight = 0
            if ties == .efron {
                for j in tied {
                    isTied[j] = false
                    a2S[j] = 0
                    for i in 0..<p { c2S[j * p + i] = 0 }
                }
                tied.removeAll(keepingCapacity: true)
                for i in 0..<m { a2D[i] = 0 }
                for i in 0..<(m * m) { c2D[i] = 0 }
            }
        }
        for j in 0..<ns { flush(j) }
        for i in 0..<m { for j in 0..<i { hD[j * m + i] = hD[i * m + j] } }
        func array(_ pointer: UnsafeMutablePointer<Double>, _ count: Int) -> [Double] {
            Array(UnsafeBufferPointer(start: pointer, count: count))
        }
        return BorderedTerms(logLikelihood: loglik, sparseScore: array(uS, ns), denseScore: array(uD, m),
                             sparseDiagonal: array(hS, ns), cross: array(cross, ns * m), dense: array(hD, m * m))
    }
}
