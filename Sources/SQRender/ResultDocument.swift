import SQ

/// The JSON object of one result (docs/results.md): `kind`, `line`, `statement`, then
/// the payload's fields in contract order, then `warnings` when the payload
/// does not carry its own.
public enum ResultDocument {
    public static func tree(_ result: StatementResult) throws -> JSONTree {
        var members: [(String, JSONTree)] = [
            ("kind", .string(result.value.kind)),
            ("line", .integer(Int64(result.line))),
            ("statement", .string(result.statement)),
        ]
        if let callLine = result.callLine, let procedure = result.procedure {
            members += [("call_line", .integer(Int64(callLine))), ("procedure", .string(procedure))]
        }
        var payload = try TreeEncoder().encode(AnyEncodable(result.value.payload))
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
    public static func line(_ result: StatementResult) throws -> String {
        try tree(result).serialized()
    }
}

/// Lets an existential Encodable be passed where a generic one is expected.
struct AnyEncodable: Encodable {
    let base: any Encodable
    init(_ base: any Encodable) { self.base = base }
    func encode(to encoder: any Encoder) throws { try base.encode(to: encoder) }
}
