import SQSyntax
import SQCompiler
import SQSurvival

/// `km`, `logrank` and `followup` on fetched data.
extension AnalysisRunner {
    func confidenceType(_ settings: ConfidenceSettings) -> ConfidenceType {
        ConfidenceType(settings.type)
    }

    /// One Kaplan–Meier curve per `by` stratum, in R's stratum order.
    struct StrataCurves {
        var keys: [[Value]]
        var curves: [KaplanMeierCurve]
        var rows: [Int]
        var dropped: Int
        /// Rows of each stratum, as indices into `rows`.
        var members: [[Int]]
    }

    func strataCurves(_ data: FetchedColumns, endpoint: EndpointColumns, by: [GroupColumn],
                      confidence: ConfidenceSettings) throws -> StrataCurves {
        // Rows with a NULL `by` value cannot be placed in a stratum: dropped, like R.
        let (rows, dropped) = try survivalRows(data, endpoint: endpoint, extra: by.map(\.column))
        let time = data.numbers(endpoint.time, rows: rows)
        let event = try data.events(endpoint, rows: rows)
        let entry = endpoint.start.map { data.numbers($0, rows: rows) }
        let (keys, codes) = data.groups(by, rows: rows)
        if keys.count == 1 {
            // One stratum: every row, in order, without gathering copies of the columns.
            let curve = try KaplanMeier.fit(time: time, event: event, entry: entry, conf: confidence.level, confType: confidenceType(confidence))
            return StrataCurves(keys: keys, curves: [curve], rows: rows, dropped: dropped, members: [Array(codes.indices)])
        }
        var members = [[Int]](repeating: [], count: keys.count)
        for (i, code) in codes.enumerated() { members[code].append(i) }
        let curves = try members.map { m in
            try KaplanMeier.fit(time: m.map { time[$0] }, event: m.map { event[$0] }, entry: entry.map { e in m.map { e[$0] } },
                                conf: confidence.level, confType: confidenceType(confidence))
        }
        return StrataCurves(keys: keys, curves: curves, rows: rows, dropped: dropped, members: members)
    }

    func kaplanMeier(_ data: FetchedColumns, endpoint: EndpointColumns, by: [GroupColumn], at: [TimePoint],
                     confidence: ConfidenceSettings) throws -> StatementResult {
        let fitted = try strataCurves(data, endpoint: endpoint, by: by, confidence: confidence)
        // Dropped rows whose group is known count against that stratum.
        var kept = [Bool](repeating: false, count: data.rowCount)
        for row in fitted.rows { kept[row] = true }
        let droppedRows = fitted.dropped == 0 ? [] : (0..<data.rowCount).filter { !kept[$0] }
        var strata: [KaplanMeierResult.Stratum] = []
        for (key, curve) in zip(fitted.keys, fitted.curves) {
            let median = curve.median()
            let points = curve.summary(at: at.map(\.value))
            let droppedHere = droppedRows.filter { row in zip(by, key).allSatisfy { data.value($0.column, row) == $1 } }.count
            strata.append(KaplanMeierResult.Stratum(
                label: FetchedColumns.label(by, key),
                by: NamedValues(zip(by.map(\.label), key).map { ($0, $1) }),
                n: curve.n, events: curve.events, nDropped: droppedHere,
                median: median.estimate, medianLower: median.lower, medianUpper: median.upper,
                at: zip(at, points).map { tp, point in
                    KaplanMeierResult.SurvivalAt(time: tp.value, label: tp.label, nRisk: point.nRisk, survival: point.survival,
                                                 lower: point.lower.isFinite ? point.lower : nil,
                                                 upper: point.upper.isFinite ? point.upper : nil)
                }))
        }
        let value = KaplanMeierResult(endpoint: endpoint.name, unit: endpoint.unit?.name, confType: confidence.type.rawValue,
                                      conf: confidence.level, nDropped: fitted.dropped, strata: strata)
        return result(.km(value), warnings: fitted.dropped > 0 ? [Self.droppedWarning(fitted.dropped)] : [])
    }

    func logRank(_ data: FetchedColumns, endpoint: EndpointColumns, by: [GroupColumn], strata: [GroupColumn]) throws -> StatementResult {
        let (rows, dropped) = try survivalRows(data, endpoint: endpoint, extra: (by + strata).map(\.column))
        let time = data.numbers(endpoint.time, rows: rows)
        let event = try data.events(endpoint, rows: rows)
        // The test keeps a k × k covariance: checked before it is allocated
        // (and before the groups are put in order, which is the slow part).
        let count = data.groupCount(by, rows: rows)
        if count > ResourceLimits.maximumLevels {
            throw ResourceLimits.tooManyGroups(count, by: by, statement: "`logrank`")
        }
        let (keys, codes) = data.groups(by, rows: rows)
        let strataCodes = strata.isEmpty ? nil : data.groups(strata, rows: rows).codes
        let test = try LogRank.test(time: time, event: event, group: codes, strata: strataCodes)
        let groups = keys.enumerated().map { g, key in
            LogRankResult.Group(label: FetchedColumns.label(by, key), n: test.n[g], observed: test.observed[g], expected: test.expected[g])
        }
        let value = LogRankResult(endpoint: endpoint.name, by: by.map(\.label), strata: strata.map(\.label), groups: groups,
                                  chiSquare: test.chiSquare, df: test.df, p: test.p, nDropped: dropped)
        return result(.logrank(value), warnings: dropped > 0 ? [Self.droppedWarning(dropped)] : [])
    }

    func followUp(_ data: FetchedColumns, endpoint: EndpointColumns, confidence: ConfidenceSettings) throws -> StatementResult {
        let (rows, dropped) = try survivalRows(data, endpoint: endpoint, extra: [])
        let time = data.numbers(endpoint.time, rows: rows)
        let event = try data.events(endpoint, rows: rows)
        let median = try FollowUp.reverseKaplanMeier(time: time, event: event, conf: confidence.level, confType: confidenceType(confidence))
        let value = FollowUpResult(endpoint: endpoint.name, unit: endpoint.unit?.name, method: "reverse_km", n: rows.count,
                                   median: median.estimate, lower: median.lower, upper: median.upper, nDropped: dropped)
        return result(.followup(value), warnings: dropped > 0 ? [Self.droppedWarning(dropped)] : [])
    }
}

extension DurationUnit {
    /// The unit's name as written in `unit = ...`.
    var name: String {
        switch self {
        case .days: return "days"
        case .weeks: return "weeks"
        case .months: return "months"
        case .years: return "years"
        }
    }
}
