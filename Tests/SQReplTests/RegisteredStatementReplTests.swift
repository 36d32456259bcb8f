import XCTest
import SQ
import SQCompiler
import SQSyntax
@testable import SQRepl

/// `events_total os`: the number of events, an analysis registered by this test only.
struct EventsTotal: AnalysisDefinition {
    struct Syntax: AnalysisSyntax { var endpoint: Name }
    struct Output: AnalysisResult {
        static let kind = "events_total"
        var events: Int
        func tables(minCell: MinCell) -> [TableView] {
            [TableView(title: nil, columns: ["events"], rows: [[TableView.Cell(String(events))]], rightAligned: [0])]
        }
    }

    let word = "events_total"
    var help: StatementHelp? {
        StatementHelp(name: "events_total", syntax: "events_total endpoint", summary: "the number of events.", options: [],
                      example: "events_total death", exampleRuns: true, r: "sum(lung$status == 2)")
    }

    func parse(_ parser: inout Parser) throws -> Syntax { Syntax(endpoint: try parser.endpoint("events_total")) }

    func plan(_ syntax: Syntax, _ planning: inout AnalysisPlanning) throws -> EndpointColumns {
        _ = try planning.options(allowed: [])
        return try planning.endpoint(syntax.endpoint)
    }

    func run(_ endpoint: EndpointColumns, _ input: inout AnalysisInput) throws -> Output {
        let rows = try input.completeRows(endpoint: endpoint)
        return Output(events: try input.events(endpoint, rows: rows).filter { $0 }.count)
    }
}

/// The REPL's `.help`, `help` and Tab completion know a registered statement from its registration alone.
final class RegisteredStatementReplTests: XCTestCase {
    func session() throws -> Session {
        var options = Session.Options()
        options.analyses = [AnalysisRegistration(EventsTotal())]
        let session = try Session(options: options)
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples").path
        try session.run("""
            import "\(samples)/data/lung.csv" as lung
            endpoint os = surv(time, status == 2, unit = days)
            """)
        return session
    }

    func testHelpListsAndShowsIt() throws {
        let registry = try session().statementRegistry
        guard case .output(let entry) = StatementHelpCommand.outcome(for: "events_total", registry: registry) else {
            return XCTFail("no help for events_total")
        }
        XCTAssertTrue(entry.hasPrefix("events_total endpoint\n  the number of events."), entry)
        guard case .output(let index) = StatementHelpCommand.outcome(for: "", registry: registry) else { return XCTFail("no index") }
        XCTAssertTrue(index.hasSuffix(", events_total"), index)
        guard case .error(let miss) = StatementHelpCommand.outcome(for: "events_totl", registry: registry) else { return XCTFail("help for a typo") }
        XCTAssertTrue(miss.contains("did you mean `events_total`?"), miss)
        // Without the registration there is no such help.
        guard case .error = StatementHelpCommand.outcome(for: "events_total") else { return XCTFail("help without a registration") }
    }

    func testTabCompletesItsWordAndItsEndpoint() throws {
        let s = try session()
        XCTAssertEqual(Completion.candidates(for: "events_", line: "events_", session: s), ["events_total"])
        XCTAssertEqual(Completion.candidates(for: "ev", line: "let e = ev", session: s), ["events_total"])
        XCTAssertEqual(Completion.candidates(for: "o", line: "events_total o", session: s), ["os"])
        XCTAssertEqual(Completion.candidates(for: "events_", line: "events_", session: try Session()), [])
    }

    func testTheWordsAnEndpointFollowsComeFromTheHelpSyntax() throws {
        XCTAssertEqual(StatementRegistry().endpointWords,
                       ["km", "logrank", "followup", "cox", "each", "cutpoint", "interaction", "subgroups"])
        XCTAssertTrue(try session().statementRegistry.endpointWords.contains("events_total"))
    }

    func testItRunsFromTheREPLsSession() throws {
        let result = try XCTUnwrap(session().run("events_total os").first)
        XCTAssertEqual(result.value.kind, "events_total")
        // R: sum(lung$status == 2) is 165 (Tests/Fixtures/R/logrank_lung_sex_expected.csv: 112 + 53).
        guard case .registered(let value) = result.value else { return XCTFail("not registered") }
        XCTAssertEqual((value as? EventsTotal.Output)?.events, 165)
    }
}
