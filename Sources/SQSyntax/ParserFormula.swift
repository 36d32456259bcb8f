/// Model formulas (the right of `~`), as in R: `+` separates terms, `*` crosses
/// them (main effects and interaction), `:` is the interaction alone and binds
/// tighter than `*`; `(1 | g)` is a random intercept.
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

    /// atom = "(" "1" "|" primary ")" | "(" term ")" | primary ;
    mutating func atom() throws -> Term {
        let start = current.span
        if current.isSymbol("("), case .number(1, true) = peek().kind, peek(2).isSymbol("|") {
            advance(); advance(); advance()
            let group = try primary()
            try expectSymbol(")", "to close `(1 | group)`")
            return Term(.randomIntercept(group: group), span: start.merged(with: previousSpan))
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
}
