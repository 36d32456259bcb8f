import Foundation
import SQStore
import SQSurvival
import SQTestSupport

/// The random-effect rows of sq-bench: a seed-000-like cohort (patients with
/// 1–12 local treatments each, PFS after every treatment, a shared patient
/// effect of variance 0.5 — as Tests/Fixtures/R/seedlike_cohort.R draws it),
/// fitted end to end (CSV import, fetch, group codes, fit) as a mixed-effects
/// Cox model `(1 | patient_id)` and with a gamma `frailty(patient_id)`, against
/// R coxme (default settings) and coxph + frailty() when installed.
enum RandomEffectBench {
    static let header = "patient_id,treatment,age,size_cm,margin,rt,pfs_months,progressed"

    static func writeCohort(patients: Int, to path: String) throws -> Int {
        var generator = SplitMix64(seed: 20_000 + UInt64(patients))
        var text = header + "\n"
        var rows = 0
        for id in 1...patients {
            var treatments = 1
            while treatments < 12 && generator.uniform() >= 0.31 { treatments += 1 }
            let age = (55 + 14 * generator.normal()).rounded()
            let b = 0.5.squareRoot() * generator.normal()
            for t in 1...treatments {
                let size = (exp(log(3) + 0.6 * generator.normal()) * 10).rounded() / 10
                let margin = generator.uniform() < 0.35 ? 1 : 0
                let rt = generator.uniform() < 0.4 ? 1 : 0
                let lp = 0.25 * Double(margin) + 0.12 * size - 0.35 * Double(rt) + 0.01 * (age - 55) + b
                let event = -log(max(generator.uniform(), 1e-300)) / (exp(lp) / 20)
                let censor = 6 + 84 * generator.uniform()
                let pfs = max(0.1, (min(event, censor) * 10).rounded() / 10)
                text += "\(id),\(t),\(Int(age)),\(size),\(margin),\(rt),\(pfs),\(event <= censor ? 1 : 0)\n"
                rows += 1
            }
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return rows
    }

    /// Import, fetch and fit; the fit's variance for the printout.
    static func endToEnd(csv: String, frailty: Bool) throws -> Double {
        let database = try Database()
        _ = try database.importCSV(path: csv, table: "treatments")
        let names = ["patient_id", "age", "size_cm", "margin", "rt", "pfs_months", "progressed"]
        let columns = try database.fetchColumns(
            SQL("SELECT \(names.joined(separator: ", ")) FROM treatments"),
            kinds: Array(repeating: .real, count: names.count))
        func values(_ i: Int) -> [Double] { if case .real(let v, _) = columns[i] { return v } else { return [] } }
        let ids = values(0)
        let distinct = Array(Set(ids)).sorted()
        let code = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        let group = ids.map { code[$0] ?? 0 }
        let data = CoxData(time: values(5), event: values(6).map { $0 == 1 },
                           covariates: [values(3), values(2), values(4), values(1)])
        if frailty {
            return try FrailtyModel.fit(data, group: group).theta
        }
        return try CoxMixedModel.fit(data, group: group).randomVariance
    }

    /// R's times: coxme with its defaults, coxph + frailty(); empty when coxme is not installed.
    static func reference(csv: String, directory: String) -> [String: Double] {
        guard let rscript = ReferenceTools.which("Rscript") else { return [:] }
        let script = """
        suppressMessages({ library(survival); ok <- requireNamespace("coxme", quietly = TRUE) })
        if (!ok) quit(status = 1)
        suppressMessages(library(coxme))
        d <- read.csv("\(csv)")
        s <- system.time(f <- coxme(Surv(pfs_months, progressed) ~ margin + size_cm + rt + age + (1 | patient_id), data = d))
        cat("mixed", unname(s["elapsed"]), "\\n")
        cat("mixed_variance", unname(f$vcoef[[1]]), "\\n")
        s <- system.time(g <- coxph(Surv(pfs_months, progressed) ~ margin + size_cm + rt + age + frailty(patient_id), data = d))
        cat("gamma_frailty", unname(s["elapsed"]), "\\n")
        cat("gamma_theta", unname(g$history[[1]]$history[nrow(g$history[[1]]$history), 1]), "\\n")
        """
        let path = "\(directory)/bench_frailty.R"
        guard (try? script.write(toFile: path, atomically: true, encoding: .utf8)) != nil else { return [:] }
        return ReferenceTools.parse(ReferenceTools.run(rscript, [path]))
    }

    static func run(directory: String, runReference: Bool, patients: Int = 10_000) throws {
        let csv = "\(directory)/treatments_\(patients).csv"
        let rows = try writeCohort(patients: patients, to: csv)
        print("")
        print("random effects: \(patients) patients, \(rows) treatments (seed-000-like cohort), end to end")
        var variance: [String: Double] = [:]
        let mixed = try once { variance["mixed"] = try endToEnd(csv: csv, frailty: false) }
        let gamma = try once { variance["gamma_frailty"] = try endToEnd(csv: csv, frailty: true) }
        let r = runReference ? reference(csv: csv, directory: directory) : [:]
        func cell(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "–" }
        print("task           SQ (s)   R (s)    R/SQ     variance SQ  variance R")
        for (task, s, rKey) in [("mixed", mixed, "mixed_variance"), ("gamma_frailty", gamma, "gamma_theta")] {
            print(task.padding(toLength: 14, withPad: " ", startingAt: 0),
                  cell(s).padding(toLength: 8, withPad: " ", startingAt: 0),
                  cell(r[task]).padding(toLength: 8, withPad: " ", startingAt: 0),
                  (r[task].map { String(format: "%.1f×", $0 / s) } ?? "–").padding(toLength: 8, withPad: " ", startingAt: 0),
                  String(format: "%.4f", variance[task] ?? .nan).padding(toLength: 12, withPad: " ", startingAt: 0),
                  r[rKey].map { String(format: "%.4f", $0) } ?? "–")
        }
        if runReference && r.isEmpty { print("(R coxme not found: install it for the R column; R_LIBS is honoured)") }
        print("(SQ's mixed model is coxme at its true optimum; coxme's default optimiser stops early,")
        print(" so its variance differs in the third digit)")
    }
}
