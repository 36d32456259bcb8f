/// Model formulas (the right of `~`), as in R: `+` separates terms, `*` crosses
/// them (main effects and interaction), `:` is the interaction alone and binds
/// tighter than `*`; `(effects | group)` is a random term, `(1 | g)` a random intercept.
extension Parser {
    /// formula = term { "+" term } ;
    public mutating func formula() throws -> [Term] {
        var terms = [try term()]
        while current.isSymbol("+") {
            let plus = advance().span
            // `fit cox os ~ age +` then a blank line: the error belongs to the dangling `+`.
            if atStatementEnd {
                throw error("the formula ends with `+`: expected a model term after it", at: plus,
                            hints: ["add a term (`+ sex`) or delete the `+`"])
            }
            terms.append(try term())
        }
        return terms
    }

    /// term = interaction { "*" interaction } ;
    public mutating func term() throws -> Term {
        try nested { p in
            var lhs = try p.interaction()
            while p.acceptSymbol("*") {
                let rhs = try p.interaction()
                lhs = Term(.cross(lhs, rhs), span: lhs.span.merged(with: rhs.span))
            }
            return lhs
        }
    }

    /// interaction = atom { ":" atom } ;
    mutating func interaction() throws -> Term {
        var lhs = try atom()
        while acceptSymbol(":") {
            let rhs = try atom()
            lhs = Term(.interact(lhs, rhs), span: lhs.span.merged(with: rhs.span))
        }
        return lhs
    }

    /// atom = "(" formula "|" expression ")" | "(" term ")" | primary ;
    mutating func atom() throws -> Term {
        let start = current.span
        if current.isSymbol("("), randomTermAhead {
            // lme4's and coxme's random term: `(1 | g)`, `(1 + x | g)`, `(x | g)`, `(1 | g1/g2)`.
            advance()
            let effects = try formula()
            try expectSymbol("|", "between a random term's effects and its group, as in `(1 | g)`")
            let group = try expression()
            try expectSymbol(")", "to close the random term `(… | group)`")
            return Term(.random(effects: effects, group: group), span: start.merged(with: previousSpan))
        }
        if current.isSymbol("(") {
            // A parenthesised expression is one atom: `(age / 10)`.
            let expr = try primary()
            if let habit = formulaHabit(after: expr) { throw habit }
            return Term(.atom(expr), span: expr.span)
        }
        guard !atStatementEnd else {
            throw error("expected a model term, found \(current.display)", hints: ["e.g. `fit cox os ~ age + sex`"])
        }
        let expr = try primary()
        if let habit = formulaHabit(after: expr) { throw habit }
        return Term(.atom(expr), span: expr.span)
    }

    /// Whether the parenthesis at `current` holds a `|` at its own depth before it closes.
    var randomTermAhead: Bool {
        var depth = 0, offset = 0
        while true {
            let token = peek(offset)
            switch token.kind {
            case .terminator, .end: return false
            case .symbol("("), .symbol("["): depth += 1
            case .symbol(")"), .symbol("]"):
                depth -= 1
                if depth == 0 { return false }
            case .symbol("|") where depth == 1: return true
            default: break
            }
            offset += 1
        }
    }
}
