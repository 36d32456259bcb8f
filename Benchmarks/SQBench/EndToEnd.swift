import Foundation
import SQ

/// The statements as the analyst waits for them: `Session.run` of each, end
/// to end (fetch, NULL handling, design, fit, result), as the REPL's `.timer`
/// shows them, on the same CSV the engines and R and lifelines read.
enum EndToEnd {
    struct Timing {
        var statement: String
        var seconds: Double
        var peakMiB: Double?
    }

    /// Runs the import and each statement once (the repeated ones `repeats`
    /// times, median), in one session, in this order: the first statement
    /// after the import pays for whatever the session builds once.
    static func run(csv: String, repeats: Int) throws -> [Timing] {
        let session = try Session()
        var timings: [Timing] = []
        func time(_ label: String, _ statement: String, repeated: Bool = false) throws {
            var runs: [Double] = []
            var peak: Double?
            for run in 0..<(repeated ? repeats : 1) {
                let measure = { runs.append(try once { _ = try session.run(statement) }) }
                if run == 0 { peak = try peakMemory(measure) } else { try measure() }
            }
            timings.append(Timing(statement: label, seconds: runs.sorted()[runs.count / 2], peakMiB: peak))
        }
        let all = (1...10).map { "x\($0)" }.joined(separator: " + ")
        try time("import", "import \"\(csv)\" as cohort")
        try session.run("endpoint e = surv(time, status)")
        try time("km (first)", "km e")
        try time("km", "km e", repeated: true)
        try time("logrank", "logrank e by x6", repeated: true)
        try time("cox (first)", "fit cox e ~ \(all)")
        try time("cox, other terms", "fit cox e ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9", repeated: true)
        try time("cox breslow", "fit cox e ~ \(all) with ties = breslow", repeated: true)
        try time("cox strata", "fit cox e ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + strata(x10)", repeated: true)
        try time("check ph", "check ph")
        try time("each (3 terms)", "each e ~ x1, x2, x3")
        return timings
    }

    static func print(_ timings: [Timing], r: [String: Double], lifelines: [String: Double]) {
        // The reference tools' fits on data already in memory, by the same task names as the engines'.
        let reference = ["km (first)": "km", "km": "km", "logrank": "logrank", "cox (first)": "cox_efron",
                         "cox, other terms": "cox_efron", "cox breslow": "cox_breslow", "cox strata": "cox_strata"]
        func cell(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "–" }
        func ratio(_ other: Double?, _ mine: Double) -> String { other.map { String(format: "%.1f×", $0 / mine) } ?? "–" }
        Swift.print("")
        Swift.print("statement, end to end (Session.run)   SQ (s)   peak MiB  R (s)    R/SQ     lifelines (s)  lifelines/SQ")
        for t in timings {
            let task = reference[t.statement]
            Swift.print(t.statement.padding(toLength: 38, withPad: " ", startingAt: 0),
                        cell(t.seconds).padding(toLength: 8, withPad: " ", startingAt: 0),
                        (t.peakMiB.map { String(format: "%.0f", $0) } ?? "–").padding(toLength: 9, withPad: " ", startingAt: 0),
                        cell(task.flatMap { r[$0] }).padding(toLength: 8, withPad: " ", startingAt: 0),
                        ratio(task.flatMap { r[$0] }, t.seconds).padding(toLength: 8, withPad: " ", startingAt: 0),
                        cell(task.flatMap { lifelines[$0] }).padding(toLength: 14, withPad: " ", startingAt: 0),
                        ratio(task.flatMap { lifelines[$0] }, t.seconds))
        }
        Swift.print("(cox, other terms: a second fit on the same table; R and lifelines time each fit on a data frame already in memory)")
    }
}
