import SQResults

/// The JSON object of one result (docs/results.md): `kind`, `line`, `statement`, then
/// the payload's fields in contract order, then `warnings` when the payload
/// does not carry its own.
public enum ResultDocument {
    public static func tree(_ result: StatementResult) throws -> JSONTree { try tree(result, colour: false) }

    /// `colour`: ANSI colours in a plot's `terminal` drawing, as the text renderer's.
    public static func tree(_ result: StatementResult, colour: Bool) throws -> JSONTree {
        var members: [(String, JSONTree)] = [
            ("kind", .string(result.value.kind)),
            ("line", .integer(Int64(result.line))),
            ("statement", .string(result.statement)),
        ]
        if let callLine = result.callLine, let procedure = result.procedure {
            members += [("call_line", .integer(Int64(callLine))), ("procedure", .string(procedure))]
        }
        var payload = try TreeEncoder().encode(AnyEncodable(result.value.payload))
        if case .plot(let plot) = result.value, case .object(var fields) = payload {
            // The contract's last plot field: the curves as the terminal shows them when no file was named, else null.
            fields.append(("terminal", Renderer.terminalDrawing(plot, colour: colour).map(JSONTree.string) ?? .null))
            payload = .object(fields)
        }
        if case .table(let table) = result.value {
            payload = CountSuppression.apply(table: payload, countColumns: table.countColumns, result.disclosure)
        }
        payload = CountSuppression.apply(payload, result.disclosure)
        if case .object(let fields) = payload { members += fields }
        if !result.warnings.isEmpty, !members.contains(where: { $0.0 == "warnings" }) {
            members.append(("warnings", .array(result.warnings.map { .string(CountSuppression.inline($0, result.disclosure)) })))
        }
        return .object(members)
    }

    /// One JSON Lines record.
    public static func line(_ result: StatementResult, colour: Bool = false) throws -> String {
        try tree(result, colour: colour).serialized()
    }
}

/// Lets an existential Encodable be passed where a generic one is expected.
struct AnyEncodable: Encodable {
    let base: any Encodable
    init(_ base: any Encodable) { self.base = base }
    func encode(to encoder: any Encoder) throws { try base.encode(to: encoder) }
}
