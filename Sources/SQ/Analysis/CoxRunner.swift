import Foundation
import SQSyntax
import SQCompiler
import SQSurvival

/// A fitted Cox model with what `check ph` needs to test it later.
struct FittedModel {
    var fit: CoxFit
    var data: CoxData
    var options: CoxOptions
    var termColumns: [[Int]]
    var termLabels: [String]
}

/// `fit cox` and `each`.
extension AnalysisRunner {
    func cox(_ data: CohortData, endpoint: EndpointColumns, model: ModelPlan, settings: ModelSettings) throws -> (CoxResult, FittedModel) {
        if model.frailty != nil {
            // `fit cox` sends random-effect models to randomEffectCox (CoxMixedRunner.swift).
            throw RuntimeError(message: "random-effect terms `(1 | g)` and `frailty(g)` are fitted by `fit cox` alone")
        }
        let rows = try requireCompleteRows(data, used: model.usedColumns)
        let dropped = data.rowCount - rows.count
        let design = try DesignMatrix.build(model, data: data, rows: rows)
        let scaleWarnings = try design.checkScales(model)
        let coxData = CoxData(time: data.numbers(endpoint.time, rows: rows),
                              event: try data.events(endpoint, rows: rows),
                              entry: endpoint.start.map { data.numbers($0, rows: rows) },
                              covariates: design.columns,
                              strata: model.strata.isEmpty ? nil : data.groups(model.strata.map { GroupColumn(label: "", column: $0) }, rows: rows).codes,
                              cluster: model.cluster.map { data.groups([GroupColumn(label: "", column: $0)], rows: rows).codes })
        let options = CoxOptions(ties: settings.ties == "breslow" ? .breslow : .efron, maxIterations: settings.maxIterations,
                                 epsilon: settings.epsilon, conf: settings.conf,
                                 shouldStop: { [weak session] in session?.isCancelled ?? false })
        // The sort and tie groups of the last fit of this endpoint on these rows, when they are the same.
        let skeleton = session.coxSkeleton.flatMap { $0.matches(coxData) ? $0 : nil } ?? CoxRiskSkeleton(coxData)
        session.coxSkeleton = skeleton
        let fit = try CoxModel.fit(coxData, options: options, skeleton: skeleton)
        let labels = model.terms.map(\.label)
        // A warning about a design column (aliased, infinite) points at its term.
        var warnings = fit.warnings.map { warning in
            warning.column.map { Warning("\(columnName(design, labels, $0)): \(warning.message)", at: termSpan(design, model, $0)) }
                ?? Warning(warning.message)
        }
        warnings = design.warnings + scaleWarnings + warnings
        if dropped > 0 { warnings.append(Self.droppedWarning(dropped)) }
        let terms = design.info.indices.map { j -> CoxResult.Term in
            let info = design.info[j]
            let aliased = fit.aliased[j]
            func value(_ x: Double) -> Double? { aliased || !x.isFinite ? nil : x }
            return CoxResult.Term(term: labels[info.term], level: info.level, reference: info.reference,
                                  coefficient: value(fit.coefficients[j]), standardError: value(fit.standardErrors[j]),
                                  naiveStandardError: model.cluster == nil ? nil : value(fit.naiveStandardErrors[j]),
                                  hazardRatio: value(exp(fit.coefficients[j])), lower: value(fit.lower[j]), upper: value(fit.upper[j]),
                                  z: value(fit.zScores[j]), p: value(fit.pValues[j]))
        }
        var tests = CoxResult.Tests(likelihoodRatio: TestResult(fit.likelihoodRatio), wald: TestResult(fit.wald), score: TestResult(fit.score))
        if model.cluster != nil { tests.robustScore = fit.robustScore.map(TestResult.init) }
        let result = CoxResult(endpoint: endpoint.name, n: fit.n, events: fit.events, nDropped: dropped, ties: settings.ties,
                               conf: settings.conf, terms: terms, logLikelihood: [fit.logLikelihoodNull, fit.logLikelihood],
                               tests: tests, concordance: fit.concordance.isFinite ? fit.concordance : nil,
                               concordanceSE: fit.concordanceSE.isFinite ? fit.concordanceSE : nil,
                               iterations: fit.iterations, converged: fit.converged, diagnostics: warnings,
                               strata: model.strata.isEmpty ? nil : model.strata.map { data.request.columns[$0].label },
                               cluster: model.cluster.map { data.request.columns[$0].label }, frailty: nil)
        return (result, FittedModel(fit: fit, data: coxData, options: options, termColumns: design.termColumns, termLabels: labels))
    }

    private func termSpan(_ design: DesignMatrix, _ model: ModelPlan, _ column: Int) -> Span? {
        design.info.indices.contains(column) ? model.terms[design.info[column].term].span : nil
    }

    private func columnName(_ design: DesignMatrix, _ labels: [String], _ column: Int) -> String {
        guard design.info.indices.contains(column) else { return "model" }
        let info = design.info[column]
        return "`\(labels[info.term])`" + (info.level.map { " (\($0))" } ?? "")
    }

    func each(_ data: CohortData, endpoint: EndpointColumns, models: [ModelPlan], settings: ModelSettings) throws -> StatementResult {
        var rows: [EachResult.Row] = []
        var warnings: [Warning] = []
        for model in models {
            let (fit, _) = try cox(data, endpoint: endpoint, model: model, settings: settings)
            warnings += fit.diagnostics.map { $0.prefixed("\(model.terms.first?.label ?? ""): ") }
            for term in fit.terms {
                rows.append(EachResult.Row(term: term, n: fit.n, events: fit.events, nDropped: fit.nDropped,
                                           termP: fit.tests.likelihoodRatio.p))
            }
        }
        return result(.each(EachResult(endpoint: endpoint.name, ties: settings.ties, conf: settings.conf, terms: rows)), warnings: warnings)
    }

    func checkPH(_ name: Name?, at span: Span) throws -> StatementResult {
        let binding: Binding
        var label = name?.text
        if let name {
            guard let found = session.bindings[name.text] else {
                throw Diagnostic.error("no model is kept under `\(name.text)`", at: name.span,
                                       hints: NameSuggestion.hint(for: name.text, in: session.bindingNames))
            }
            binding = found
        } else {
            (binding, label) = try lastSingleModel(at: span)
        }
        if binding.model == nil, case .cox(let cox) = binding.result.value, cox.frailty != nil {
            throw Diagnostic.error("`check ph` tests a plain Cox model; `\(name?.text ?? "it")` has a random effect",
                                   at: name?.span ?? span,
                                   hints: ["check the fixed effects on the model without the random term: `let m0 = fit cox ...`, then `check ph m0`"])
        }
        guard let model = binding.model else {
            throw Diagnostic.error("`\(name?.text ?? "it")` is a \(binding.result.value.kind) result, not a Cox model", at: name?.span ?? span)
        }
        let test = try ProportionalHazardsTest.test(model.fit, data: model.data, terms: model.termColumns, options: model.options)
        let rows = zip(model.termLabels, test.terms).map { label, t in
            ZPHResult.Row(term: label, level: nil, chiSquare: t.statistic, df: t.df, p: t.p)
        }
        let global = ZPHResult.Global(chiSquare: test.global.statistic, df: test.global.df, p: test.global.p)
        return result(.zph(ZPHResult(model: label, terms: rows, global: global)))
    }
}

extension TestResult {
    init(_ statistic: TestStatistic) {
        self.init(statistic: statistic.statistic, df: statistic.df, p: statistic.p)
    }
}
