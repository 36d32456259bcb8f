import SQSyntax

/// What a bare `check ph` tests: the last single Cox model, named in the result
/// ("the last Cox model, os ~ age + sex"). After `each` (or another statement
/// that fits several models) it refuses, instead of silently testing an earlier one.
extension StatementExecutor {
    /// Result kinds that fit several models at once.
    static let severalModels: Set<String> = ["each", "subgroups", "interaction", "cutpoint"]

    /// Called after every analysis: remembers whether the last models fitted were one Cox model or several.
    func noteModels(_ result: StatementResult, model: FittedModel?) {
        let kind = result.value.kind
        if model != nil { session.lastFitKind = nil } else if Self.severalModels.contains(kind) { session.lastFitKind = kind }
    }
}

extension AnalysisRunner {
    /// The binding a bare `check ph` tests, and how the result names it.
    func lastSingleModel(at span: Span) throws -> (KeptResult, String) {
        if let kind = session.lastFitKind {
            throw Diagnostic.error("the last result (`\(kind)`) holds several models; `check ph` needs one", at: span,
                                   hints: ["keep the one to test and name it: `let m = fit cox os ~ age`, then `check ph m`"])
        }
        guard let last = session.lastModel else {
            throw Diagnostic.error("no Cox model to check yet", at: span, hints: ["fit one first: `let m = fit cox os ~ ...`, then `check ph m`"])
        }
        var label = "the last Cox model"
        if case .cox(let cox) = last.result.value, let model = last.model {
            label += ", \(cox.endpoint) ~ " + model.termLabels.joined(separator: " + ")
        }
        return (last, label)
    }
}
