import Foundation
import SQStore
import SQSurvival

/// KM and log-rank need only per-time counts, so SQLite could send those
/// (`GROUP BY time`) instead of a million rows. Both routes are timed from the
/// table in SQLite to the finished estimate, and their answers compared.
enum PushDown {
    static func run(database: Database) throws {
        var rowsCurve: KaplanMeierCurve?
        let viaRows = try seconds {
            let columns = try database.fetchColumns(SQL("SELECT time, status FROM cohort"), kinds: [.real, .real])
            guard case .real(let time, _) = columns[0], case .real(let status, _) = columns[1] else { return }
            rowsCurve = try KaplanMeier.fit(time: time, event: status.map { $0 == 1 })
        }
        var groupedCurve: KaplanMeierCurve?
        let viaGroupBy = try seconds {
            let columns = try database.fetchColumns(
                SQL("SELECT time, SUM(status = 1), SUM(status <> 1) FROM cohort GROUP BY time ORDER BY time"),
                kinds: [.real, .real, .real])
            guard case .real(let times, _) = columns[0], case .real(let events, _) = columns[1],
                  case .real(let censored, _) = columns[2] else { return }
            // At risk at t: everyone whose time is ≥ t, a suffix sum of the counts.
            var atRisk = [Double](repeating: 0, count: times.count)
            var total = 0.0
            for j in stride(from: times.count - 1, through: 0, by: -1) {
                total += events[j] + censored[j]
                atRisk[j] = total
            }
            groupedCurve = KaplanMeier.fit(EventTable(times: times, atRisk: atRisk, events: events, censored: censored))
        }
        let same = rowsCurve.map { a in groupedCurve.map { b in a.survival == b.survival && a.time == b.time } ?? false } ?? false
        print("")
        print("km from the SQLite table to the curve (\(same ? "identical curves" : "CURVES DIFFER")):")
        print("  fetch rows, sort in Swift   \(String(format: "%.3f", viaRows)) s")
        print("  GROUP BY time in SQLite     \(String(format: "%.3f", viaGroupBy)) s")
    }
}
