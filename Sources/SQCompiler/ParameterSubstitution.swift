import Foundation
import SQSyntax

/// `$name` where a literal stands — `km os at $t`, `with conf = $level`,
/// `list ... limit $n`, `set min_cell = $k` — replaced by the value given with
/// `--param name=value`, read as SQ reads a literal: `365` a number, `1y` a
/// duration, anything else a string. (Inside `where` and `define`, parameters are
/// bound SQL arguments instead: ExpressionLowering.)
public struct ParameterSubstitution: Sendable {
    public let parameters: [String: String]

    public init(parameters: [String: String]) { self.parameters = parameters }

    /// The literal for `$name` (a negated one too), or the expression unchanged.
    public func literal(_ expr: Expr) throws -> Expr {
        switch expr.kind {
        case .parameter(let name):
            guard let text = parameters[name] else {
                throw Diagnostic.error("no value for parameter `$\(name)`", at: expr.span,
                                       hints: ["pass it as `sq run FILE.sq --param \(name)=VALUE`"])
            }
            return Expr(Self.kind(of: text), span: expr.span)
        case .unary(.negate, let inner):
            guard case .parameter = inner.kind else { return expr }
            let value = try literal(inner)
            if case .number(let n, let isInteger) = value.kind { return Expr(.number(-n, isInteger: isInteger), span: expr.span) }
            throw Diagnostic.error("`-$…` needs a number", at: expr.span)
        default:
            return expr
        }
    }

    /// A parameter's text as a literal.
    static func kind(of text: String) -> Expr.Kind {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let integer = Int64(trimmed) { return .number(Double(integer), isInteger: true) }
        if let real = Double(trimmed), real.isFinite { return .number(real, isInteger: false) }
        let (tokens, diagnostics) = Lexer.tokenize(trimmed)
        if diagnostics.isEmpty, tokens.count >= 1, case .duration(let value, let unit) = tokens[0].kind,
           tokens.dropFirst().allSatisfy({ $0.kind == .terminator || $0.kind == .end }) {
            return .duration(value, unit)
        }
        switch trimmed.lowercased() {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default: return .string(trimmed)
        }
    }

    /// The statement with every parameter in a literal's place replaced.
    public func substitute(_ statement: AnalysisStatement) throws -> AnalysisStatement {
        var result = statement
        result.options = try statement.options.map { Argument(label: $0.label, value: try literal($0.value)) }
        switch statement.analysis {
        case .km(let endpoint, let by, let at):
            result.analysis = .km(endpoint: endpoint, by: by, at: try at.map(literal))
        case .list(let columns, let limit):
            result.analysis = .list(columns: columns, limit: try limit.map(literal))
        case .poolSurvival(let endpoint, let at, let studies):
            result.analysis = .poolSurvival(endpoint: endpoint, at: try at.map(literal), studies: studies)
        case .pool(let arguments):
            result.analysis = .pool(arguments: try arguments.map { Argument(label: $0.label, value: try literal($0.value)) })
        case .registered(let word, let syntax):
            result.analysis = .registered(word: word, syntax: try syntax.substitutingParameters(literal))
        default:
            break
        }
        return result
    }
}
