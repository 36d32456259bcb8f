import Foundation
import XCTest
@testable import SQ

/// Issue 18 §19: `Session` is `@unchecked Sendable`, yet `cohortNames`,
/// `definedColumns` and the other name lists read the environment without a
/// lock while `run()` changed it on another thread (ThreadSanitizer). Every
/// public member is safe from any thread; run these under
/// `swift test --sanitize=thread --filter SessionConcurrencyTests`.
final class SessionConcurrencyTests: XCTestCase {
    static let rows: [[Value]] = (0..<200).map(row)

    static func row(_ i: Int) -> [Value] {
        let time = Value.integer(Int64(i % 37 + 1))
        let status = Value.integer(i % 3 == 0 ? 0 : 1)
        let age = Value.integer(Int64(40 + i % 30))
        return [time, status, age, .text(i % 2 == 0 ? "a" : "b")]
    }

    static func makeSession() throws -> Session {
        let session = try Session()
        try session.register(table: "t", columns: ["time", "status", "age", "grp"], rows: Self.rows)
        return session
    }

    static func script(_ i: Int) -> String {
        """
        use t
        define old\(i) = age > \(50 + i % 10)
        endpoint os\(i) = surv(time, status)
        cohort c\(i) = from t where age > \(45 + i % 5)
        let m\(i) = fit cox os\(i) ~ age + grp
        km os\(i) by old\(i)
        logrank os\(i) by grp
        count by grp
        """
    }

    /// One session written by one thread while seven others read every public member.
    func testReadersOnOtherThreadsWhileASessionRuns() throws {
        let session = try Self.makeSession()
        let rounds = 12
        final class Failures: @unchecked Sendable {
            let lock = NSLock()
            var messages: [String] = []
            func add(_ s: String) { lock.withLock { messages.append(s) } }
        }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            if worker == 0 {
                for i in 0..<rounds {
                    do {
                        try session.run(Self.script(i))
                        try session.register(table: "r\(i)", columns: ["x"], rows: [[.integer(Int64(i))]])
                        var options = session.options
                        options.confidenceLevel = i % 2 == 0 ? 0.9 : 0.95
                        session.options = options
                    } catch { failures.add("round \(i): \(error)") }
                }
            } else {
                for _ in 0..<(rounds * 40) {
                    _ = session.cohortNames
                    _ = session.definedColumns
                    _ = session.endpointNames
                    _ = session.bindingNames
                    _ = session.currentColumns
                    _ = session.options.confidenceLevel
                    _ = session.result(named: "m0")
                    _ = session.isIncomplete("fit cox os ~")
                    if worker == 1 { _ = session.tableNames }
                    if worker == 2 { _ = session.check("count by grp") }
                }
            }
        }
        XCTAssertEqual(failures.messages, [])
        XCTAssertEqual(session.cohortNames.count, rounds)
        XCTAssertEqual(session.definedColumns.count, rounds)
        XCTAssertEqual(session.endpointNames.count, rounds)
        XCTAssertEqual(session.bindingNames.count, rounds)
        XCTAssertEqual(session.currentColumns, ["time", "status", "age", "grp"])
        XCTAssertNotNil(session.result(named: "m\(rounds - 1)")?.cox)
        XCTAssertTrue(session.tableNames.contains("r\(rounds - 1)"))
    }

    /// Eight sessions, one per thread, each with its own database: the same answers as one alone.
    func testEightSessionsOnEightThreads() throws {
        let expected = try Self.makeSession().run(Self.script(0)).compactMap { $0.cox?.terms.first?.coefficient }
        XCTAssertEqual(expected.count, 1)
        final class Answers: @unchecked Sendable {
            let lock = NSLock()
            var values: [Int: [Double]] = [:]
        }
        let answers = Answers()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            guard let session = try? SessionConcurrencyTests.makeSession() else { return }
            var coefficients: [Double] = []
            for _ in 0..<3 {
                let results = (try? session.run(Self.script(0).replacingOccurrences(of: "let m0 =", with: ""))) ?? []
                coefficients += results.compactMap { $0.cox?.terms.first?.coefficient }
                // A second thread cancelling this session's neighbour must not touch it.
                _ = session.cohortNames
            }
            answers.lock.withLock { answers.values[worker] = coefficients }
        }
        XCTAssertEqual(answers.values.count, 8)
        for (worker, values) in answers.values {
            XCTAssertEqual(values, [Double](repeating: expected[0], count: 3), "worker \(worker)")
        }
    }

    /// `cancel()` and the signal-handler flag from other threads while a statement runs.
    func testCancellingFromOtherThreads() throws {
        let session = try Self.makeSession()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            for _ in 0..<50 {
                session.cancel()
                session.cancelFromSignalHandler()
                usleep(1000)
            }
            done.signal()
        }
        for i in 0..<20 {
            do { try session.run(Self.script(i)) } catch let error as SQError {
                XCTAssertEqual(error.kind, .cancelled, "\(error)")
            }
        }
        done.wait()
        XCTAssertNoThrow(try session.run("count by grp from t"))
    }
}
