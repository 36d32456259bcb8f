import Foundation

/// Reads the KM and log-rank fixtures written by Tests/Fixtures/R/km_reference.R.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/R")

    /// A numeric CSV as columns by header name (quotes stripped, "NA" → NaN).
    static func columns(_ file: String) throws -> [String: [Double]] {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: ",").map { $0.replacingOccurrences(of: "\"", with: "") }
        var columns = [String: [Double]](uniqueKeysWithValues: header.map { ($0, [Double]()) })
        for line in lines.dropFirst() {
            for (name, field) in zip(header, line.split(separator: ",", omittingEmptySubsequences: false)) {
                columns[name]?.append(Double(field.replacingOccurrences(of: "\"", with: "")) ?? .nan)
            }
        }
        return columns
    }

    /// km_<case>_expected.csv: values by (group, key), in index order.
    static func expected(_ file: String) throws -> [String: [Double]] {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        var values: [String: [Double]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",").map(String.init)
            guard parts.count == 4 else { continue }
            values["\(parts[0]).\(parts[1])", default: []].append(Double(parts[3]) ?? .nan)
        }
        return values
    }

    /// logrank_<case>_expected.csv: key → value.
    static func keyed(_ file: String) throws -> [String: Double] {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",").map(String.init)
            if parts.count == 2 { values[parts[0]] = Double(parts[1]) ?? .nan }
        }
        return values
    }
}
