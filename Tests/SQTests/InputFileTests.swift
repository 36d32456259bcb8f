import Foundation
import XCTest
@testable import SQ

/// Issue 18 §17: `import`, `open` and `reconstruct` on a FIFO blocked forever
/// (and a device never ends). Only regular files are read; anything else is a
/// clean missing-input error (exit 66) at the path.
final class InputFileTests: XCTestCase {
    /// Runs `source` on a background thread, so a statement that blocks fails the test instead of hanging it.
    func runWithDeadline(_ source: String, file: StaticString = #filePath, line: UInt = #line) throws -> SQError? {
        final class Outcome: @unchecked Sendable { var error: Error? }
        let outcome = Outcome()
        let done = expectation(description: source)
        let session = try Session()
        Thread.detachNewThread {
            do { try session.run(source) } catch { outcome.error = error }
            done.fulfill()
        }
        wait(for: [done], timeout: 20)
        return outcome.error as? SQError
    }

    func testAFIFOIsRefusedWithoutBlocking() throws {
        let directory = try temporaryDirectory()
        let fifo = directory + "/pipe.csv"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let curve = directory + "/curve.csv"
        try "time,surv\n0,1\n1,0.5\n".write(toFile: curve, atomically: true, encoding: .utf8)
        for statement in ["import \"\(fifo)\" as t", "open \"\(fifo)\"", "open \"\(fifo)\" writable",
                          "reconstruct ipd from \"\(fifo)\" with atrisk = \"\(curve)\" as r",
                          "reconstruct ipd from \"\(curve)\" with atrisk = \"\(fifo)\" as r"] {
            let error = try runWithDeadline(statement)
            XCTAssertEqual(error?.kind, .missingInput, statement)
            XCTAssertTrue(error?.message.contains("is a FIFO (named pipe)") == true, "\(statement): \(String(describing: error))")
        }
    }

    func testDevicesAndDirectoriesAreRefused() throws {
        let directory = try temporaryDirectory()
        for (path, kind) in [("/dev/zero", "a character device"), ("/dev/null", "a character device"), (directory, "a directory")] {
            for statement in ["import \"\(path)\" as t", "open \"\(path)\""] {
                let error = try runWithDeadline(statement)
                XCTAssertEqual(error?.kind, .missingInput, statement)
                XCTAssertTrue(error?.message.contains("is \(kind)") == true, "\(statement): \(String(describing: error))")
                XCTAssertEqual(error?.column, statement.hasPrefix("import") ? 8 : 6, statement)
            }
        }
    }

    func testALinkToARegularFileIsRead() throws {
        let directory = try temporaryDirectory()
        let target = directory + "/data.csv"
        try "a,b\n1,2\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: directory + "/link.csv", withDestinationPath: target)
        let session = try Session()
        XCTAssertNoThrow(try session.run("import \"\(directory)/link.csv\" as t"))
    }
}
