import Foundation
import SQSyntax

extension StatementExecutor {
    /// A mixed-effects or frailty fit becomes the last model, so a later bare
    /// `check ph` says it cannot test it instead of testing an older model.
    static func hasRandomEffect(_ result: StatementResult) -> Bool {
        if case .cox(let cox) = result.value { return cox.frailty != nil }
        return false
    }

    /// `show m random`: the kept model's estimated random effects, one row per
    /// group in the group column's order — b and exp(b) (the group's hazard
    /// multiplier; for a gamma frailty, the frailty itself), as coxme's `ranef`
    /// and coxph's `fit$frail`.
    func showRandomEffects(_ name: Name) throws -> StatementResult {
        guard let binding = session.kept[name.text] else {
            throw Diagnostic.error("nothing is kept under `\(name.text)`", at: name.span,
                                   hints: NameSuggestion.hint(for: name.text, in: session.bindingNames)
                                       + ["keep a model with `let \(name.text) = fit cox os ~ x + (1 | patient_id)`"])
        }
        guard case .cox(let cox) = binding.result.value, let frailty = cox.frailty else {
            throw Diagnostic.error("`\(name.text)` has no random effects", at: name.span,
                                   hints: ["`show \(name.text) random` needs a model with `(1 | group)` or `frailty(group)`"])
        }
        let rows = frailty.effects.map { effect -> [Value] in [effect.group, .real(effect.b), .real(exp(effect.b))] }
        let kind = frailty.distribution == "gamma" ? "gamma frailty" : "random intercept"
        return result(.table(TableResult(
            title: "Random effects of \(name.text): \(kind) per \(frailty.group) (\(frailty.groups) groups, "
                + "variance \(String(format: "%.4g", frailty.variance)))",
            columns: [frailty.group, "b", "exp(b)"], rows: rows)))
    }
}
