/// Expressions, lowest precedence first:
///   or → and → not → comparison → additive → multiplicative → unary → primary.
extension Parser {
    /// expression = and_expr { "or" and_expr } ;
    public mutating func expression() throws -> Expr {
        try nested { p in
            var lhs = try p.andExpression()
            while p.isKeyword("or") {
                let op = p.advance().span
                let rhs = try p.andExpression()
                lhs = Expr(.binary(.or, lhs, rhs), span: lhs.span.merged(with: rhs.span), operatorSpan: op)
            }
            return lhs
        }
    }

    /// and_expr = not_expr { "and" not_expr } ;
    mutating func andExpression() throws -> Expr {
        var lhs = try notExpression()
        while isKeyword("and") {
            let op = advance().span
            let rhs = try notExpression()
            lhs = Expr(.binary(.and, lhs, rhs), span: lhs.span.merged(with: rhs.span), operatorSpan: op)
        }
        return lhs
    }

    /// not_expr = "not" not_expr | comparison ;
    mutating func notExpression() throws -> Expr {
        let start = current.span
        if accept("not") {
            let operand = try nested { try $0.notExpression() }
            return Expr(.unary(.not, operand), span: start.merged(with: operand.span))
        }
        return try comparison()
    }

    /// comparison = additive [ compare_op additive | "is" ["not"] "null"
    ///            | ["not"] "in" "(" expression_list ")" | ["not"] "between" additive "and" additive ] ;
    mutating func comparison() throws -> Expr {
        let lhs = try additive()
        let operators: [String: BinaryOperator] = ["=": .equal, "==": .equal, "!=": .notEqual, "<>": .notEqual,
                                                   "<": .less, "<=": .lessEqual, ">": .greater, ">=": .greaterEqual]
        if case .symbol(let s) = current.kind, let op = operators[s] {
            let symbol = advance().span
            let rhs = try additive()
            return Expr(.binary(op, lhs, rhs), span: lhs.span.merged(with: rhs.span), operatorSpan: symbol)
        }
        if accept("is") {
            let negated = accept("not")
            guard isKeyword("null") else { throw error("expected `null` after `is\(negated ? " not" : "")`, found \(current.display)") }
            let end = advance().span
            return Expr(.isNull(lhs, negated: negated), span: lhs.span.merged(with: end))
        }
        let negated = isKeyword("not") && (peek().keyword == "in" || peek().keyword == "between")
        if negated { advance() }
        if accept("in") {
            try expectSymbol("(", "after `in`")
            let items = try expressionList()
            try expectSymbol(")", "to close the `in` list")
            return Expr(.inList(lhs, items, negated: negated), span: lhs.span.merged(with: previousSpan))
        }
        if accept("between") {
            let low = try additive()
            try expect("and", "in `between ... and ...`")
            let high = try additive()
            return Expr(.between(lhs, low: low, high: high, negated: negated), span: lhs.span.merged(with: high.span))
        }
        return lhs
    }

    /// additive = multiplicative { ("+" | "-") multiplicative } ;
    mutating func additive() throws -> Expr {
        var lhs = try multiplicative()
        while current.isSymbol("+") || current.isSymbol("-") {
            let token = advance()
            let op: BinaryOperator = token.isSymbol("+") ? .add : .subtract
            let rhs = try multiplicative()
            lhs = Expr(.binary(op, lhs, rhs), span: lhs.span.merged(with: rhs.span), operatorSpan: token.span)
        }
        return lhs
    }

    /// multiplicative = unary { ("*" | "/") unary } ;
    mutating func multiplicative() throws -> Expr {
        var lhs = try unary()
        while current.isSymbol("*") || current.isSymbol("/") {
            let token = advance()
            let op: BinaryOperator = token.isSymbol("*") ? .multiply : .divide
            let rhs = try unary()
            lhs = Expr(.binary(op, lhs, rhs), span: lhs.span.merged(with: rhs.span), operatorSpan: token.span)
        }
        return lhs
    }

    /// unary = "-" unary | primary ;
    mutating func unary() throws -> Expr {
        let start = current.span
        if acceptSymbol("-") {
            let operand = try nested { try $0.unary() }
            return Expr(.unary(.negate, operand), span: start.merged(with: operand.span))
        }
        return try primary()
    }

    /// primary = number | duration | string | "true" | "false" | "null" | parameter
    ///         | name [ "(" [ argument { "," argument } ] ")" ] | "(" expression ")" ;
    public mutating func primary() throws -> Expr {
        let token = current
        switch token.kind {
        case .number(let value, let isInteger):
            advance()
            if let habit = durationHabit(after: token) { throw habit }
            return Expr(.number(value, isInteger: isInteger), span: token.span)
        case .duration(let value, let unit):
            advance()
            return Expr(.duration(value, unit), span: token.span)
        case .string(let text):
            advance()
            return Expr(.string(text), span: token.span)
        case .parameter(let name):
            advance()
            return Expr(.parameter(name), span: token.span)
        case .symbol("("):
            advance()
            let inner = try expression()
            try expectSymbol(")", "to close the parenthesis")
            return Expr(inner.kind, span: token.span.merged(with: previousSpan), operatorSpan: inner.operatorSpan)
        case .word(let text, let quoted):
            if !quoted {
                switch text.lowercased() {
                case "true", "false":
                    advance()
                    return Expr(.boolean(text.lowercased() == "true"), span: token.span)
                case "null":
                    advance()
                    return Expr(.null, span: token.span)
                case let word where Keywords.expression.contains(word):
                    throw error("expected a value, found `\(text)`", hints: ["write a column named `\(text)` in backquotes"])
                default: break
                }
            }
            let name = Name(text, span: advance().span)
            if !quoted, current.isSymbol("(") {
                advance()
                let arguments = try callArguments()
                return Expr(.call(name: name, arguments: arguments), span: token.span.merged(with: previousSpan))
            }
            return Expr(.identifier(text), span: token.span)
        default:
            throw error("expected a value, found \(token.display)")
        }
    }

    /// arguments = [ argument { "," argument } ] ")" ;  argument = [ name "=" ] expression ;
    /// Inside a call, `name = value` names an argument; equality is `==`.
    mutating func callArguments() throws -> [Argument] {
        var arguments: [Argument] = []
        if acceptSymbol(")") { return arguments }
        repeat {
            if case .word(let text, _) = current.kind, peek().isSymbol("=") {
                let label = Name(text, span: advance().span)
                advance()
                arguments.append(Argument(label: label, value: try expression()))
            } else {
                arguments.append(Argument(label: nil, value: try expression()))
            }
        } while acceptSymbol(",")
        try expectSymbol(")", "to close the argument list")
        return arguments
    }

    /// expression_list = expression { "," expression } ;
    public mutating func expressionList() throws -> [Expr] {
        var items = [try expression()]
        while acceptSymbol(",") { items.append(try expression()) }
        return items
    }
}
