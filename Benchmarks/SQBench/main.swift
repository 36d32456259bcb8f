import Foundation
import SQ
import SQStore
import SQSurvival

// sq-bench: SQ against R survival and lifelines on one synthetic cohort.
// Usage: swift run -c release sq-bench [--rows N] [--csv FILE] [--no-reference] [--repeat N] [--scaling] [--keep-csv] [--statements]
//        swift run -c release sq-bench --postgres URL [--rows N]   (km, logrank, fit cox on PostgreSQL, bytes received)
//        swift run -c release sq-bench [--no-reference] --random-effects   (the mixed-effects and frailty rows alone)
// (--repeat reports the median over N runs of each task, for SQ, R and lifelines
// alike; import and fetch run once).
// Prints one row per task: SQ seconds, its peak resident memory, R seconds and R/SQ,
// lifelines seconds and lifelines/SQ; then KM through SQL GROUP BY against fetching
// rows; with --scaling, cost at 10k, 100k and all rows.

var rows = 1_000_000
var csvPath: String?
var runReference = true
nonisolated(unsafe) var scaling = false   // set once from the arguments
nonisolated(unsafe) var keepCSV = false
nonisolated(unsafe) var statementsOnly = false   // --statements: the end-to-end table alone
nonisolated(unsafe) var repeats = 1   // set once from the arguments, before any timing
nonisolated(unsafe) var postgresURL: String?   // --postgres URL
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--rows": rows = Int(arguments.next() ?? "") ?? rows
    case "--csv": csvPath = arguments.next()
    case "--no-reference": runReference = false
    case "--repeat": repeats = max(1, Int(arguments.next() ?? "") ?? 1)
    case "--scaling": scaling = true
    case "--keep-csv": keepCSV = true
    case "--statements": statementsOnly = true
    case "--postgres":   // km, logrank, fit cox on a PostgreSQL server, with and without pushdown
        guard let url = arguments.next() else { FileHandle.standardError.write(Data("sq-bench: --postgres URL\n".utf8)); exit(64) }
        postgresURL = url
    case "--random-effects":   // only the mixed-effects and frailty rows
        let directory = NSTemporaryDirectory() + "sq-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do { try RandomEffectBench.run(directory: directory, runReference: runReference) } catch {
            FileHandle.standardError.write(Data("sq-bench: \(error)\n".utf8))
            exit(1)
        }
        try? FileManager.default.removeItem(atPath: directory)
        exit(0)
    default:
        FileHandle.standardError.write(Data("usage: sq-bench [--rows N] [--csv FILE] [--no-reference] [--repeat N] [--scaling] [--keep-csv] [--statements] [--random-effects] [--postgres URL]\n".utf8))
        exit(64)
    }
}
if let postgresURL {
    do { try PostgresBench.run(url: postgresURL, rows: rows) } catch {
        FileHandle.standardError.write(Data("sq-bench: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}

/// One timed run.
func once(_ body: () throws -> Void) rethrows -> Double {
    let elapsed = try ContinuousClock().measure(body)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// Runs `body` once for its peak resident memory (MiB above the resident size
/// before it), when the kernel reports it.
func peakMemory(_ body: () throws -> Void) rethrows -> Double? {
    guard Memory.resetPeak() else { try body(); return nil }
    let before = Memory.residentMiB()
    try body()
    guard let peak = Memory.peakMiB(), let before else { return nil }
    return peak - before
}

/// The median over `--repeat` runs of `body` (one run by default).
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    var times: [Double] = []
    for _ in 0..<repeats {
        let elapsed = try clock.measure(body)
        times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    return times.sorted()[times.count / 2]
}

func runBenchmark(rows: Int, csvPath: String?, runReference: Bool) throws {
    let directory = NSTemporaryDirectory() + "sq-bench-\(ProcessInfo.processInfo.processIdentifier)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let csv = csvPath ?? "\(directory)/cohort_\(rows).csv"
    if csvPath == nil {
        let generate = try once { try SyntheticCohort(rows: rows).writeCSV(to: csv) }
        print("generated \(rows) rows × 12 columns in \(String(format: "%.2f", generate)) s: \(csv)")
    }

    if statementsOnly {
        let r = runReference ? ReferenceTools.r(csv: csv, directory: directory, repeats: repeats) : [:]
        let lifelines = runReference ? ReferenceTools.lifelines(csv: csv, directory: directory, repeats: repeats) : [:]
        EndToEnd.print(try EndToEnd.run(csv: csv, repeats: repeats), r: r, lifelines: lifelines)
        return
    }
    var sq: [(String, Double)] = []
    var memory: [String: Double] = [:]
    let database = try Database()
    memory["import"] = try peakMemory {
        sq.append(("import", try once { _ = try database.importCSV(path: csv, table: "cohort") }))
    }
    var columns: [FetchedColumn] = []
    let names = ["time", "status"] + (1...10).map { "x\($0)" }
    memory["fetch"] = try peakMemory {
        sq.append(("fetch", try once {
            columns = try database.fetchColumns(SQL("SELECT \(names.joined(separator: ", ")) FROM cohort"),
                                                kinds: Array(repeating: .real, count: names.count))
        }))
    }
    func values(_ i: Int) -> [Double] {
        if case .real(let v, _) = columns[i] { return v }
        return []
    }
    let time = values(0)
    let event = values(1).map { $0 == 1 }
    let x = (2..<12).map(values)
    var fits: [String: CoxFit] = [:]
    let group = x[5].map { Int($0) }
    let tasks: [(String, () throws -> Void)] = [
        ("km", { _ = try KaplanMeier.fit(time: time, event: event) }),
        ("logrank", { _ = try LogRank.test(time: time, event: event, group: group) }),
        ("cox_efron", {
            let fit = try CoxModel.fit(CoxData(time: time, event: event, covariates: x), options: CoxOptions(ties: .efron))
            fits["cox_efron"] = fit
        }),
        ("cox_breslow", {
            let fit = try CoxModel.fit(CoxData(time: time, event: event, covariates: x), options: CoxOptions(ties: .breslow))
            fits["cox_breslow"] = fit
        }),
        ("cox_strata", {
            _ = try CoxModel.fit(CoxData(time: time, event: event, covariates: Array(x[0..<9]), strata: x[9].map { Int($0) }))
        }),
    ]
    for (name, body) in tasks {
        memory[name] = try peakMemory(body)
        sq.append((name, try seconds(body)))
    }
    for (name, fit) in fits.sorted(by: { $0.key < $1.key }) {
        print("\(name): \(fit.iterations) iterations, loglik \(fit.logLikelihood)")
    }

    let r = runReference ? ReferenceTools.r(csv: csv, directory: directory, repeats: repeats) : [:]
    let lifelines = runReference ? ReferenceTools.lifelines(csv: csv, directory: directory, repeats: repeats) : [:]
    EndToEnd.print(try EndToEnd.run(csv: csv, repeats: repeats), r: r, lifelines: lifelines)
    func cell(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "–" }
    func ratio(_ other: Double?, _ mine: Double) -> String { other.map { String(format: "%.1f×", $0 / mine) } ?? "–" }
    print("")
    print("task         SQ (s)   peak MiB  R (s)    R/SQ     lifelines (s)  lifelines/SQ")
    for (task, s) in sq {
        print(task.padding(toLength: 12, withPad: " ", startingAt: 0),
              cell(s).padding(toLength: 8, withPad: " ", startingAt: 0),
              (memory[task].map { String(format: "%.0f", $0) } ?? "–").padding(toLength: 9, withPad: " ", startingAt: 0),
              cell(r[task]).padding(toLength: 8, withPad: " ", startingAt: 0),
              ratio(r[task], s).padding(toLength: 8, withPad: " ", startingAt: 0),
              cell(lifelines[task]).padding(toLength: 14, withPad: " ", startingAt: 0),
              ratio(lifelines[task], s))
    }
    if runReference && r.isEmpty { print("(R with survival not found: install r-base-core r-cran-survival for the R column)") }
    if runReference && lifelines.isEmpty { print("(lifelines not found: pip install lifelines for its column)") }
    print("(peak MiB: resident memory a task added at its peak, above what was resident before it;")
    print(" the whole run's peak resident set, CSV mapping and SQLite cache included: \(String(format: "%.0f", Memory.lifetimePeakMiB())) MiB)")
    try RandomEffectBench.run(directory: directory, runReference: runReference)
    try PushDown.run(database: database)
    if scaling { try Scaling.run(time: time, event: event, covariates: x, group: group) }
    if keepCSV && csvPath == nil {
        print("kept the generated cohort: \(csv)")
    } else {
        try? FileManager.default.removeItem(atPath: directory)
    }

}

// As `sq` runs (AllocatorTuning): freed memory kept for the next statement.
AllocatorTuning.keepFreedMemory()
do {
    try runBenchmark(rows: rows, csvPath: csvPath, runReference: runReference)
} catch {
    FileHandle.standardError.write(Data("sq-bench: \(error)\n".utf8))
    exit(1)
}
