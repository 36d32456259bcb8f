import Foundation
import SQBackend
import SQCompiler
import SQSurvival
import SQPostgres

/// `fit cox` on PostgreSQL without fetching the rows: the Newton–Raphson
/// iteration runs over sums the database computes with β bound, one row per
/// iteration (`PostgresCoxNewton`, after R survival's coxfit6), and the result
/// is assembled as the row path assembles it (`CoxRunner.swift`): coefficients,
/// standard errors, hazard ratios and intervals, the likelihood-ratio, Wald
/// and score tests, the dropped-rows warning and, when asked (`with
/// concordance = true`), Harrell's C.
///
/// The design (numbers, factors, interactions) is written in SQL by
/// `CoxPushdownDesign`. What crosses the network: a row of counts per
/// partition (rows, complete rows, events, and what the row path refuses),
/// each factor's distinct values with their rows, the counts again with each
/// design column's sum and size, the covariates' means, and at each iteration
/// the log-likelihood, score and information. The concordance needs the time,
/// event, stratum and linear predictor (computed in SQL with β and the
/// centres bound) grouped with their number of rows — about a row per patient
/// — so it is computed only when asked, with a note otherwise.
///
/// Models not fitted from sums are fitted from their rows, with a note saying
/// so and why (`unsupported`): `cluster()`, frailty and random effects,
/// (start, stop] data, date-valued terms; and data the row path would refuse
/// or report on (an empty cohort, an event not 0/1, a negative or infinite
/// time or covariate, collinear covariates), so its message is the row path's own.
struct CoxPushdown {
    let backend: PostgresBackend
    let request: DataRequest
    let endpoint: EndpointColumns
    let model: ModelPlan
    let settings: ModelSettings

    enum Outcome {
        /// The result, what `check ph` needs, and the notes the statement shows (the concordance skipped).
        case fitted(CoxResult, FittedModel, notes: [Warning])
        /// Fit from the rows instead, for this reason.
        case fetchRows(String)
    }

    /// Why the model is fitted from its rows, or nil when sums suffice.
    static func unsupported(_ model: ModelPlan, endpoint: EndpointColumns, request: DataRequest) -> String? {
        if model.frailty != nil { return "a frailty or random effect needs every row" }
        if model.cluster != nil { return "`cluster()`'s robust variance needs every row's score residuals" }
        if endpoint.start != nil { return "(start, stop] data need every row" }
        if request.limit != nil { return "a limited cohort is read as rows" }
        if model.terms.isEmpty { return "the model has no terms" }
        for variable in model.variables {
            let selection = request.columns[variable.column]
            guard selection.fragment.type != .date else { return "the date `\(variable.label)` is read from rows" }
            if selection.kind == .real, variable.categorical != true, selection.fragment.type == .text {
                return "`\(variable.label)` is text read as numbers"
            }
        }
        return nil
    }

    func run(session: Session) throws -> Outcome {
        if let reason = Self.unsupported(model, endpoint: endpoint, request: request) { return .fetchRows(reason) }
        guard settings.conf > 0, settings.conf < 1, settings.maxIterations >= 0 else { return .fetchRows("the settings are checked on rows") }
        var sql = try CoxPushdownSQL(backend: backend, request: request, endpoint: endpoint, model: model)
        // The counts first: an empty cohort or a bad event is the row path's error, before any factor is read.
        let checked = try CoxPushdownCounts.fetch(sql, on: backend.connection)
        if let reason = checked.rowsNeeded { return .fetchRows(reason) }
        let design: CoxPushdownDesign
        switch try CoxPushdownDesign.build(model, sql: &sql, on: backend.connection, declaredLevels: session.declaredLevels(for: request)) {
        case .built(let built): design = built
        case .fetchRows(let reason): return .fetchRows(reason)
        }
        let counts = try CoxPushdownCounts.fetch(sql, on: backend.connection)
        if let reason = counts.rowsNeeded { return .fetchRows(reason) }
        if session.isCancelled { throw SurvivalError.cancelled }

        // R's centring of the linear predictor: the mean, but 0 for a column of
        // 0, 1 and −1 only (coxph's `nocenter`); the sums are centred there too.
        let p = sql.covariates.count
        let centres = (0..<p).map { counts.indicatorLike[$0] ? 0 : counts.sums[$0] / Double(counts.complete) }
        let pushed = try PostgresCoxNewton.fit(sql.source, covariates: sql.covariates, centers: centres, efron: settings.ties == .efron,
                                               maxIterations: settings.maxIterations, epsilon: settings.epsilon,
                                               on: backend.connection)
        guard pushed.coefficients.allSatisfy(\.isFinite), pushed.variance.allSatisfy(\.isFinite),
              pushed.information.count == p * p else {
            return .fetchRows("the information matrix is singular (collinear or constant covariates); rows say which columns are aliased")
        }
        if session.isCancelled { throw SurvivalError.cancelled }

        var concordance: (result: ConcordanceResult, largest: Double)?
        var notes: [Warning] = []
        if settings.concordance == true {
            concordance = try self.concordance(sql, beta: pushed.coefficients, centres: centres)
        } else if settings.concordance == nil {
            notes.append(Warning("the concordance was not computed: it would fetch every row's time, event and linear predictor"
                                 + " from PostgreSQL; `with concordance = true` computes it", severity: .note))
        }
        if session.isCancelled { throw SurvivalError.cancelled }
        // The largest linear predictor, for the warning of a fit that did not converge.
        let largest = try concordance?.largest
            ?? (pushed.converged ? 0 : try CoxPushdownCounts.largestPredictor(sql, beta: pushed.coefficients, centres: centres, on: backend.connection))
        return .fitted(result(pushed, design: design, counts: counts, concordance: concordance?.result, largestPredictor: largest),
                       fitted(design), notes: notes)
    }

    /// Harrell's C over the grouped (stratum, time, event, linear predictor)
    /// rows, each repeated its count of times: the same rows as the row path's,
    /// in another order, which the concordance does not depend on.
    private func concordance(_ sql: CoxPushdownSQL, beta: [Double], centres: [Double]) throws -> (result: ConcordanceResult, largest: Double) {
        let statement = sql.predictorQuery(beta: beta, centres: centres)
        let k = sql.source.strata.count
        let kinds = Array(repeating: PostgresColumnKind.text, count: k) + Array(repeating: .real, count: 4)
        let columns = try backend.connection.fetchColumns(statement, kinds: kinds, settings: PostgresPushdown.aggregateSettings)
        func reals(_ column: PostgresColumn) -> [Double] {
            if case .real(let values, _) = column { return values }
            return []
        }
        let counts = reals(columns[k + 3]).map { Int($0.rounded()) }
        var time: [Double] = [], event: [Bool] = [], predictor: [Double] = [], strata: [Int] = []
        let total = counts.reduce(0, +)
        time.reserveCapacity(total); event.reserveCapacity(total); predictor.reserveCapacity(total)
        let times = reals(columns[k]), events = reals(columns[k + 1]), predictors = reals(columns[k + 2])
        var codes: [[String?]: Int] = [:]
        for (i, n) in counts.enumerated() {
            time.append(contentsOf: repeatElement(times[i], count: n))
            event.append(contentsOf: repeatElement(events[i] == 1, count: n))
            predictor.append(contentsOf: repeatElement(predictors[i], count: n))
            if k > 0 {
                let key = columns[..<k].map { column -> String? in
                    if case .text(let values) = column { return values[i] }
                    return nil
                }
                let code = codes[key] ?? codes.count
                codes[key] = code
                strata.append(contentsOf: repeatElement(code, count: n))
            }
        }
        let result = Concordance.compute(time: time, event: event, predictor: predictor, strata: k > 0 ? strata : nil)
        return (result, predictor.max() ?? 0)
    }

    /// The `CoxResult` the row path gives (`AnalysisRunner.cox`), from the sums' fit.
    private func result(_ pushed: PostgresCoxFit, design: CoxPushdownDesign, counts: CoxPushdownCounts,
                        concordance: ConcordanceResult?, largestPredictor: Double) -> CoxResult {
        let p = pushed.coefficients.count
        let beta = pushed.coefficients
        let z = Normal.quantile(1 - (1 - settings.conf) / 2)
        let terms = design.columns.indices.map { j -> CoxResult.Term in
            let se = pushed.standardErrors[j], column = design.columns[j]
            func value(_ x: Double) -> Double? { x.isFinite ? x : nil }
            return CoxResult.Term(term: model.terms[column.term].label, level: column.level, reference: column.reference,
                                  coefficient: value(beta[j]), standardError: value(se),
                                  hazardRatio: value(exp(beta[j])), lower: value(exp(beta[j] - z * se)), upper: value(exp(beta[j] + z * se)),
                                  z: value(beta[j] / se), p: value(Normal.twoSidedP(beta[j] / se)))
        }
        // coxph.wtest: βᵀ V⁻¹ β, with V⁻¹ the information at the estimate.
        var wald = 0.0
        for i in 0..<p { for j in 0..<p { wald += beta[i] * pushed.information[i * p + j] * beta[j] } }
        let tests = CoxResult.Tests(likelihoodRatio: TestStatistic(statistic: 2 * (pushed.logLikelihood - pushed.logLikelihoodNull), df: p),
                                    wald: TestStatistic(statistic: wald, df: p),
                                    score: TestStatistic(statistic: pushed.scoreTest, df: p))
        var warnings = design.warnings + scaleWarnings(design, counts) + fitWarnings(pushed, design: design, largestPredictor: largestPredictor)
        let dropped = counts.rows - counts.complete
        if dropped > 0 { warnings.append(AnalysisRunner.droppedWarning(dropped)) }
        return CoxResult(endpoint: endpoint.name, n: counts.complete, events: counts.events, nDropped: dropped, ties: settings.ties.rawValue,
                         conf: settings.conf, terms: terms, logLikelihood: [pushed.logLikelihoodNull, pushed.logLikelihood],
                         tests: tests, concordance: concordance.flatMap { $0.concordance.isFinite ? $0.concordance : nil },
                         concordanceSE: concordance.flatMap { $0.standardError.isFinite ? $0.standardError : nil },
                         iterations: pushed.iterations, converged: pushed.converged, diagnostics: warnings,
                         strata: model.strata.isEmpty ? nil : model.strata.map { request.columns[$0].label },
                         cluster: nil, frailty: nil)
    }

    /// `DesignMatrix.checkScales`'s warning, from each covariate's largest size.
    private func scaleWarnings(_ design: CoxPushdownDesign, _ counts: CoxPushdownCounts) -> [Warning] {
        design.columns.indices.compactMap { j in
            let term = model.terms[design.columns[j].term], largest = counts.largest[j]
            guard design.columns[j].level == nil, largest > 0 else { return nil }
            let exponent = Int(log10(largest).rounded(.down))
            guard exponent >= 8 || exponent <= -8 else { return nil }
            return Warning("`\(term.label)` has values of size 1e\(exponent): its hazard ratio per unit prints as 1.00;"
                           + " rescale it, such as `\(term.label) \(exponent > 0 ? "/" : "*") 1e\(abs(exponent))`, for a readable HR",
                           at: term.span)
        }
    }

    /// coxph.fit's diagnostics as `CoxModel.checkWarnings` words them: no
    /// convergence, and a coefficient whose |U V| is still large against β.
    private func fitWarnings(_ pushed: PostgresCoxFit, design: CoxPushdownDesign, largestPredictor: Double) -> [Warning] {
        let p = pushed.coefficients.count
        guard settings.maxIterations > 1 else { return [] }
        let infs = (0..<p).map { j in abs((0..<p).reduce(0.0) { $0 + pushed.score[$1] * pushed.variance[$1 * p + j] }) }
        if !pushed.converged {
            var warnings = [Warning("Ran out of iterations (\(settings.maxIterations)) and did not converge; the last values are shown (raise `iter`)")]
            if largestPredictor > 500 || infs.contains(where: { !$0.isFinite }) {
                warnings.append(Warning("one or more coefficients may be infinite"))
            }
            return warnings
        }
        let tolerance = settings.epsilon.squareRoot()
        return (0..<p).compactMap { j in
            let b = abs(pushed.coefficients[j])
            let infinite = infs[j] > settings.epsilon && infs[j] > tolerance * b
            guard !pushed.score[j].isFinite || !infs[j].isFinite || infinite else { return nil }
            let column = design.columns[j], term = model.terms[column.term]
            return Warning("`\(term.label)`" + (column.level.map { " (\($0))" } ?? "")
                           + ": Loglik converged before variable \(j + 1); coefficient may be infinite", at: term.span)
        }
    }

    /// What `check ph` needs: the request and model, to fetch the rows and fit them then.
    private func fitted(_ design: CoxPushdownDesign) -> FittedModel {
        FittedModel(fit: nil, options: CoxOptions(ties: Ties(settings.ties), maxIterations: settings.maxIterations,
                                                  epsilon: settings.epsilon, conf: settings.conf),
                    termColumns: design.termColumns, termLabels: model.terms.map(\.label),
                    request: request, endpoint: endpoint, model: model, digest: nil)
    }
}
