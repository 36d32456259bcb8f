import Foundation
import SQSyntax
import SQCompiler
import SQSurvival

/// A fitted Cox model with what `check ph` needs to test it later. The fit
/// is kept (coefficients, variance, linear predictor), the design matrix is
/// not — rows × columns doubles, 80 MB for ten columns at 1M rows, for every
/// `let` — so `check ph` fetches the model's rows again with the same request
/// and rebuilds the same design, refusing when it differs from the one fitted.
/// A model fitted from the database's sums (`CoxPushdown`) keeps no `CoxFit`:
/// `check ph` fetches its rows and fits them then.
struct FittedModel {
    /// nil for a fit from sums.
    var fit: CoxFit?
    var options: CoxOptions
    var termColumns: [[Int]]
    var termLabels: [String]
    /// The request, endpoint and model the fit was made from: `modelData` rebuilds its `CoxData`.
    var request: DataRequest
    var endpoint: EndpointColumns
    var model: ModelPlan
    /// `CoxDataDigest` of the data fitted (nil for a fit from sums, which never held them).
    var digest: UInt64?
}

/// The numbers a Cox model was fitted on, folded into 64 bits (FNV-1a's
/// xor-and-multiply, a 64-bit pattern at a time), so a refetch can be checked
/// against the data fitted without keeping that data. Each column is folded in
/// four interleaved lanes (values 4k, 4k+1, … each into its own hash, then the
/// lanes into the total): the lanes' multiplies do not wait for each other.
enum CoxDataDigest {
    /// `cache`: the last call's columns with their lanes, so columns shared
    /// with the last fit (the session's stored columns) are not read again.
    static func of(_ data: CoxData, cache: Cache) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bits: UInt64) { h = (h ^ bits) &* prime }
        func mix(_ lanes: [UInt64]) { for lane in lanes { mix(lane) } }
        let doubles = [data.time, data.entry ?? []] + data.covariates
        let folded = cache.lanes(of: doubles)
        mix(UInt64(data.time.count)); mix(folded[0])
        mix(UInt64(data.event.count)); mix(lanes(data.event) { $0 ? 1 : 0 })
        mix(UInt64(data.entry?.count ?? 0)); mix(folded[1])
        mix(UInt64(data.covariates.count))
        for (j, column) in data.covariates.enumerated() { mix(UInt64(column.count)); mix(folded[2 + j]) }
        for codes in [data.strata, data.cluster] {
            mix(UInt64(codes?.count ?? 0))
            mix(lanes(codes ?? []) { UInt64(bitPattern: Int64($0)) })
        }
        return h
    }

    /// The last digest's number columns and their lanes. A column is found by
    /// equality (immediate for shared storage); holding it keeps its storage
    /// from being freed and reused while it is here.
    final class Cache: @unchecked Sendable {
        private var kept: [(column: [Double], lanes: [UInt64])] = []
        private let lock = NSLock()

        func lanes(of columns: [[Double]]) -> [[UInt64]] {
            lock.lock()
            defer { lock.unlock() }
            let found = columns.map { column in
                (column, kept.first { $0.column == column }?.lanes ?? CoxDataDigest.lanes(column, \.bitPattern))
            }
            kept = found.map { (column: $0.0, lanes: $0.1) }
            return found.map(\.1)
        }
    }

    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// FNV-1a of values 4k + l, for each lane l.
    static func lanes<T>(_ values: [T], _ bits: (T) -> UInt64) -> [UInt64] {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b = a, c = a, d = a
        let n = values.count, whole = n - n % 4
        var i = 0
        while i < whole {
            a = (a ^ bits(values[i])) &* prime
            b = (b ^ bits(values[i + 1])) &* prime
            c = (c ^ bits(values[i + 2])) &* prime
            d = (d ^ bits(values[i + 3])) &* prime
            i += 4
        }
        while i < n { a = (a ^ bits(values[i])) &* prime; i += 1 }
        return [a, b, c, d]
    }
}

/// `fit cox` and `each`.
extension AnalysisRunner {
    func cox(_ data: FetchedColumns, endpoint: EndpointColumns, model: ModelPlan, settings: ModelSettings) throws -> (CoxResult, FittedModel) {
        if model.frailty != nil {
            // `fit cox` sends random-effect models to randomEffectCox (CoxMixedRunner.swift).
            throw RuntimeError(message: "random-effect terms `(1 | g)` and `frailty(g)` are fitted by `fit cox` alone")
        }
        let (coxData, design, dropped) = try coxInput(data, endpoint: endpoint, model: model)
        let scaleWarnings = try design.checkScales(model)
        var options = CoxOptions(ties: Ties(settings.ties), maxIterations: settings.maxIterations,
                                 epsilon: settings.epsilon, conf: settings.conf,
                                 shouldStop: { [weak session] in session?.isCancelled ?? false })
        options.computesConcordance = settings.concordance ?? true
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
        var tests = CoxResult.Tests(likelihoodRatio: fit.likelihoodRatio, wald: fit.wald, score: fit.score)
        if model.cluster != nil { tests.robustScore = fit.robustScore }
        let result = CoxResult(endpoint: endpoint.name, n: fit.n, events: fit.events, nDropped: dropped, ties: settings.ties.rawValue,
                               conf: settings.conf, terms: terms, logLikelihood: [fit.logLikelihoodNull, fit.logLikelihood],
                               tests: tests, concordance: fit.concordance.isFinite ? fit.concordance : nil,
                               concordanceSE: fit.concordanceSE.isFinite ? fit.concordanceSE : nil,
                               iterations: fit.iterations, converged: fit.converged, diagnostics: warnings,
                               strata: model.strata.isEmpty ? nil : model.strata.map { data.request.columns[$0].label },
                               cluster: model.cluster.map { data.request.columns[$0].label }, frailty: nil)
        let fitted = FittedModel(fit: fit, options: options, termColumns: design.termColumns, termLabels: labels,
                                 request: data.request, endpoint: endpoint, model: model,
                                 digest: CoxDataDigest.of(coxData, cache: session.coxDigests))
        return (result, fitted)
    }

    /// The model's complete rows as the engine's input, its design, and how many rows were dropped.
    func coxInput(_ data: FetchedColumns, endpoint: EndpointColumns, model: ModelPlan) throws -> (CoxData, DesignMatrix, dropped: Int) {
        let rows = try requireCompleteRows(data, used: model.usedColumns)
        let design = try DesignMatrix.build(model, data: data, rows: rows)
        let coxData = CoxData(time: data.numbers(endpoint.time, rows: rows),
                              event: try data.events(endpoint, rows: rows),
                              entry: endpoint.start.map { data.numbers($0, rows: rows) },
                              covariates: design.columns,
                              strata: model.strata.isEmpty ? nil : data.groups(model.strata.map { GroupColumn(label: "", column: $0) }, rows: rows).codes,
                              cluster: model.cluster.map { data.groups([GroupColumn(label: "", column: $0)], rows: rows).codes })
        return (coxData, design, data.rowCount - rows.count)
    }

    /// The data a kept model was fitted on, fetched again (see `FittedModel`).
    func modelData(_ fitted: FittedModel, name: String, at span: Span) throws -> CoxData {
        let columns = try session.columnCache.columns(for: fitted.request, backend: session.backend)
        var data = FetchedColumns(request: fitted.request, columns: columns)
        data.declaredLevels = session.declaredLevels(for: fitted.request)
        let changed = Diagnostic.error("the rows \(name) was fitted on have changed since (a table was replaced or rows were written)",
                                       at: span, hints: ["fit the model again, then `check ph`"])
        let coxData: CoxData
        do { (coxData, _, _) = try coxInput(data, endpoint: fitted.endpoint, model: fitted.model) } catch { throw changed }
        if let digest = fitted.digest, CoxDataDigest.of(coxData, cache: session.coxDigests) != digest { throw changed }
        return coxData
    }

    /// A model fitted from the database's sums, fitted again on its rows for
    /// `check ph` (the same rows give the same fit); a different number of
    /// rows or events means the data changed since.
    private func refit(_ data: CoxData, binding: KeptResult, name: Name?, at span: Span) throws -> CoxFit {
        guard var options = binding.model?.options else { throw RuntimeError(message: "no Cox model to fit") }
        options.shouldStop = { [weak session] in session?.isCancelled ?? false }
        let fit = try CoxModel.fit(data, options: options)
        if case .cox(let kept) = binding.result.value, kept.n != fit.n || kept.events != fit.events {
            throw Diagnostic.error("the rows \(name.map { "`\($0.text)`" } ?? "the last Cox model") was fitted on have changed since (a table was replaced or rows were written)",
                                   at: name?.span ?? span, hints: ["fit the model again, then `check ph`"])
        }
        return fit
    }

    private func termSpan(_ design: DesignMatrix, _ model: ModelPlan, _ column: Int) -> Span? {
        design.info.indices.contains(column) ? model.terms[design.info[column].term].span : nil
    }

    private func columnName(_ design: DesignMatrix, _ labels: [String], _ column: Int) -> String {
        guard design.info.indices.contains(column) else { return "model" }
        let info = design.info[column]
        return "`\(labels[info.term])`" + (info.level.map { " (\($0))" } ?? "")
    }

    func each(_ data: FetchedColumns, endpoint: EndpointColumns, models: [ModelPlan], settings: ModelSettings) throws -> StatementResult {
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
        return result(.each(EachResult(endpoint: endpoint.name, ties: settings.ties.rawValue, conf: settings.conf, terms: rows)), warnings: warnings)
    }

    func checkPH(_ name: Name?, at span: Span) throws -> StatementResult {
        let binding: KeptResult
        var label = name?.text
        if let name {
            guard let found = session.kept[name.text] else {
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
        let data = try modelData(model, name: name.map { "`\($0.text)`" } ?? "the last Cox model", at: name?.span ?? span)
        let test = try ProportionalHazardsTest.test(try model.fit ?? refit(data, binding: binding, name: name, at: span),
                                                    data: data, terms: model.termColumns, options: model.options)
        let rows = zip(model.termLabels, test.terms).map { label, t in
            ZPHResult.Row(term: label, level: nil, chiSquare: t.statistic, df: t.df, p: t.p)
        }
        let global = ZPHResult.Global(chiSquare: test.global.statistic, df: test.global.df, p: test.global.p)
        return result(.zph(ZPHResult(model: label, terms: rows, global: global)))
    }
}
