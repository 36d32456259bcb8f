import SQCompiler
import SQSyntax

/// `schema t` lists the defines and endpoints that belong to `t`: those whose
/// every name is a column of `t` or a define that belongs to it (so `schema pm`
/// does not show an endpoint made on `lung`).
struct SchemaMembership {
    let columns: Set<String>
    private(set) var defines: Set<String> = []

    init(columns: [String]) { self.columns = Set(columns.map { $0.lowercased() }) }

    /// The defines of `environment` that belong, in definition order (a define may build on earlier ones).
    mutating func defines(of environment: Environment) -> [String] {
        var kept: [String] = []
        for name in environment.defineOrder {
            guard let definition = environment.defines[name] else { continue }
            // `define age = age / 10` names its own column: that one must be a column of the table.
            if Self.names(in: definition.expr).allSatisfy({ columns.contains($0) || ($0 != name.lowercased() && defines.contains($0)) }) {
                defines.insert(name.lowercased())
                kept.append(name)
            }
        }
        return kept
    }

    func belongs(_ endpoint: EndpointDefinition) -> Bool {
        var exprs = [endpoint.time, endpoint.event]
        if let start = endpoint.start { exprs.append(start) }
        return exprs.flatMap(Self.names).allSatisfy { columns.contains($0) || defines.contains($0) }
    }

    /// The column-like names an expression reads (not function names or argument labels), lowercased.
    static func names(in expr: Expr) -> [String] {
        switch expr.kind {
        case .identifier(let name): return [name.lowercased()]
        case .number, .string, .boolean, .null, .duration, .parameter: return []
        case .unary(_, let operand), .isNull(let operand, _): return names(in: operand)
        case .binary(_, let lhs, let rhs): return names(in: lhs) + names(in: rhs)
        case .call(_, let arguments): return arguments.flatMap { names(in: $0.value) }
        case .inList(let value, let items, _): return names(in: value) + items.flatMap(names)
        case .between(let value, let low, let high, _): return names(in: value) + names(in: low) + names(in: high)
        }
    }
}
