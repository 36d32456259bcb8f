/// "did you mean …?" for unknown names: the closest candidate by
/// Damerau–Levenshtein (optimal string alignment) distance, case-insensitive,
/// accepted when the distance is small relative to the name's length.
public enum NameSuggestion {
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let target = Array(name.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = distance(target, Array(candidate.lowercased()))
            if let current = best, current.distance <= d { continue }
            best = (candidate, d)
        }
        guard let found = best else { return nil }
        let allowed = max(1, min(3, target.count / 3))
        if found.distance <= allowed { return found.name }
        // A prefix (maxdiam → maxdiam2) is a good guess even past the distance bound.
        let lowered = name.lowercased()
        if lowered.count >= 3, let prefixed = candidates.first(where: { $0.lowercased().hasPrefix(lowered) }) {
            return prefixed
        }
        // ...and so is a known name the unknown one extends (maxdiameter → maxdiam).
        if let stem = candidates.filter({ $0.count >= 4 && lowered.hasPrefix($0.lowercased()) }).max(by: { $0.count < $1.count }) {
            return stem
        }
        return nil
    }

    /// A hint sentence, or none.
    public static func hint(for name: String, in candidates: [String]) -> [String] {
        closest(to: name, in: candidates).map { ["did you mean `\($0)`?"] } ?? []
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
