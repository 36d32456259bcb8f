import Foundation

/// Times the same fits in R `survival` and Python `lifelines`, when installed,
/// on the same CSV. Each tool reads the file first (not timed), then prints
/// `task seconds` lines for each fit: the median of `repeats` runs, as SQ's.
enum ReferenceTools {
    static func which(_ program: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        for dir in paths {
            let candidate = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func run(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(data: data, encoding: .utf8)
    }

    static func parse(_ output: String?) -> [String: Double] {
        var timings: [String: Double] = [:]
        for line in (output ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let seconds = Double(parts[1]) { timings[String(parts[0])] = seconds }
        }
        return timings
    }

    static func r(csv: String, directory: String, repeats: Int) -> [String: Double] {
        guard let rscript = which("Rscript") else { return [:] }
        let script = """
        suppressMessages(library(survival))
        d <- read.csv("\(csv)")
        f <- Surv(time, status) ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10
        t <- function(name, expr) {
          e <- substitute(expr)
          s <- replicate(\(repeats), unname(system.time(eval(e, parent.frame()))["elapsed"]))
          cat(name, median(s), "\\n")
        }
        t("km", survfit(Surv(time, status) ~ 1, data = d))
        t("logrank", survdiff(Surv(time, status) ~ x6, data = d))
        t("cox_efron", coxph(f, data = d, ties = "efron"))
        t("cox_breslow", coxph(f, data = d, ties = "breslow"))
        t("cox_strata", coxph(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + strata(x10), data = d))
        """
        let path = "\(directory)/bench.R"
        guard (try? script.write(toFile: path, atomically: true, encoding: .utf8)) != nil else { return [:] }
        return parse(run(rscript, [path]))
    }

    static func lifelines(csv: String, directory: String, repeats: Int) -> [String: Double] {
        guard let python = which("python3") else { return [:] }
        let script = """
        import statistics, time, pandas as pd
        from lifelines import CoxPHFitter, KaplanMeierFitter
        from lifelines.statistics import logrank_test
        d = pd.read_csv("\(csv)")
        def t(name, f):
            runs = []
            for _ in range(\(repeats)):
                s = time.perf_counter(); f(); runs.append(time.perf_counter() - s)
            print(name, statistics.median(runs))
        t("km", lambda: KaplanMeierFitter().fit(d.time, d.status))
        t("logrank", lambda: logrank_test(d.time[d.x6 == 0], d.time[d.x6 == 1], d.status[d.x6 == 0], d.status[d.x6 == 1]))
        t("cox_efron", lambda: CoxPHFitter().fit(d, "time", "status"))
        t("cox_strata", lambda: CoxPHFitter().fit(d, "time", "status", strata=["x10"]))
        """
        let path = "\(directory)/bench.py"
        guard (try? script.write(toFile: path, atomically: true, encoding: .utf8)) != nil else { return [:] }
        return parse(run(python, [path]))
    }
}
