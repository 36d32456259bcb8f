import XCTest
import SQ
import SQCompiler
import SQRender
import SQSyntax

// A whole analysis defined in this test target and nowhere else: the proof
// that adding a statement is one registration plus its own files
// (docs/adding-an-analysis.md walks through this same example).

/// `count_events os [by a, b]`: patients and events per group.
struct CountEvents: AnalysisDefinition {
    /// What the parse rule read after the word.
    struct Syntax: AnalysisSyntax {
        var endpoint: Name
        var by: [Expr]
    }

    /// What the plan hands the runner: request columns, checked options.
    struct Call: Sendable {
        var endpoint: EndpointColumns
        var by: [GroupColumn]
        var share: Bool
    }

    /// The result: its JSON fields are its coding keys, its tables are what text shows.
    struct Output: AnalysisResult {
        static let kind = "count_events"
        struct Group: Encodable, Sendable {
            var label: String
            var n: Int
            var events: Int
            var share: Double?
        }
        var endpoint: String
        var by: [String]
        var groups: [Group]

        func tables(minCell: MinCell) -> [TableView] {
            let share = groups.contains { $0.share != nil }
            let rows = groups.map { group in
                [TableView.Cell(group.label), TableView.Cell(String(group.n)), TableView.Cell(String(group.events))]
                    + (group.share.map { [TableView.Cell(String(format: "%.3f", $0))] } ?? [])
            }
            var table = TableView(title: "events of \(endpoint)", columns: ["group", "n", "events"] + (share ? ["share"] : []),
                                  rows: rows, rightAligned: [1, 2, 3])
            table.countColumns = [1, 2]
            return [table]
        }
    }

    var word = "count_events"
    let acceptsEmptyCohort = false
    var help: StatementHelp? {
        StatementHelp(name: "count_events", syntax: "count_events endpoint [by columns]",
                      summary: "patients and events per group.",
                      options: [StatementHelp.Option("share", "true: the share of patients with the event", default: "false")],
                      example: "count_events death by sex", exampleRuns: true, r: "table(lung$sex, lung$status)")
    }

    // count_events = "count_events" name [ "by" expression_list ] ;
    func parse(_ parser: inout Parser) throws -> Syntax {
        let endpoint = try parser.endpoint("count_events")
        return Syntax(endpoint: endpoint, by: parser.accept("by") ? try parser.expressionList() : [])
    }

    func plan(_ syntax: Syntax, _ planning: inout AnalysisPlanning) throws -> Call {
        let options = try planning.options(allowed: ["share"])
        let endpoint = try planning.endpoint(syntax.endpoint)
        let by = try syntax.by.map { try planning.column($0) }
        return Call(endpoint: endpoint, by: by, share: try options.flag("share"))
    }

    func run(_ call: Call, _ input: inout AnalysisInput) throws -> Output {
        let rows = try input.completeRows(endpoint: call.endpoint, extra: call.by.map(\.column))
        let events = try input.events(call.endpoint, rows: rows)
        let (keys, codes) = input.groups(call.by, rows: rows)
        var n = [Int](repeating: 0, count: keys.count), d = n
        for (i, code) in codes.enumerated() {
            n[code] += 1
            if events[i] { d[code] += 1 }
        }
        let groups = keys.indices.map { g in
            Output.Group(label: zip(call.by, keys[g]).map { "\($0.label)=\($1)" }.joined(separator: ", "),
                         n: n[g], events: d[g], share: call.share ? Double(d[g]) / Double(n[g]) : nil)
        }
        return Output(endpoint: call.endpoint.name, by: call.by.map(\.label), groups: groups)
    }
}

final class RegisteredAnalysisTests: XCTestCase {
    func session(registering: Bool = true) throws -> Session {
        var options = Session.Options()
        if registering { options.analyses = [AnalysisRegistration(CountEvents())] }
        let session = try Session(options: options)
        try session.run("""
            import "\(Repository.path("samples/data/lung.csv"))" as lung
            endpoint os = surv(time, status == 2, unit = days)
            """)
        return session
    }

    struct NotCountEvents: Error { var kind: String? }

    func countEvents(_ result: StatementResult?) throws -> CountEvents.Output {
        guard case .registered(let value) = result?.value, let output = value as? CountEvents.Output else {
            throw NotCountEvents(kind: result?.value.kind)
        }
        return output
    }

    /// Events per sex against R's survdiff observed counts (Tests/Fixtures/R/logrank_lung_sex_expected.csv).
    func testParsedPlannedRunAndRenderedAsTextAndJSON() throws {
        let reference = try loadReference("logrank_lung_sex_expected.csv")
        let results = try session().run("count_events os by sex")
        XCTAssertEqual(results.count, 1)
        let output = try countEvents(results.first)
        XCTAssertEqual(output.groups.map(\.label), ["sex=1", "sex=2"])
        XCTAssertEqual(output.groups.map { Double($0.events) }, [reference["observed0"], reference["observed1"]])
        XCTAssertEqual(output.groups.map(\.n).reduce(0, +), 228, "every row of lung has its time, status and sex")

        let text = try Renderer(format: .text).render(results[0])
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "events of os")
        XCTAssertEqual(lines[1].split(separator: " "), ["group", "n", "events"])
        XCTAssertEqual(lines[3].split(separator: " "), ["sex=1", "138", "112"])
        XCTAssertEqual(lines[4].split(separator: " "), ["sex=2", "90", "53"])

        let tree = try ResultDocument.tree(results[0])
        XCTAssertEqual(tree["kind"], .string("count_events"))
        XCTAssertEqual(tree["line"], .integer(1))
        XCTAssertEqual(tree["statement"], .string("count_events os by sex"))
        XCTAssertEqual(tree["endpoint"], .string("os"))
        guard case .array(let groups) = tree["groups"] else { return XCTFail("no groups") }
        XCTAssertEqual(groups.map { $0["events"] }, [.integer(112), .integer(53)])
        XCTAssertTrue(try Renderer(format: .json).render(results[0]).hasPrefix(#"{"kind":"count_events","line":1"#))
        // Markdown from its tables; CSV, as for every result, from its JSON fields.
        let markdown = try Renderer(format: .markdown).render(results[0])
        XCTAssertTrue(markdown.contains("| sex=1 | 138 | 112 |"), markdown)
        let csv = try Renderer(format: .csv).render(results[0])
        XCTAssertTrue(csv.contains("112") && csv.contains("53"), csv)
    }

    /// `from`, `where`, `with` and `let` work for it as for every analysis.
    func testTrailingClausesOptionsAndLet() throws {
        let session = try session()
        let women = try countEvents(session.run("count_events os where sex = 2 with share = true").first)
        XCTAssertEqual(women.groups.map(\.events), [53])
        XCTAssertEqual(try XCTUnwrap(women.groups.first?.share), 53.0 / 90.0, accuracy: 1e-12)
        try session.run("let e = count_events os by sex")
        XCTAssertEqual(session.result(named: "e")?.value.kind, "count_events")
        XCTAssertEqual(try countEvents(session.run("show e").first).groups.map(\.events), [112, 53])
        // Rows with a missing `by` value are dropped, with the warning every analysis gives.
        let ecog = try session.run("count_events os by `ph.ecog`")
        XCTAssertEqual(ecog.first?.warnings, ["1 row with a missing value dropped"])
    }

    /// A procedure body may use it, and `sq check` plans it without running it.
    func testProcedureAndCheck() throws {
        let session = try session()
        let results = try session.run("""
            procedure events_by(ep, g)
              count_events ep by g
            end
            events_by(os, sex)
            """)
        XCTAssertEqual(try countEvents(results.last).groups.map(\.events), [112, 53])
        XCTAssertNil(session.check("count_events os by sex"))
        XCTAssertNotNil(session.check("count_events nope"), "the plan resolves the endpoint")
    }

    /// Errors name the statement and suggest the fix, as for a built-in analysis.
    func testErrorsAndHints() throws {
        let session = try session()
        XCTAssertThrowsError(try session.run("count_event os")) { error in
            let message = (error as? SQError)?.diagnostics.first
            XCTAssertEqual(message?.message, "unknown statement `count_event`")
            XCTAssertTrue(message?.hints.contains { $0.contains("count_events") } == true, "\(String(describing: message?.hints))")
        }
        XCTAssertThrowsError(try session.run("count_events os with shar = true")) { error in
            let message = (error as? SQError)?.diagnostics.first
            XCTAssertEqual(message?.message, "`count_events` has no option `shar`")
            XCTAssertTrue(message?.hints.contains { $0.contains("share") } == true)
        }
        XCTAssertThrowsError(try session.run("count_events os to \"x.svg\""))
        XCTAssertThrowsError(try session.run("count_events os where age > 200")) { error in
            XCTAssertEqual((error as? SQError)?.diagnostics.first?.message, "no rows to analyse: the cohort is empty")
        }
        // A built-in word cannot be taken over.
        var options = Session.Options()
        options.analyses = [AnalysisRegistration(CountEvents(word: "km"))]
        XCTAssertThrowsError(try Session(options: options)) { error in
            XCTAssertEqual((error as? SQError)?.diagnostics.first?.message, "`km` is a statement of SQ's own and cannot be registered again")
        }
        // Without the registration the word is no statement.
        XCTAssertThrowsError(try self.session(registering: false).run("count_events os")) { error in
            XCTAssertEqual((error as? SQError)?.diagnostics.first?.message, "unknown statement `count_events`")
        }
    }

    /// `set min_cell` hides its small counts in text and JSON, from the columns it marks as counts.
    func testMinCellHidesItsCounts() throws {
        let session = try session()
        try session.run("set min_cell = 60")
        let result = try XCTUnwrap(session.run("count_events os by sex").first)
        let text = try Renderer(format: .text).render(result)
        XCTAssertTrue(text.contains("<60"), text)
        XCTAssertFalse(text.contains(" 53"), text)
        guard case .array(let groups) = try ResultDocument.tree(result)["groups"] else { return XCTFail("no groups") }
        XCTAssertEqual(groups.last?["events"], .null)
    }

    /// docs/adding-an-analysis.md shows this example's output: it is what the example prints.
    func testTheWorkedExampleInTheDocsPrintsWhatItShows() throws {
        let page = try String(contentsOfFile: Repository.path("docs/adding-an-analysis.md"), encoding: .utf8)
        let shown = page.components(separatedBy: "```text\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let result = try XCTUnwrap(session().run("count_events os by sex").first)
        XCTAssertEqual(shown.count, 2)
        XCTAssertEqual(shown.first, try Renderer(format: .text).render(result))
        XCTAssertEqual(shown.last, try Renderer(format: .json).render(result))
    }

    /// Its help entry and word reach `.help`, completion and the did-you-mean lists.
    func testHelpAndKeywordsComeFromTheRegistration() throws {
        let registry = try session().statementRegistry
        XCTAssertEqual(registry.help(for: "count_events")?.syntax, "count_events endpoint [by columns]")
        XCTAssertTrue(registry.helpIndex.hasSuffix(", count_events"))
        XCTAssertTrue(registry.statementWords.contains("count_events"))
        XCTAssertFalse(StatementRegistry().statementWords.contains("count_events"))
        XCTAssertFalse(Parser.canNameProcedure("count_events", registry: registry))
        let program = Parser.parse("count_events os by sex, age", registry: registry)
        XCTAssertEqual(program.diagnostics.map(\.message), [])
        guard case .analysis(let statement) = program.statements.first?.kind,
              case .registered(let word, let syntax) = statement.analysis else { return XCTFail("not registered") }
        XCTAssertEqual(word, "count_events")
        XCTAssertEqual((syntax as? CountEvents.Syntax)?.by.count, 2)
    }
}
