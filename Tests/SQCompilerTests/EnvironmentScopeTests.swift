import XCTest
import SQSyntax
import SQStore
import SQBackend
@testable import SQCompiler

/// Nested scopes: a child sees its parent's names and shadows them without
/// changing the parent.
final class EnvironmentScopeTests: XCTestCase {
    func testAChildScopeSeesAndShadowsItsParent() {
        var parent: ScopedTable<Int> = ["a": 1, "b": 2]
        var child = parent.child()
        XCTAssertEqual(child["a"], 1)
        XCTAssertFalse(child.isLocal("a"))
        child["a"] = 10
        child["c"] = 3
        XCTAssertEqual(child["a"], 10)
        XCTAssertTrue(child.isLocal("a"))
        XCTAssertEqual(parent["a"], 1)
        XCTAssertNil(parent["c"])
        XCTAssertEqual(child.keys.sorted(), ["a", "b", "c"])
        XCTAssertEqual(child.visible, ["a": 10, "b": 2, "c": 3])
        // Removing the shadowing name shows the parent's again.
        child["a"] = nil
        XCTAssertEqual(child["a"], 1)
        // A name the parent binds later is not seen by a child made before (value semantics).
        parent["d"] = 4
        XCTAssertNil(child["d"])
    }

    func testAShadowingDefineLowersInTheChildOnly() throws {
        let catalog = StaticCatalog([TableSchema(name: "patients", columns: [ColumnSchema(name: "age", type: .integer)])])
        let program = Parser.parse("use patients\ndefine a = age + 1\ndefine a = age * 2\nendpoint os = surv(age, age)")
        XCTAssertEqual(program.diagnostics.map(\.message), [])
        guard case .use(let table, _) = program.statements[0].kind,
              case .define(let name, let first) = program.statements[1].kind,
              case .define(_, let second) = program.statements[2].kind,
              case .endpoint(let endpoint, let survival) = program.statements[3].kind else {
            return XCTFail("unexpected statements")
        }
        var parent = Environment()
        parent.current = try RelationBuilder(catalog: catalog, environment: parent, dialect: SQLiteDialect()).table(table)
        parent.define(Definition(name: name.text, expr: first, factor: nil, span: program.statements[1].span))
        func lowered(_ environment: Environment) throws -> String {
            let relation = try XCTUnwrap(environment.current)
            return try ExpressionLowering(relation: relation, environment: environment, dialect: SQLiteDialect())
                .lower(Expr(.identifier("a"), span: .none)).rendered(by: SQLiteDialect()).text
        }
        let before = try lowered(parent)
        XCTAssertTrue(before.contains("+"), before)

        var child = parent.child()
        XCTAssertEqual(try lowered(child), before, "the child sees the parent's define")
        child.define(Definition(name: name.text, expr: second, factor: nil, span: program.statements[2].span))
        child.endpoints[endpoint.text] = try EndpointDefinition.parse(name: endpoint, value: survival)
        let shadowed = try lowered(child)
        XCTAssertTrue(shadowed.contains("*"), shadowed)
        XCTAssertEqual(try lowered(parent), before, "the parent's define is untouched")
        XCTAssertNil(parent.endpoints[endpoint.text])
        XCTAssertNotNil(child.endpoints[endpoint.text])
        XCTAssertEqual(child.defineOrder, ["a"])
    }
}
