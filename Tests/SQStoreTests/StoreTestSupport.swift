import Foundation
@testable import SQStore

/// Writes `text` to a new temporary file and returns its path.
func writeTemporary(_ text: String, name: String = "data.csv") throws -> String {
    try writeTemporary(Data(text.utf8), name: name)
}

func writeTemporary(_ data: Data, name: String) throws -> String {
    let directory = NSTemporaryDirectory() + "sq-store-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/" + name
    try data.write(to: URL(fileURLWithPath: path))
    return path
}

extension Database {
    func rows(_ text: String, _ arguments: [SQLValue] = []) throws -> [[SQLValue]] {
        try query(SQL(text, arguments)).rows
    }
}
