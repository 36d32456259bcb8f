import Foundation
import SQPostgres
import XCTest

/// The test cluster of scripts/pg-cluster.sh, started once per test run.
/// `scripts/test.sh` starts one and names it by `SQ_PG_DIR` and `SQ_PG_PORT`;
/// without them (`swift test` alone) this process makes its own, in a folder of
/// its own on free ports, so test runs side by side do not share or stop each
/// other's servers. A cluster this process started is stopped when the test
/// bundle finishes. A missing PostgreSQL fails the tests, never skips them.
enum PostgresCluster {
    static let environment = ProcessInfo.processInfo.environment
    static let directory = environment["SQ_PG_DIR"] ?? "/tmp/sq-pg-test-\(getpid())"
    static let coordinatorPort = Int(environment["SQ_PG_PORT"] ?? "") ?? freePorts()
    static var url: String { "postgresql://sq@127.0.0.1:\(coordinatorPort)/sq" }
    /// A role that logs in with a password (scram-sha-256), made by the script.
    static let passwordRole = "sq_password"
    static let password = "sq-test-secret"

    /// The first of three consecutive loopback ports nobody listens on.
    static func freePorts() -> Int {
        var base = 41000 + Int(getpid() % 6000) * 3
        for _ in 0..<200 {
            if (0..<3).allSatisfy({ isFree(base + $0) }) { return base }
            base = 41000 + (base - 41000 + 3) % 18000
        }
        return base
    }

    static func isFree(_ port: Int) -> Bool {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound == 0
    }

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
        var environment = ProcessInfo.processInfo.environment
        environment["SQ_PG_DIR"] = directory
        environment["SQ_PG_PORT"] = String(coordinatorPort)
        process.environment = environment
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
