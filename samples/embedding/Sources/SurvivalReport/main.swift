// SurvivalReport: a host application's own rows analysed in-process with SQ,
// and the survival engine called directly on arrays.
import Foundation
import SQ
import SQSurvival

let session = try Session()

// 1. Data the host already has, registered as a table.
var rows: [[Value]] = []
for id in 1...60 {
    let treated = Int64(id % 2)
    let months = Double(6 + (id * 37) % 50) * (treated == 1 ? 1.4 : 1.0)
    let died: Int64 = id % 5 == 0 ? 0 : 1
    rows.append([.integer(Int64(id)), .integer(treated), .real(months), .integer(died)])
}
try session.register(table: "trial", columns: ["id", "treated", "months", "died"], rows: rows)

// 2. SQ source, typed results.
let results = try session.run("""
    endpoint os = surv(months, died, unit = months)
    km os by treated at 1y, 2y
    fit cox os ~ treated
    """)
for result in results {
    switch result.value {
    case .km(let km):
        for stratum in km.strata {
            let median = stratum.median.map { String(format: "%.1f", $0) } ?? "not reached"
            print("\(stratum.label): n = \(stratum.n), median \(median) months")
        }
    case .cox(let cox):
        if let treated = cox.term("treated"), let hr = treated.hazardRatio, let lower = treated.lower, let upper = treated.upper {
            print(String(format: "hazard ratio for treatment %.2f (95%% CI %.2f–%.2f), p = %.3g", hr, lower, upper, treated.p ?? .nan))
        }
    default:
        break
    }
}

// 3. Errors carry the position and a hint.
do {
    try session.run("fit cox os ~ treatment")
} catch let error as SQError {
    print("error at line \(error.line), column \(error.column): \(error.message) \(error.hints.joined(separator: " "))")
}

// 4. The engine alone, on arrays.
let curve = try KaplanMeier.fit(time: [5, 8, 12, 12, 20, 25], event: [true, false, true, true, false, true])
print("engine-only median:", curve.median().estimate.map { String($0) } ?? "not reached")
