import Foundation
import XCTest
@testable import SQ

/// Issue 18 §16: Ctrl-C (the REPL's SIGINT handler calls `cancelFromSignalHandler`)
/// did not stop an import; a stopped import leaves no half table and the session goes on.
final class SessionImportCancellationTests: XCTestCase {
    static let bigFile: String = {
        let path = NSTemporaryDirectory() + "sq-big-\(UUID().uuidString).csv"
        var text = "time,status,x,label\n"
        text.reserveCapacity(16_000_000)
        for i in 0..<600_000 { text += "\(i % 997),\(i % 2),\(Double(i) / 7),row\(i % 50)\n" }
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    func assertStops(_ stop: @escaping @Sendable (Session) -> Void, options: Session.Options = Session.Options(),
                     expected: SQError.Kind, file: StaticString = #filePath, line: UInt = #line) throws {
        let session = try Session(options: options)
        let path = Self.bigFile // written before the clock starts
        let started = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.4) { stop(session) }
        XCTAssertThrowsError(try session.run("import \"\(path)\" as big"), file: file, line: line) { error in
            XCTAssertEqual((error as? SQError)?.kind, expected, "\(error)", file: file, line: line)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "stopped soon after the request", file: file, line: line)
        XCTAssertFalse(session.tableNames.contains("big"), "no half table", file: file, line: line)
        // The session goes on; the same import can run again.
        try session.register(table: "small", columns: ["a"], rows: [[.integer(1)]])
        XCTAssertEqual(try session.run("count from small").first?.table?.rows.first?.last, .integer(1), file: file, line: line)
    }

    func testCtrlCStopsAnImport() throws {
        try assertStops({ $0.cancelFromSignalHandler() }, expected: .cancelled)
    }

    func testCancelStopsAnImport() throws {
        try assertStops({ $0.cancel() }, expected: .cancelled)
    }

    func testTheTimeLimitStopsAnImport() throws {
        var options = Session.Options()
        options.timeLimit = 0.4
        try assertStops({ _ in }, options: options, expected: .timeLimit)
    }
}
