import Foundation
import XCTest

/// With stdout and stderr joined in one pipe (`2>&1`), a diagnostic comes
/// after the results printed before it.
final class OutputOrderTests: XCTestCase {
    func testResultsPrecedeALaterError() throws {
        guard let binary = CommandLineTests.binary else { throw XCTSkip("the sq binary is not built") }
        let directory = NSTemporaryDirectory() + "sq-order-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lung = CommandLineTests.root.appendingPathComponent("samples/data/lung.csv").path
        let script = directory + "/order.sq"
        try """
            import "\(lung)" as lung
            count
            fit cox nothing ~ age
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$0\" run \"$1\" 2>&1", binary.path, script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 65)
        let imported = try XCTUnwrap(output.range(of: "imported 228 rows"), output)
        let count = try XCTUnwrap(output.range(of: "count"), output)
        let error = try XCTUnwrap(output.range(of: "error: unknown endpoint"), output)
        XCTAssertLessThan(imported.lowerBound, count.lowerBound)
        XCTAssertLessThan(count.lowerBound, error.lowerBound, output)
    }
}
