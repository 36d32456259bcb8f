import SQSyntax
import SQBackend

/// Lowers an expression to SQL over one relation: columns are quoted,
/// `define`d names are inlined (cycles are errors), every literal and parameter
/// becomes a bound argument, and unknown names get a did-you-mean hint.
public struct ExpressionLowering {
    public let relation: Relation
    public let environment: Environment
    public let dialect: any SQLDialect
    /// Defines being expanded, innermost last: a define that names itself means the column.
    var expanding: [String] = []
    /// Inside a user function's body: its parameters, each bound to its argument's SQL.
    var scope: [String: SQLFragment] = [:]
    /// User functions being expanded, innermost last (for the nesting limit and recursion).
    var calling: [String] = []

    public init(relation: Relation, environment: Environment, dialect: any SQLDialect) {
        self.relation = relation
        self.environment = environment
        self.dialect = dialect
    }

    /// SQLite refuses an expression tree more than 1,000 levels high
    /// (SQLITE_MAX_EXPR_DEPTH); SQ stops short of it, leaving room for the
    /// query around the expression, and says so at the expression.
    public static let maximumDepth = 900

    /// The expression as a self-contained SQL operand (parenthesized unless atomic).
    public func lower(_ expr: Expr) throws -> SQLFragment {
        try lowerOperand(expr).parenthesized
    }

    /// The expression with its outermost operator bare, for a parent that
    /// decides by precedence whether it needs parentheses.
    func lowerOperand(_ expr: Expr) throws -> SQLFragment {
        switch expr.kind {
        case .number(let value, let isInteger):
            if isInteger, let exact = Int64(exactly: value) { return .bound(.integer(exact), type: .integer) }
            return .bound(.real(value), type: .real)
        case .string(let text):
            return .bound(.text(text), type: .text)
        case .boolean(let value):
            return dialect.boolean(value)
        case .null:
            return dialect.null
        case .duration:
            throw Diagnostic.error("a duration is only meaningful where a time is expected", at: expr.span,
                                   hints: ["use durations in `at 1y, 2y` or write the number in the endpoint's unit",
                                           "to move a date, add the duration to it: `pm_date + 30d`"])
        case .identifier(let name):
            return try lowerName(name, span: expr.span)
        case .parameter(let name):
            return try lowerParameter(name, span: expr.span)
        case .unary(let op, let operand):
            let inner = try lower(operand)
            switch op {
            case .negate:
                if inner.type == .date {
                    throw Diagnostic.error("a date cannot be negated", at: expr.span)
                }
                return SQLFragment("(-\(inner))", type: inner.type == .integer ? .integer : .real, depth: inner.depth + 1)
            case .not: return SQLFragment(dialect.not(dialect.truth(inner)), type: .boolean, depth: inner.depth + 1)
            }
        case .binary:
            return try lowerChain(expr)
        case .call(let name, let arguments):
            if let function = environment.functions[name.text.lowercased()] {
                return try lowerUserFunction(function, name: name, arguments: arguments, span: expr.span)
            }
            return try FunctionLowering(expressions: self).lower(name: name, arguments: arguments, span: expr.span)
        case .isNull(let operand, let negated):
            let inner = try lower(operand)
            return SQLFragment(dialect.isNull(inner, negated: negated), type: .boolean, depth: inner.depth + 1)
        case .inList(let operand, let items, let negated):
            let inner = try lower(operand)
            let lowered = try items.map(lower)
            for (item, itemExpr) in zip(lowered, items) {
                try DateArithmetic(dialect: dialect).checkComparable(inner, operand, item, itemExpr, at: itemExpr.span)
            }
            return SQLFragment(dialect.inList(inner, lowered, negated: negated), type: .boolean,
                               depth: ([inner] + lowered).map(\.depth).max()! + 1)
        case .between(let operand, let low, let high, let negated):
            let parts = try [operand, low, high].map(lower)
            for (part, partExpr) in zip(parts.dropFirst(), [low, high]) {
                try DateArithmetic(dialect: dialect).checkComparable(parts[0], operand, part, partExpr, at: partExpr.span)
            }
            return SQLFragment(dialect.between(parts[0], parts[1], parts[2], negated: negated), type: .boolean,
                               depth: parts.map(\.depth).max()! + 1)
        }
    }

    /// An expression used as a condition (`where`, a cohort's filter), as the dialect reads a condition.
    public func lowerCondition(_ expr: Expr) throws -> SQLFragment {
        dialect.truth(try lower(expr))
    }

    private func lowerName(_ name: String, span: Span) throws -> SQLFragment {
        if let bound = scope[name] { return bound }
        if let definition = environment.defines[name], !expanding.contains(name) {
            // A define means the same everywhere: a function's parameters do not reach into it.
            var outside = self
            outside.scope = [:]
            return try outside.lowerDefine(name, definition, span: span)
        }
        if let column = relation.column(named: name) {
            environment.expansions.noteColumnRead(column.name)
            return .identifier(column.name, type: column.type)
        }
        if environment.defines[name] != nil, let first = expanding.firstIndex(of: name) {
            let path = (expanding[first...] + [name]).map { "`\($0)`" }.joined(separator: " → ")
            throw Diagnostic.error("`\(name)` is defined in terms of itself (\(path)), and there is no column `\(name)` to mean",
                                   at: span, hints: ["a define may name its own column (`define age = age / 10`), not another define that names it back"])
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

    /// A chain `a + b - c ...` or `p and q and r ...` is a left-deep tree as
    /// deep as it is long: walk its left spine in a loop (no recursion per
    /// term) and print it without the parentheses precedence does not need,
    /// so SQLite's parser (about 90 nested parentheses at most) reads it too.
    private func lowerChain(_ expr: Expr) throws -> SQLFragment {
        var spine: [Expr] = []
        var leaf = expr
        while case .binary(_, let lhs, _) = leaf.kind {
            spine.append(leaf)
            leaf = lhs
        }
        var accumulated = try lowerOperand(leaf)
        for node in spine.reversed() {
            guard case .binary(let op, let lhs, let rhs) = node.kind else { continue }
            accumulated = try lowerBinary(op, lhs, accumulated, rhs, node: node)
            if accumulated.depth > Self.maximumDepth {
                throw Diagnostic.error("this expression is too deep for SQLite: more than \(Self.maximumDepth) nested operations (SQLite's limit is 1,000)",
                                       at: expr.span,
                                       hints: ["each term of a chain of `+`, `and` or `or`, and each define built on another, adds a level; use fewer terms"])
            }
        }
        return accumulated
    }

    private func lowerBinary(_ op: BinaryOperator, _ lhs: Expr, _ a: SQLFragment, _ rhs: Expr, node: Expr) throws -> SQLFragment {
        let opSpan = node.operatorSpan ?? node.span
        // `x = null` is never true in SQL; the analyst means `x is null`.
        if op == .equal || op == .notEqual {
            if case .null = rhs.kind {
                return SQLFragment(dialect.isNull(a.parenthesized, negated: op == .notEqual), type: .boolean, depth: a.depth + 1)
            }
            if case .null = lhs.kind { return try lower(Expr(.isNull(rhs, negated: op == .notEqual), span: node.span)) }
        }
        let dates = DateArithmetic(dialect: dialect)
        if (op == .add || op == .subtract), a.type == .date, case .duration(let amount, let unit) = rhs.kind {
            return dates.shift(a, by: amount * unit.days, subtract: op == .subtract)
        }
        let b = try lowerOperand(rhs)
        if let dated = try dates.lower(op, a, lhs, b, rhs, at: opSpan) { return dated }
        switch op {
        case .add, .subtract, .multiply:
            let symbol = dialect.symbol(op == .add ? .add : op == .subtract ? .subtract : .multiply)
            let type: ValueType = (a.type == .integer || a.type == .boolean) && (b.type == .integer || b.type == .boolean) ? .integer : .real
            let level = op == .multiply ? SQLPrecedence.multiplicative : SQLPrecedence.additive
            return Self.combine(a, symbol, b, level: level, type: type)
        case .divide:
            let b = b.parenthesized
            return SQLFragment(dialect.realDivision(a.parenthesized, b), type: .real, depth: max(a.depth, b.depth) + 1)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            try checkComparable(a, lhs, b, rhs)
            let comparisons: [BinaryOperator: SQLOperator] = [.equal: .equal, .notEqual: .notEqual, .less: .less,
                                                              .lessEqual: .lessEqual, .greater: .greater, .greaterEqual: .greaterEqual]
            let symbol = dialect.symbol(comparisons[op] ?? .equal)
            return Self.combine(a, symbol, b, level: SQLPrecedence.comparison, type: .boolean)
        case .and, .or:
            return Self.combine(dialect.truth(a), dialect.symbol(op == .and ? .and : .or), dialect.truth(b),
                                level: op == .and ? SQLPrecedence.and : SQLPrecedence.or, type: .boolean)
        }
    }

    /// `a op b` at precedence `level`: the left operand keeps its own
    /// parentheses off when it is the same left-associative chain; any
    /// looser (or, on the right, equal) operand is parenthesized.
    static func combine(_ a: SQLFragment, _ symbol: String, _ b: SQLFragment, level: Int, type: ValueType) -> SQLFragment {
        let chains = level != SQLPrecedence.comparison
        let left = a.precedence > level || (chains && a.precedence == level) ? a : a.parenthesized
        let right = b.precedence > level ? b : b.parenthesized
        return SQLFragment("\(left) \(sql: symbol) \(right)", type: type, precedence: level, depth: max(a.depth, b.depth) + 1)
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
