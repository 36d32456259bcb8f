import XCTest
@testable import SQSyntax

final class ParserTests: XCTestCase {
    func parse(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> [Statement] {
        let program = Parser.parse(source)
        XCTAssertEqual(program.diagnostics.map(\.description), [], file: file, line: line)
        return program.statements
    }

    func analysis(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> AnalysisStatement? {
        guard let first = parse(source, file: file, line: line).first, case .analysis(let a) = first.kind else {
            XCTFail("not an analysis", file: file, line: line)
            return nil
        }
        return a
    }

    /// Renders an expression with full parentheses, to test precedence.
    func render(_ e: Expr) -> String {
        switch e.kind {
        case .number(let v, let isInteger): return isInteger ? String(Int(v)) : String(v)
        case .string(let s): return "'\(s)'"
        case .boolean(let b): return String(b)
        case .null: return "null"
        case .duration(let v, let u): return "\(Int(v))\(u.rawValue)"
        case .identifier(let s): return s
        case .parameter(let s): return "$\(s)"
        case .unary(let op, let x): return "(\(op.rawValue) \(render(x)))"
        case .binary(let op, let a, let b): return "(\(render(a)) \(op.rawValue) \(render(b)))"
        case .call(let name, let args):
            return "\(name.text)(" + args.map { ($0.label.map { "\($0.text)=" } ?? "") + render($0.value) }.joined(separator: ", ") + ")"
        case .isNull(let x, let negated): return "(\(render(x)) is \(negated ? "not " : "")null)"
        case .inList(let x, let items, let negated): return "(\(render(x)) \(negated ? "not " : "")in [\(items.map(render).joined(separator: ", "))])"
        case .between(let x, let low, let high, let negated): return "(\(render(x)) \(negated ? "not " : "")between \(render(low)) \(render(high)))"
        }
    }

    func renderTerm(_ t: Term) -> String {
        switch t.kind {
        case .atom(let e): return render(e)
        case .cross(let a, let b): return "(\(renderTerm(a)) * \(renderTerm(b)))"
        case .interact(let a, let b): return "(\(renderTerm(a)) : \(renderTerm(b)))"
        case .random(let effects, let g): return "(\(effects.map(renderTerm).joined(separator: " + ")) | \(render(g)))"
        }
    }

    func testPrecedence() throws {
        let statement = try XCTUnwrap(analysis("count where not a = 1 or b > 2 and c + d * -e / 2 <= 3"))
        XCTAssertEqual(statement.filter.map(render),
                       "((not (a = 1)) or ((b > 2) and ((c + ((d * (- e)) / 2)) <= 3)))")
        let between = try XCTUnwrap(analysis("count where x not between 1 and 2 and y not in (1, 2) and z is not null"))
        XCTAssertEqual(between.filter.map(render), "(((x not between 1 2) and (y not in [1, 2])) and (z is not null))")
    }

    func testNamedArgumentsVersusEquality() {
        guard case .endpoint(_, let value) = parse("endpoint os = surv(time, status == 2, unit = days)")[0].kind else {
            return XCTFail("not an endpoint")
        }
        XCTAssertEqual(render(value), "surv(time, (status = 2), unit=days)")
    }

    func testFormulas() throws {
        let fit = try XCTUnwrap(analysis("fit cox os ~ trt * prior:karno + log(bili) + factor(cell, ref = \"sq\") + strata(center) + (1 | id)"))
        guard case .cox(let endpoint, let terms) = fit.analysis else { return XCTFail("not cox") }
        XCTAssertEqual(endpoint.text, "os")
        XCTAssertEqual(terms.map(renderTerm), ["(trt * (prior : karno))", "log(bili)", "factor(cell, ref='sq')", "strata(center)", "(1 | id)"])
    }

    func testRandomTermsInGeneralForm() throws {
        let fit = try XCTUnwrap(analysis("fit cox os ~ x + (1 | g) + (1 + x | g) + (x | g) + (1 | g1/g2) + (age / 10)"))
        guard case .cox(_, let terms) = fit.analysis else { return XCTFail("not cox") }
        XCTAssertEqual(terms.map(renderTerm), ["x", "(1 | g)", "(1 + x | g)", "(x | g)", "(1 | (g1 / g2))", "(age / 10)"])
        guard case .random(let effects, _) = terms[2].kind else { return XCTFail("not a random term") }
        XCTAssertEqual(effects.count, 2)
        // The term's span covers its parentheses: the planner's errors point at all of it.
        XCTAssertEqual(terms[2].span.end - terms[2].span.start, "(1 + x | g)".utf8.count)
        let unclosed = Parser.parse("fit cox os ~ x + (1 | g")
        XCTAssertTrue(unclosed.diagnostics.contains { $0.message.contains("to close the random term") },
                      "\(unclosed.diagnostics.map(\.message))")
    }

    func testClausesAndOptions() throws {
        let km = try XCTUnwrap(analysis("km os by sex, histo at 1y, 5y from lung where age > 60 with conf = 0.9, conf_type = log-log"))
        guard case .km(_, let by, let at) = km.analysis else { return XCTFail("not km") }
        XCTAssertEqual(by.map(render), ["sex", "histo"])
        XCTAssertEqual(at.map(render), ["1y", "5y"])
        XCTAssertEqual(km.source?.text, "lung")
        XCTAssertEqual(km.options.map { $0.label?.text }, ["conf", "conf_type"])
        XCTAssertEqual(km.options.last.map { render($0.value) }, "(log - log)")
        let leading = try XCTUnwrap(analysis("from lung km os"))
        XCTAssertEqual(leading.source?.text, "lung")
    }

    func testDataStatements() {
        let statements = parse("""
            open "c.db" writable as c
            import "p.csv" as p replace
            use lat join p using (id, site)
            cohort f = from lat first per id order by d desc, e where k = 'x'
            let m = fit cox os ~ age
            sql "select ?", 1
            set min_cell = 5
            tables; schema; schema p; show m
            """)
        XCTAssertEqual(statements.count, 11)
        guard case .open(let path, true, let alias) = statements[0].kind else { return XCTFail("open") }
        XCTAssertEqual(path.value, "c.db")
        XCTAssertEqual(alias?.text, "c")
        guard case .use(_, let joins) = statements[2].kind else { return XCTFail("use") }
        XCTAssertEqual(joins.first?.using.map(\.text), ["id", "site"])
        guard case .cohort(_, let definition) = statements[3].kind else { return XCTFail("cohort") }
        XCTAssertEqual(definition.firstPer?.orderBy.map(\.descending), [true, false])
        XCTAssertNotNil(definition.filter)
        guard case .bind(let name, _) = statements[4].kind else { return XCTFail("let") }
        XCTAssertEqual(name.text, "m")
    }

    func testContextualKeywordsAreColumnNames() throws {
        let statement = try XCTUnwrap(analysis("count by time where count > 1 and at = 2"))
        guard case .count(let by) = statement.analysis else { return XCTFail("not count") }
        XCTAssertEqual(by.map(render), ["time"])
        XCTAssertEqual(statement.filter.map(render), "((count > 1) and (at = 2))")
    }

    func testEveryErrorIsReportedWithItsPosition() {
        let program = Parser.parse("""
            km os by
            fit cox os age
            define = 3
            km os
            logrnk os by trt
            """)
        XCTAssertEqual(program.statements.count, 1)
        let positions = program.diagnostics.map { "\($0.span.line):\($0.span.column)" }
        XCTAssertEqual(positions, ["1:9", "2:12", "3:8", "5:1"])
        XCTAssertEqual(program.diagnostics[1].message, "expected `~` after the endpoint in `fit cox` (`fit cox os ~ age + sex`), found `age`")
        XCTAssertEqual(program.diagnostics.last?.hints, ["did you mean `logrank`?"])
        XCTAssertFalse(program.isIncomplete)
    }

    func testIncompleteInput() {
        for source in ["endpoint os = surv(", "km os by", "fit cox os ~ age +", "define x = \"open", "fit cox os ~ (age"] {
            XCTAssertTrue(Parser.parse(source).isIncomplete, source)
        }
        for source in ["km os", "tables", "fit cox os ~ age"] {
            XCTAssertFalse(Parser.parse(source).isIncomplete, source)
        }
        XCTAssertFalse(Parser.parse("km os by )").isIncomplete)
    }

    func testAnUnfinishedLastStatementIsReportedAfterItsLastToken() {
        let program = Parser.parse("tables\ndefine x = age +\n\n")
        XCTAssertTrue(program.isIncomplete)
        XCTAssertEqual(program.diagnostics.first?.span.line, 2)
        XCTAssertEqual(program.diagnostics.first?.span.column, 17, "just after the `+`, not on the empty last line")
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = "count where " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        let program = Parser.parse(deep)
        XCTAssertTrue(program.diagnostics.contains { $0.message.contains("nested too deeply") })
    }

    func testDiagnosticRendering() {
        let file = SourceFile(name: "a.sq", text: "use t\nfit cox os ~ maxdiam\n")
        let diagnostic = Diagnostic.error("unknown column `maxdiam`", at: Span(start: 19, end: 26, line: 2, column: 14),
                                          hints: ["did you mean `maxdiam2`?"])
        XCTAssertEqual(file.render(diagnostic), """
            a.sq:2:14: error: unknown column `maxdiam`
              fit cox os ~ maxdiam
                           ^~~~~~~
              hint: did you mean `maxdiam2`?

            """)
    }
}
