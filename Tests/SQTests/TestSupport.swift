import Foundation
import XCTest
@testable import SQ

/// Paths inside the repository, found from this file's location.
enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// `key,value` lines written by a script under Tests/Fixtures/R.
func loadReference(_ name: String) throws -> [String: Double] {
    let text = try String(contentsOfFile: Repository.path("Tests/Fixtures/R/\(name)"), encoding: .utf8)
    var values: [String: Double] = [:]
    for line in text.split(separator: "\n").dropFirst() {
        let parts = line.split(separator: ",", maxSplits: 1)
        if parts.count == 2 { values[String(parts[0])] = Double(parts[1].trimmingCharacters(in: .whitespaces)) ?? .nan }
    }
    return values
}

/// Relative error check against a reference value, with the key in the message.
func assertClose(_ actual: Double?, _ reference: [String: Double], _ key: String, tolerance: Double = 1e-6,
                 file: StaticString = #filePath, line: UInt = #line) {
    guard let expected = reference[key] else { return XCTFail("no reference value \(key)", file: file, line: line) }
    guard let actual else { return XCTFail("\(key): SQ gave no value, R gave \(expected)", file: file, line: line) }
    let error = abs(actual - expected) / max(abs(expected), 1e-300)
    XCTAssert(error <= tolerance || abs(actual - expected) < 1e-12,
              "\(key): SQ \(actual) vs R \(expected) (relative error \(error))", file: file, line: line)
}

/// A temporary directory removed when the test ends.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "sq-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

extension StatementResult {
    var km: KaplanMeierResult? { if case .km(let r) = value { return r } else { return nil } }
    var cox: CoxResult? { if case .cox(let r) = value { return r } else { return nil } }
    var logrank: LogRankResult? { if case .logrank(let r) = value { return r } else { return nil } }
    var followup: FollowUpResult? { if case .followup(let r) = value { return r } else { return nil } }
    var zph: ZPHResult? { if case .zph(let r) = value { return r } else { return nil } }
    var table: TableResult? { if case .table(let r) = value { return r } else { return nil } }
}
