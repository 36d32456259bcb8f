import Foundation
import SQPostgres
import XCTest

/// The test cluster of scripts/pg-cluster.sh, started once per test run. When
/// this process started it (it was not already running, as `scripts/test.sh`
/// leaves it), it stops it again when the test bundle finishes. A missing
/// PostgreSQL fails the tests, never skips them.
enum PostgresCluster {
    static let coordinatorPort = 54401
    static let url = "postgresql://sq@127.0.0.1:\(coordinatorPort)/sq"
    /// A role that logs in with a password (scram-sha-256), made by the script.
    static let passwordRole = "sq_password"
    static let password = "sq-test-secret"

    static let repository: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    private static let started: Result<Void, Error> = {
        let script = repository.appendingPathComponent("scripts/pg-cluster.sh").path
        do {
            let wasRunning = try run(script, "status").status == 0
            if !wasRunning {
                let (status, output) = try run(script, "start")
                guard status == 0 else {
                    throw Failure("scripts/pg-cluster.sh start failed (run scripts/install-deps.sh if PostgreSQL 15 is missing):\n\(output)")
                }
                StopAtEnd.install(script: script)
            }
            return .success(())
        } catch {
            return .failure(error)
        }
    }()

    /// Starts the cluster if needed; throws (failing the test) when it cannot.
    static func require() throws {
        try started.get()
    }

    /// A connection to the coordinator (read-only unless `writable`).
    static func connect(writable: Bool = false, statementTimeout: Double? = nil) throws -> PostgresConnection {
        try require()
        return try PostgresConnection(url: url, writable: writable, statementTimeout: statementTimeout)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func run(_ arguments: String...) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Stops the cluster when the test bundle is done, if this run started it.
final class StopAtEnd: NSObject, XCTestObservation, @unchecked Sendable {
    let script: String
    init(script: String) { self.script = script }

    static func install(script: String) {
        XCTestObservationCenter.shared.addTestObserver(StopAtEnd(script: script))
    }

    func testBundleDidFinish(_ testBundle: Bundle) {
        _ = try? PostgresCluster.run(script, "stop")
    }
}
