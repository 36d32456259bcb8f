import SQCompiler

/// `each os ~ a, b, c with multivariable = true`: a paper's "Table 2" — each
/// term's univariable model (on the rows that term is known for) and the
/// model of all the terms (on the rows all are known for), in one result.
extension AnalysisRunner {
    func screen(_ data: FetchedColumns, endpoint: EndpointColumns, models: [ModelPlan], joint: ModelPlan,
                settings: ModelSettings) throws -> StatementResult {
        let univariable = try each(data, endpoint: endpoint, models: models, settings: settings)
        guard case .each(var table) = univariable.value else { return univariable }
        let (fit, _) = try cox(data, endpoint: endpoint, model: joint, settings: settings)
        // The multivariable model keeps its own warnings; the statement shows them after the univariable ones.
        table.multivariable = fit
        return result(.each(table), warnings: univariable.statementWarnings)
    }
}
