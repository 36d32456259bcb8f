import SQSyntax

extension PlanContext {
    /// The random terms SQ fits: one Gaussian random intercept per group, `(1 | g)`
    /// (coxme's `(1 | g)`). The general form — slopes `(1 + x | g)` and `(x | g)`,
    /// nested groups `(1 | g1/g2)` — parses, and is refused here at its span.
    static func requireRandomIntercept(_ effects: [Term], group: Expr, at span: Span) throws {
        let intercept = "SQ fits random intercepts `(1 | g)`"
        if case .binary(.divide, _, _) = group.kind {
            throw Diagnostic.error("nested random effects `(1 | g1/g2)` are not supported yet; \(intercept)",
                                   at: group.span, hints: ["fit one grouping level, e.g. `(1 | g2)`"])
        }
        guard effects.count == 1, case .atom(let effect) = effects[0].kind,
              case .number(1, isInteger: true) = effect.kind else {
            throw Diagnostic.error("random slopes `(1 + x | g)` are not supported yet; \(intercept)", at: span,
                                   hints: ["keep the covariate as a fixed effect: `~ x + (1 | g)`"])
        }
        if case .binary = group.kind {
            throw Diagnostic.error("the group of a random term is a column, as in `(1 | patient_id)`", at: group.span)
        }
    }
}
