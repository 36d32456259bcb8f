/// The one sort the Cox engine needs: row indices by stratum (ascending) and a
/// time (descending), done on a contiguous array of keys rather than through
/// indirect lookups, which keeps a million-row sort cache-friendly.
enum CoxSorting {
    private struct Key {
        var stratum: Int
        var time: Double
        var row: Int
    }

    /// Rows `rows` ordered by stratum ascending, then `time` descending.
    static func byStratumThenTimeDescending(_ rows: [Int], time: [Double], strata: [Int]?) -> [Int] {
        var keys = rows.map { Key(stratum: strata?[$0] ?? 0, time: time[$0], row: $0) }
        if strata == nil {
            keys.sort { $0.time > $1.time }
        } else {
            keys.sort { $0.stratum != $1.stratum ? $0.stratum < $1.stratum : $0.time > $1.time }
        }
        return keys.map(\.row)
    }

    /// Rank of each value among the distinct values (0-based), and the number of distinct values.
    static func denseRanks(_ values: [Double]) -> (ranks: [Int], count: Int) {
        var keys = values.enumerated().map { Key(stratum: 0, time: $0.element, row: $0.offset) }
        keys.sort { $0.time < $1.time }
        var ranks = [Int](repeating: 0, count: values.count)
        var rank = -1
        var previous = Double.nan
        for key in keys {
            if rank < 0 || key.time != previous { rank += 1; previous = key.time }
            ranks[key.row] = rank
        }
        return (ranks, rank + 1)
    }
}
