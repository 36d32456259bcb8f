import XCTest
import SQSyntax
import SQBackend
@testable import SQCompiler

/// Runs the data statements of `source` (use, define, endpoint, cohort) into
/// an environment over `catalog`, then plans its last statement, all in `dialect`.
func planLastStatement(_ source: String, catalog: any Catalog, dialect: any SQLDialect,
                       parameters: [String: String] = [:]) throws -> AnalysisPlan {
    let program = Parser.parse(source)
    XCTAssertEqual(program.diagnostics.map(\.message), [])
    var environment = Environment()
    environment.parameters = parameters
    let file = SourceFile(name: "test.sq", text: source)
    for statement in program.statements.dropLast() {
        let relations = RelationBuilder(catalog: catalog, environment: environment, dialect: dialect)
        switch statement.kind {
        case .use(let table, _): environment.current = try relations.table(table)
        case .define(let name, let value):
            environment.define(Definition(name: name.text, expr: value, factor: try FactorSpecParsing.factorSpec(of: value), span: statement.span))
        case .endpoint(let name, let value): environment.endpoints[name.text] = try EndpointDefinition.parse(name: name, value: value)
        case .cohort(let name, let definition):
            environment.cohorts[name.text] = try relations.cohort(named: name.text, definition, at: statement.span)
        default: XCTFail("unexpected statement in test setup")
        }
    }
    guard let last = program.statements.last, case .analysis(let analysis) = last.kind else {
        throw XCTSkip("no analysis statement")
    }
    return try Planner(catalog: catalog, environment: environment, source: file, dialect: dialect).plan(analysis)
}
