import Foundation
import XCTest

/// Issue 18 §16: Ctrl-C in the REPL did not stop an import (a 2M-row import
/// always finished). Now it stops, and no half table is left.
extension ReplSessionTests {
    func testInterruptStopsAnImportAndLeavesNoTable() throws {
        let path = NSTemporaryDirectory() + "sq-repl-big-\(UUID().uuidString).csv"
        var text = "time,status,x,label\n"
        text.reserveCapacity(30_000_000)
        for i in 0..<1_000_000 { text += "\(i % 997),\(i % 2),\(i % 1013),row\(i % 50)\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let terminal = try start()
        terminal.send("import \"\(path)\" as big\n")
        XCTAssertTrue(terminal.interruptUntilCancelled(), terminal.output)
        XCTAssertFalse(terminal.output.contains("imported 1000000 rows"), terminal.output)
        terminal.send(".tables\n")
        XCTAssertTrue(terminal.waitFor("kind"), terminal.output)
        XCTAssertFalse(terminal.after(".tables").contains("big"), "no half table: \(terminal.output)")
        terminal.send("count\n")
        XCTAssertTrue(terminal.waitFor("228"), terminal.output)
    }
}
