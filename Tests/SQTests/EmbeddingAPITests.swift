import Foundation
import XCTest
import SQSurvival
import SQ

/// The library API a host program uses: sessions, typed results, errors,
/// registered tables, options as values, cancellation from another task.
final class EmbeddingAPITests: XCTestCase {
    func testRegisterRowsAndReadAHazardRatio() throws {
        let session = try Session()
        var rows: [[Value]] = []
        for i in 0..<40 {
            let months = Double(5 + (i * 7) % 23)
            let event: Int64 = i % 4 == 0 ? 0 : 1
            let arm = i % 3 == 0 ? "a" : "b"
            rows.append([.integer(Int64(i)), .real(months), .integer(event), .integer(Int64(i % 2)), .text(arm)])
        }
        try session.register(table: "cohort", columns: ["id", "months", "event", "treated", "arm"], rows: rows)
        let results = try session.run("""
            endpoint os = surv(months, event, unit = months)
            fit cox os ~ treated + arm
            """)
        let cox = try XCTUnwrap(results.last.flatMap { if case .cox(let c) = $0.value { return c } else { return nil } })
        let hr = try XCTUnwrap(cox.term("treated")?.hazardRatio)
        XCTAssertGreaterThan(hr, 0)
        XCTAssertEqual(cox.term("arm")?.level, "b")
        XCTAssertEqual(cox.term("arm")?.reference, "a")
        XCTAssertEqual(cox.n, 40)
        XCTAssertThrowsError(try session.register(table: "cohort", columns: ["x"], rows: [[.integer(1)]]))
        XCTAssertThrowsError(try session.register(table: "other", columns: ["x", "y"], rows: [[.integer(1)]]))
    }

    func testUnknownColumnThrowsAnErrorNamingIt() throws {
        let session = try Session()
        try session.register(table: "t", columns: ["time", "status", "age"], rows: [[.real(1), .integer(1), .integer(50)]])
        try session.run("endpoint os = surv(time, status)")
        XCTAssertThrowsError(try session.run("fit cox os ~ agee\n")) { error in
            guard let error = error as? SQError else { return XCTFail("not an SQError") }
            XCTAssertTrue(error.message.contains("`agee`"))
            XCTAssertEqual(error.line, 1)
            XCTAssertEqual(error.column, 14)
            XCTAssertEqual(error.sourceLine, "fit cox os ~ agee")
            XCTAssertEqual(error.hints, ["did you mean `age`?"])
        }
    }

    func testConfidenceLevelIsAnOption() throws {
        var options = Session.Options()
        options.confidenceLevel = 0.9
        let session = try Session(options: options)
        try session.register(table: "t", columns: ["time", "status"], rows: (1...30).map { [.real(Double($0)), .integer($0 % 3 == 0 ? 0 : 1)] })
        let km = try session.run("endpoint e = surv(time, status)\nkm e").compactMap { r -> KaplanMeierResult? in
            if case .km(let k) = r.value { return k } else { return nil }
        }.first
        XCTAssertEqual(km?.conf, 0.9)
        let explicit = try session.run("km e with conf = 0.99").first
        if case .km(let k)? = explicit?.value { XCTAssertEqual(k.conf, 0.99) } else { XCTFail("no km") }
    }

    func testCancellationFromAnotherTask() async throws {
        let session = try Session()
        let task = Task.detached {
            try session.run("sql \"with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n\"")
        }
        try await Task.sleep(nanoseconds: 300_000_000)
        session.cancel()
        do {
            _ = try await task.value
            XCTFail("the statement should have been cancelled")
        } catch let error as SQError {
            XCTAssertEqual(error.kind, .cancelled)
        }
    }

    /// A statement past its time limit stops with `.timeLimit` and a hint; the
    /// session stays usable, and the limit is per statement, not per script.
    func testTimeLimitStopsAStatementAndTheSessionGoesOn() throws {
        var options = Session.Options()
        options.timeLimit = 0.3
        let session = try Session(options: options)
        let started = Date()
        do {
            try session.run("sql \"with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n\"")
            XCTFail("the statement should have been stopped")
        } catch let error as SQError {
            XCTAssertEqual(error.kind, .timeLimit)
            XCTAssertTrue(error.message.contains("time limit of 0.3 s"), error.message)
            XCTAssertTrue(error.hints.contains { $0.contains("set time_limit") }, "\(error.hints)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
        let rows = try session.run("sql \"select 41 + 1 as answer\"")
        XCTAssertEqual(rows.count, 1)
        // The script's own setting overrides the option; 0 means no limit.
        try session.run("set time_limit = 0\nsql \"select 1\"")
        XCTAssertThrowsError(try session.run("set time_limit = -1")) {
            XCTAssertTrue("\($0)".contains("seconds per statement"), "\($0)")
        }
    }

    /// Found by LeakSanitizer: a kept model must not keep its session alive
    /// (the engine's stop check once held the session strongly).
    func testASessionWithAKeptModelIsReleased() throws {
        weak var released: Session?
        try {
            let session = try Session()
            try session.register(table: "t", columns: ["time", "status", "x"], rows: (1...40).map {
                [.real(Double($0)), .integer($0 % 3 == 0 ? 0 : 1), .real(Double($0 % 5))]
            })
            try session.run("endpoint e = surv(time, status)\nlet m = fit cox e ~ x\ncheck ph m")
            released = session
        }()
        XCTAssertNil(released, "the session outlived its last reference")
    }

    /// The Cox engine asks before every iteration whether to stop.
    func testCoxFitStopsWhenAskedTo() throws {
        let n = 2_000
        let data = CoxData(time: (0..<n).map { Double($0 % 97 + 1) }, event: (0..<n).map { $0 % 3 != 0 },
                           covariates: [(0..<n).map { Double($0 % 7) }])
        XCTAssertThrowsError(try CoxModel.fit(data, options: CoxOptions(shouldStop: { true }))) {
            XCTAssertEqual($0 as? SurvivalError, .cancelled)
        }
        XCTAssertNoThrow(try CoxModel.fit(data, options: CoxOptions(shouldStop: { false })))
    }

    func testResultsAreCodableWithContractNames() throws {
        let session = try Session()
        try session.register(table: "t", columns: ["time", "status", "g"], rows: (1...20).map { [.real(Double($0)), .integer(1), .integer(Int64($0 % 2))] })
        let result = try XCTUnwrap(session.run("endpoint e = surv(time, status)\nlogrank e by g").last)
        guard case .logrank(let test) = result.value else { return XCTFail("not logrank") }
        let json = String(decoding: try JSONEncoder().encode(test), as: UTF8.self)
        XCTAssertTrue(json.contains("\"chisq\""), json)
        XCTAssertTrue(json.contains("\"n_dropped\""), json)
    }
}
