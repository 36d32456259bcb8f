import Foundation
import SQSurvival

/// Cost against size: KM, log-rank and Cox Efron on the first 10k, 100k and
/// all rows of the cohort. Each time is also given per n·log₂n, which stays
/// flat when the cost grows as n log n (sorting) and climbs on a quadratic path.
enum Scaling {
    static func run(time: [Double], event: [Bool], covariates: [[Double]], group: [Int]) throws {
        let sizes = [10_000, 100_000, time.count].filter { $0 <= time.count }
        print("")
        print("scaling      rows       seconds   ns per n·log₂n")
        for n in sizes {
            let t = Array(time[0..<n]), e = Array(event[0..<n])
            let x = covariates.map { Array($0[0..<n]) }, g = Array(group[0..<n])
            let tasks: [(String, () throws -> Void)] = [
                ("km", { _ = try KaplanMeier.fit(time: t, event: e) }),
                ("logrank", { _ = try LogRank.test(time: t, event: e, group: g) }),
                ("cox_efron", { _ = try CoxModel.fit(CoxData(time: t, event: e, covariates: x)) }),
            ]
            for (name, body) in tasks {
                let s = try seconds(body)
                let perUnit = s / (Double(n) * log2(Double(n))) * 1e9
                print(name.padding(toLength: 12, withPad: " ", startingAt: 0),
                      String(n).padding(toLength: 10, withPad: " ", startingAt: 0),
                      String(format: "%.4f", s).padding(toLength: 9, withPad: " ", startingAt: 0),
                      String(format: "%.2f", perUnit))
            }
        }
    }
}
