import Foundation
import SQTestSupport

/// A seeded synthetic registry cohort: day-resolution (heavily tied) times,
/// 0/1 status, and ten covariates: five normal, three binary, one uniform and
/// a four-level group (used as strata). Columns: time, status, x1 ... x10.
struct SyntheticCohort {
    var rows: Int
    var seed: UInt64 = 20261124


    static let header = "time,status,x1,x2,x3,x4,x5,x6,x7,x8,x9,x10"

    func writeCSV(to path: String) throws {
        var generator = SplitMix64(seed: seed)
        var text = SyntheticCohort.header + "\n"
        text.reserveCapacity(rows * 80)
        let beta = [0.3, -0.2, 0.1, 0.05, -0.1, 0.4, -0.3, 0.2, 0.5, 0.1]
        for _ in 0..<rows {
            var x = [Double](repeating: 0, count: 10)
            for j in 0..<5 { x[j] = (generator.normal() * 1000).rounded() / 1000 }
            for j in 5..<8 { x[j] = generator.uniform() < 0.4 ? 1 : 0 }
            x[8] = (generator.uniform() * 1000).rounded() / 1000
            x[9] = Double(Int(generator.uniform() * 4))
            var lp = 0.0
            for j in 0..<10 { lp += beta[j] * x[j] }
            let eventTime = -log(max(generator.uniform(), 1e-300)) / (exp(lp) / 1500)
            let censorTime = generator.uniform() * 4000
            let time = max(1, (min(eventTime, censorTime)).rounded(.up))
            let status = eventTime <= censorTime ? 1 : 0
            text += "\(Int(time)),\(status)"
            for j in 0..<10 {
                text += j >= 5 && j != 8 ? ",\(Int(x[j]))" : ",\(x[j])"
            }
            text += "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
