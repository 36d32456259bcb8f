import SQSyntax
import SQStore

/// Lowers an expression to SQL over one relation: columns are quoted,
/// `define`d names are inlined (cycles are errors), every literal and parameter
/// becomes a bound argument, and unknown names get a did-you-mean hint.
public struct ExpressionLowering {
    public let relation: Relation
    public let environment: Environment
    public let dialect: any SQLDialect
    /// Defines being expanded, innermost last: a define that names itself means the column.
    var expanding: [String] = []

    public init(relation: Relation, environment: Environment, dialect: any SQLDialect = SQLiteDialect()) {
        self.relation = relation
        self.environment = environment
        self.dialect = dialect
    }

    public func lower(_ expr: Expr) throws -> SQLFragment {
        switch expr.kind {
        case .number(let value, let isInteger):
            if isInteger, let exact = Int64(exactly: value) { return .bound(.integer(exact), type: .integer) }
            return .bound(.real(value), type: .real)
        case .string(let text):
            return .bound(.text(text), type: .text)
        case .boolean(let value):
            return .bound(.integer(value ? 1 : 0), type: .boolean)
        case .null:
            return SQLFragment("NULL", type: .unknown)
        case .duration:
            throw Diagnostic.error("a duration is only meaningful where a time is expected", at: expr.span,
                                   hints: ["use durations in `at 1y, 2y` or write the number in the endpoint's unit"])
        case .identifier(let name):
            return try lowerName(name, span: expr.span)
        case .parameter(let name):
            return try lowerParameter(name, span: expr.span)
        case .unary(let op, let operand):
            let inner = try lower(operand)
            switch op {
            case .negate: return SQLFragment("(-\(inner.text))", inner.arguments, type: inner.type == .integer ? .integer : .real)
            case .not: return SQLFragment("(NOT \(inner.text))", inner.arguments, type: .boolean)
            }
        case .binary(let op, let lhs, let rhs):
            return try lowerBinary(op, lhs, rhs)
        case .call(let name, let arguments):
            return try FunctionLowering(expressions: self).lower(name: name, arguments: arguments, span: expr.span)
        case .isNull(let operand, let negated):
            let inner = try lower(operand)
            return SQLFragment("(\(inner.text) IS \(negated ? "NOT " : "")NULL)", inner.arguments, type: .boolean)
        case .inList(let operand, let items, let negated):
            let inner = try lower(operand)
            let list = SQLFragment.joined(try items.map(lower), separator: ", ")
            return SQLFragment("(\(inner.text) \(negated ? "NOT " : "")IN (\(list.text)))",
                               inner.arguments + list.arguments, type: .boolean)
        case .between(let operand, let low, let high, let negated):
            let parts = try [operand, low, high].map(lower)
            return SQLFragment("(\(parts[0].text) \(negated ? "NOT " : "")BETWEEN \(parts[1].text) AND \(parts[2].text))",
                               parts.flatMap(\.arguments), type: .boolean)
        }
    }

    private func lowerName(_ name: String, span: Span) throws -> SQLFragment {
        if let definition = environment.defines[name], !expanding.contains(name) {
            var nested = self
            nested.expanding.append(name)
            let inner = try nested.lower(FactorSpecParsing.unwrapFactor(definition.expr))
            return SQLFragment("(\(inner.text))", inner.arguments, type: definition.factor == nil ? inner.type : .text)
        }
        if let column = relation.column(named: name) {
            return SQLFragment(dialect.quoteIdentifier(column.name), type: column.type)
        }
        if environment.endpoints[name] != nil {
            throw Diagnostic.error("`\(name)` is an endpoint, not a column", at: span,
                                   hints: ["endpoints go first in an analysis: `km \(name)`, `fit cox \(name) ~ ...`"])
        }
        let candidates = environment.columnCandidates(in: relation)
        throw Diagnostic.error("unknown column `\(name)` in `\(relation.name)`", at: span,
                               hints: NameSuggestion.hint(for: name, in: candidates))
    }

    private func lowerParameter(_ name: String, span: Span) throws -> SQLFragment {
        guard let text = environment.parameters[name] else {
            throw Diagnostic.error("no value for parameter `$\(name)`", at: span,
                                   hints: ["pass it as `sq run FILE.sq --param \(name)=VALUE`"])
        }
        if let integer = Int64(text) { return .bound(.integer(integer), type: .integer) }
        if let real = Double(text) { return .bound(.real(real), type: .real) }
        return .bound(.text(text), type: .text)
    }

    private func lowerBinary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr) throws -> SQLFragment {
        // `x = null` is never true in SQL; the analyst means `x is null`.
        if op == .equal || op == .notEqual {
            if case .null = rhs.kind { return try lower(Expr(.isNull(lhs, negated: op == .notEqual), span: lhs.span.merged(with: rhs.span))) }
            if case .null = lhs.kind { return try lower(Expr(.isNull(rhs, negated: op == .notEqual), span: lhs.span.merged(with: rhs.span))) }
        }
        let a = try lower(lhs)
        let b = try lower(rhs)
        let arguments = a.arguments + b.arguments
        switch op {
        case .add, .subtract, .multiply:
            let symbol = op == .add ? "+" : op == .subtract ? "-" : "*"
            let type: ValueType = (a.type == .integer || a.type == .boolean) && (b.type == .integer || b.type == .boolean) ? .integer : .real
            return SQLFragment("(\(a.text) \(symbol) \(b.text))", arguments, type: type)
        case .divide:
            return SQLFragment(dialect.realDivision(a.text, b.text), arguments, type: .real)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            try checkComparable(a, lhs, b, rhs)
            let symbol = [BinaryOperator.equal: "=", .notEqual: "<>", .less: "<", .lessEqual: "<=",
                          .greater: ">", .greaterEqual: ">="][op] ?? "="
            return SQLFragment("(\(a.text) \(symbol) \(b.text))", arguments, type: .boolean)
        case .and, .or:
            return SQLFragment("(\(a.text) \(op == .and ? "AND" : "OR") \(b.text))", arguments, type: .boolean)
        }
    }

    /// A number compared with text that is not a number is never what was
    /// meant: SQLite orders every number before every text, so `age > "sixty"`
    /// would silently select nothing (and `age < "sixty"` everything).
    private func checkComparable(_ a: SQLFragment, _ lhs: Expr, _ b: SQLFragment, _ rhs: Expr) throws {
        for (number, numberExpr, other) in [(a, lhs, rhs), (b, rhs, lhs)] where number.type.isNumeric {
            guard case .string(let text) = other.kind,
                  Double(text.trimmingCharacters(in: .whitespaces)) == nil else { continue }
            var name = "this value"
            if case .identifier(let column) = numberExpr.kind { name = "`\(column)`" }
            throw Diagnostic.error("\(name) is a number and \"\(text)\" is text: they never compare as meant",
                                   at: other.span, hints: ["compare with a number, as in `age > 60`"])
        }
    }
}
