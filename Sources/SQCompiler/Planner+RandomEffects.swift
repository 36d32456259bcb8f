import SQSyntax

extension Planner {
    /// `with variance =` fixes a random intercept's variance (coxme's `vfixed`),
    /// `with theta =` a frailty term's (coxph's `frailty(g, theta =)`): each only
    /// where the model has that term.
    static func checkVarianceOptions(_ options: OptionReader, model: ModelPlan) throws {
        if let expr = options.value("variance"), model.frailty?.mixedEffects != true {
            throw Diagnostic.error("`variance` fixes the variance of a random intercept, and this model has none",
                                   at: expr.span,
                                   hints: model.frailty == nil ? ["add a random intercept: `+ (1 | patient_id)`"]
                                                               : ["a frailty() term takes `with theta = ...`"])
        }
        if let expr = options.value("theta"), model.frailty.map({ !$0.mixedEffects }) != true {
            throw Diagnostic.error("`theta` fixes the variance of a frailty() term, and this model has none",
                                   at: expr.span,
                                   hints: model.frailty == nil ? ["add a frailty term: `+ frailty(patient_id)`"]
                                                               : ["a random intercept `(1 | g)` takes `with variance = ...`"])
        }
    }
}
