import Foundation

/// Individual patient data rebuilt from a published Kaplan–Meier curve and its
/// numbers at risk, by the algorithm of Guyot, Ades, Ouwens & Welton (2012,
/// BMC Med Res Methodol 12:9): within each interval of the at-risk table the
/// number censored is first guessed from the curve, spread evenly over the
/// interval, and adjusted until the implied number at risk at the next table
/// time equals the published one; events at each digitised point follow from
/// the drop of the curve. The last interval uses the censoring rate so far, or
/// the total number of events when it is known.
public struct ReconstructedData: Sendable {
    /// One row per patient: time and event (true) or censoring (false).
    public let time: [Double]
    public let event: [Bool]
    /// Largest absolute difference between the input curve and the KM curve of the rebuilt data, at the input times.
    public let maximumDifference: Double
    /// Warnings about the input (points reordered, curve made monotone, ...).
    public let warnings: [String]
}

public enum Reconstruction {
    /// `curveTime`/`curveSurvival`: digitised points (survival in [0, 1]);
    /// `riskTime`/`atRisk`: the published at-risk table (its first time must be ≤ the first point);
    /// `totalEvents`: when the paper reports it.
    public static func guyot(curveTime: [Double], curveSurvival: [Double], riskTime: [Double], atRisk: [Double],
                             totalEvents: Int? = nil) throws -> ReconstructedData {
        var (tS, S, warnings) = try clean(curveTime, curveSurvival)
        guard riskTime.count == atRisk.count, !riskTime.isEmpty else {
            throw SurvivalError.invalidArgument("the at-risk table needs matching times and numbers")
        }
        guard zip(riskTime, riskTime.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw SurvivalError.invalidArgument("the at-risk times must increase")
        }
        // Intervals of the risk table that contain digitised points.
        var lower: [Int] = [], upper: [Int] = [], nRisk: [Double] = []
        for (i, t) in riskTime.enumerated() {
            let next = i + 1 < riskTime.count ? riskTime[i + 1] : .infinity
            guard let first = tS.firstIndex(where: { $0 >= t }), tS[first] < next else { continue }
            let last = tS.lastIndex(where: { $0 < next }) ?? first
            lower.append(first); upper.append(last); nRisk.append(atRisk[i])
        }
        guard !lower.isEmpty, let n0 = nRisk.first, n0 > 0 else {
            throw SurvivalError.invalidArgument("no digitised point falls within the at-risk table")
        }
        if lower[0] != 0 { tS.insert(0, at: 0); S.insert(1, at: 0); lower[0] = 0; for i in 1..<lower.count { lower[i] += 1 }; for i in upper.indices { upper[i] += 1 } }
        let nk = tS.count, nint = lower.count
        var nHat = [Double](repeating: n0 + 1, count: nk + 1)
        var cen = [Double](repeating: 0, count: nk), d = [Double](repeating: 0, count: nk)
        var kmHat = [Double](repeating: 1, count: nk)
        var lastIndex = [Int](repeating: 0, count: nint)
        var nCensor = [Double](repeating: 0, count: nint)

        func spreadCensoring(_ count: Double, from a: Int, to b: Int, over range: ClosedRange<Int>) {
            for k in range { cen[k] = 0 }
            guard count > 0, b > a else { return }
            let c = Int(count)
            for j in 1...c {
                let t = tS[a] + Double(j) * (tS[b] - tS[a]) / Double(c + 1)
                // Counts per (tS[k], tS[k+1]] as R's hist(); the first bin includes its left end.
                var k = a
                while k + 1 < b && t > tS[k + 1] { k += 1 }
                if range.contains(k) { cen[k] += 1 }
            }
        }

        func walk(_ i: Int, from a: Int, to b: Int, last start: Int, firstInterval: Bool) -> Int {
            var last = start
            for k in a...b {
                if firstInterval && k == a { d[k] = 0; kmHat[k] = 1 } else {
                    d[k] = kmHat[last] > 0 ? (nHat[k] * (1 - S[k] / kmHat[last])).rounded() : 0
                    d[k] = max(0, min(d[k], nHat[k]))
                    kmHat[k] = nHat[k] > 0 ? kmHat[last] * (1 - d[k] / nHat[k]) : kmHat[last]
                }
                nHat[k + 1] = nHat[k] - d[k] - cen[k]
                if nHat[k + 1] < 0 { nHat[k + 1] = 0; cen[k] = max(0, nHat[k] - d[k]) }
                if d[k] != 0 { last = k }
            }
            return last
        }

        for i in 0..<(nint - 1) {
            let a = lower[i], b = upper[i], next = lower[i + 1]
            nCensor[i] = max(0, (nRisk[i] * S[next] / max(S[a], 1e-12) - nRisk[i + 1]).rounded())
            var last = lastIndex[i]
            for _ in 0..<10_000 {
                spreadCensoring(nCensor[i], from: a, to: next, over: a...b)
                nHat[a] = nRisk[i]
                last = walk(i, from: a, to: b, last: lastIndex[i], firstInterval: i == 0)
                let excess = nHat[next] - nRisk[i + 1]
                if excess == 0 || (excess < 0 && nCensor[i] <= 0) { break }
                nCensor[i] = max(0, nCensor[i] + excess)
            }
            if nHat[next] < nRisk[i + 1] { nRisk[i + 1] = nHat[next] }
            lastIndex[i + 1] = last
        }
        // Last interval: censoring at the rate seen so far, or to match the total events.
        let a = lower[nint - 1], b = upper[nint - 1]
        if nint > 1 {
            let span = tS[upper[nint - 2]] - tS[lower[0]]
            let rate = span > 0 ? nCensor[0..<(nint - 1)].reduce(0, +) / span : 0
            nCensor[nint - 1] = min((rate * (tS[b] - tS[a])).rounded(), nRisk[nint - 1])
        }
        func finish(_ censored: Double) {
            if b > a { spreadCensoring(censored, from: a, to: b, over: a...(b - 1)) }
            nHat[a] = nRisk[nint - 1]
            _ = walk(nint - 1, from: a, to: b, last: lastIndex[nint - 1], firstInterval: nint == 1)
        }
        finish(nCensor[nint - 1])
        if let totalEvents {
            // Adjust the last interval's censoring until the events add up (Guyot's final step).
            for _ in 0..<10_000 {
                let events = d.reduce(0, +)
                if events == Double(totalEvents) { break }
                let before = nCensor[nint - 1]
                nCensor[nint - 1] = max(0, min(nRisk[nint - 1], before + events - Double(totalEvents)))
                if nCensor[nint - 1] == before { break }
                finish(nCensor[nint - 1])
            }
        }
        // Patients: d[k] events at tS[k]; cen[k] censored midway to the next point; the rest at the last time.
        var time: [Double] = [], event: [Bool] = []
        for k in 0..<nk {
            time += [Double](repeating: tS[k], count: Int(d[k])); event += [Bool](repeating: true, count: Int(d[k]))
            let censorTime = k + 1 < nk ? (tS[k] + tS[k + 1]) / 2 : tS[k]
            time += [Double](repeating: censorTime, count: Int(cen[k])); event += [Bool](repeating: false, count: Int(cen[k]))
        }
        let remaining = Int(max(0, n0 - Double(time.count)))
        time += [Double](repeating: tS[nk - 1], count: remaining); event += [Bool](repeating: false, count: remaining)
        let curve = try KaplanMeier.fit(time: time, event: event)
        let rebuilt = curve.summary(at: tS).map(\.survival)
        let difference = zip(rebuilt, S).map { abs($0 - $1) }.max() ?? 0
        return ReconstructedData(time: time, event: event, maximumDifference: difference, warnings: warnings)
    }

    /// Sorts the points by time, makes the curve non-increasing and within [0, 1]
    /// (percentages are recognised), and says what it changed.
    static func clean(_ time: [Double], _ survival: [Double]) throws -> ([Double], [Double], [String]) {
        guard time.count == survival.count, !time.isEmpty else { throw SurvivalError.invalidArgument("the curve needs time and survival points") }
        guard time.allSatisfy(\.isFinite), survival.allSatisfy(\.isFinite) else { throw SurvivalError.invalidValue("curve points must be numbers") }
        var warnings: [String] = []
        var points = zip(time, survival).map { ($0, $1) }
        if (survival.max() ?? 0) > 1.5 { points = points.map { ($0.0, $0.1 / 100) }; warnings.append("survival read as percentages") }
        if !zip(points, points.dropFirst()).allSatisfy({ $0.0 <= $1.0 }) {
            points.sort { $0.0 < $1.0 }
            warnings.append("curve points sorted by time")
        }
        var s: [Double] = [], t: [Double] = []
        var current = 1.0, adjusted = 0
        for (ti, si) in points {
            let clipped = min(max(si, 0), 1)
            let value = min(clipped, current)
            if value != si { adjusted += 1 }
            current = value
            t.append(max(ti, 0)); s.append(value)
        }
        if adjusted > 0 { warnings.append("\(adjusted) points lowered to keep the curve non-increasing within [0, 1]") }
        return (t, s, warnings)
    }
}
