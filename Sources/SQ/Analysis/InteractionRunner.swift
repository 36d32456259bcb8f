import Foundation
import SQCompiler
import SQSurvival

/// `interaction os ~ g * (a, b) [adjust ~ ...]`: one pair of Cox models per modifier.
extension AnalysisRunner {
    /// The interaction coefficients of `g * modifier`, their joint Wald test and
    /// the likelihood-ratio test against `g + modifier` on the same rows.
    func interactionTest(_ data: FetchedColumns, endpoint: EndpointColumns, modifier: InteractionPlan.Modifier,
                         settings: ModelSettings) throws -> InteractionResult.Factor {
        let (full, fitted) = try cox(data, endpoint: endpoint, model: modifier.full, settings: settings)
        let (reduced, _) = try cox(data, endpoint: endpoint, model: modifier.reduced, settings: settings)
        let labels = Set(modifier.interactionTerms.map { modifier.full.terms[$0].label })
        let columns = modifier.interactionTerms.flatMap { fitted.termColumns[$0] }
        // `cox` fits rows, so its model always holds the fit.
        guard let fit = fitted.fit else { throw RuntimeError(message: "the interaction test needs the model fitted from rows") }
        let wald = WaldTest.joint(coefficients: fit.coefficients,
                                  variance: fit.robustVariance ?? fit.variance, indices: columns)
        let lr = TestStatistic(statistic: 2 * (full.logLikelihood[1] - reduced.logLikelihood[1]), df: wald.df)
        return InteractionResult.Factor(factor: modifier.label, n: full.n, events: full.events, nDropped: full.nDropped,
                                        terms: full.terms.filter { labels.contains($0.term) }, wald: wald,
                                        likelihoodRatio: lr, warnings: full.diagnostics)
    }

    func interaction(_ data: FetchedColumns, plan: InteractionPlan) throws -> StatementResult {
        var factors: [InteractionResult.Factor] = []
        for modifier in plan.modifiers {
            // The factor keeps its model's warnings; the statement shows them prefixed by the factor (`ResultValue.warnings`).
            factors.append(try interactionTest(data, endpoint: plan.endpoint, modifier: modifier, settings: plan.settings))
        }
        let value = InteractionResult(endpoint: plan.endpoint.name, treatment: plan.treatment, adjust: plan.adjust,
                                      ties: plan.settings.ties.rawValue, conf: plan.settings.conf, factors: factors)
        return result(.interaction(value))
    }
}
