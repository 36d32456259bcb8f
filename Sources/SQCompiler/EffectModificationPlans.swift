import SQSyntax
import SQBackend

/// `cutpoint os ~ x [by g [adjust ~ ...]]`: a scan of the splits `x > c`.
public struct CutpointPlan: Sendable {
    public var endpoint: EndpointColumns
    /// The continuous variable (a number per row).
    public var variable: GroupColumn
    public var variableSpan: Span
    /// `by g`: the two-level treatment whose interaction with `x > c` is scanned
    /// (seed 000); nil for maxstat's log-rank scan.
    public var treatment: ModelPlan?
    public var treatmentSpan: Span?
    /// `adjust ~ age + sex`: further terms of every scanned model, planned as
    /// `treatment + age + sex` (term 0, the treatment, is not an adjustment column).
    public var adjust: ModelPlan?
    /// maxstat's minprop / maxprop, and the quantiles bounding the interaction scan.
    public var minprop: Double
    public var maxprop: Double
    public var settings: ModelSettings
    /// Every request column the scan reads (rows with a NULL in any are dropped).
    public var usedColumns: [Int]
}

/// `interaction os ~ g * (a, b) [adjust ~ ...]`: per modifier, the model with
/// the interaction and the one without it, on the same rows.
public struct InteractionPlan: Sendable {
    public struct Modifier: Sendable {
        public var label: String
        public var full: ModelPlan
        public var reduced: ModelPlan
        /// Indices into `full.terms` of the interaction terms (those not in `reduced`).
        public var interactionTerms: [Int]
    }
    public var endpoint: EndpointColumns
    public var treatment: String
    public var adjust: [String]
    public var modifiers: [Modifier]
    public var settings: ModelSettings
}

/// `subgroups os ~ g by a * b` (crossed) or `by a, b` (one block per factor).
public struct SubgroupsPlan: Sendable {
    public var endpoint: EndpointColumns
    public var treatment: ModelPlan
    public var treatmentSpan: Span
    public var factors: [GroupColumn]
    public var crossed: Bool
    /// Block layout: per factor, `g * factor` for its p for interaction.
    public var interactions: [InteractionPlan.Modifier]
    public var settings: ModelSettings
    public var usedColumns: [Int]
}

extension PlanContext {
    /// A treatment or group: one variable coded as a factor (its first level, or
    /// `factor(g, ref = "x")`'s, is the reference).
    func treatment(_ expr: Expr, into request: inout DataRequest, endpoint: EndpointColumns) throws -> ModelPlan {
        var plan = try model([Term(.atom(expr), span: expr.span)], into: &request, endpointColumns: endpoint)
        guard plan.variables.count == 1, plan.terms.count == 1, plan.strata.isEmpty, plan.cluster == nil, plan.frailty == nil else {
            throw Diagnostic.error("the treatment is one column or expression, such as `systemic` or `factor(arm)`", at: expr.span)
        }
        plan.variables[0].categorical = true
        return plan
    }

    /// The model `g * m + adjust` and `g + m + adjust`, and which terms are the interaction.
    func interactionModels(_ group: Expr, _ modifier: Expr, adjust: [Term], into request: inout DataRequest,
                           endpoint: EndpointColumns, factors: Bool) throws -> InteractionPlan.Modifier {
        let g = Term(.atom(group), span: group.span), m = Term(.atom(modifier), span: modifier.span)
        var full = try model([Term(.cross(g, m), span: group.span.merged(with: modifier.span))] + adjust,
                             into: &request, endpointColumns: endpoint)
        var reduced = try model([g, m] + adjust, into: &request, endpointColumns: endpoint)
        // Subgroups compare the treatment's two arms within each level of the factor.
        if factors, full.variables.count >= 2, reduced.variables.count >= 2 {
            for v in 0..<2 { full.variables[v].categorical = true; reduced.variables[v].categorical = true }
        }
        let kept = Set(reduced.terms.map(\.label))
        let interaction = full.terms.indices.filter { !kept.contains(full.terms[$0].label) }
        guard !interaction.isEmpty else {
            throw Diagnostic.error("`\(planner.label(modifier.span))` and the treatment are the same variable: there is no interaction to test",
                                   at: modifier.span)
        }
        return InteractionPlan.Modifier(label: planner.label(FactorSpecParsing.unwrapFactor(modifier).span),
                                        full: full, reduced: reduced, interactionTerms: interaction)
    }

    func cutpoint(_ endpointName: Name, variable: Expr, by: Expr?, adjust: [Term], options arguments: [Argument],
                  into request: inout DataRequest) throws -> CutpointPlan {
        let options = try OptionReader(arguments, allowed: ["minprop", "maxprop", "ties", "conf", "iter", "eps"], statement: "cutpoint")
        let endpoint = try self.endpoint(endpointName, into: &request)
        let fragment = try lowering.lower(variable)
        guard fragment.type != .text, fragment.type != .date else {
            throw Diagnostic.error("`cutpoint` needs a number to split; `\(planner.label(variable.span))` is \(fragment.type.rawValue)",
                                   at: variable.span, hints: ["for a category, compare its groups with `logrank` or `fit cox`"])
        }
        let label = planner.label(variable.span)
        let column = GroupColumn(label: label, column: request.add(fragment, label: label, kind: .real))
        if by == nil, !adjust.isEmpty {
            throw Diagnostic.error("`adjust` belongs to the interaction scan: add `by <treatment>`", at: adjust[0].span,
                                   hints: ["`cutpoint os ~ x by treatment adjust ~ age + sex`"])
        }
        let treatment = try by.map { try self.treatment($0, into: &request, endpoint: endpoint) }
        // Planned with the treatment as its first term, so that `adjust ~ strata(center)`
        // alone is a model; the runner drops that term's columns.
        let adjusted = try by.flatMap { by in
            adjust.isEmpty ? nil : try model([Term(.atom(by), span: by.span)] + adjust, into: &request, endpointColumns: endpoint)
        }
        if let adjusted, adjusted.frailty != nil || adjusted.cluster != nil {
            throw Diagnostic.error("`adjust` takes covariates and `strata(...)`, not frailty or cluster terms", at: adjust[0].span)
        }
        let minprop = try options.number("minprop", default: 0.1, in: 0...0.5)
        let maxprop = try options.number("maxprop", default: 0.9, in: 0.5...1)
        guard minprop < maxprop else {
            throw Diagnostic.error("`minprop` must be below `maxprop`", at: options.value("minprop")?.span ?? variable.span)
        }
        var used = [endpoint.time, endpoint.event, column.column]
        if let start = endpoint.start { used.append(start) }
        used += (treatment?.usedColumns ?? []) + (adjusted?.usedColumns ?? [])
        return CutpointPlan(endpoint: endpoint, variable: column, variableSpan: variable.span, treatment: treatment,
                            treatmentSpan: by?.span, adjust: adjusted, minprop: minprop, maxprop: maxprop,
                            settings: try options.modelSettings(defaultLevel: planner.confidenceLevel),
                            usedColumns: Array(Set(used)).sorted())
    }

    func interaction(_ endpointName: Name, group: Expr, modifiers: [Expr], adjust: [Term], options arguments: [Argument],
                     into request: inout DataRequest) throws -> InteractionPlan {
        let options = try OptionReader(arguments, allowed: ["ties", "conf", "iter", "eps"], statement: "interaction")
        let endpoint = try self.endpoint(endpointName, into: &request)
        let plans = try modifiers.map {
            try interactionModels(group, $0, adjust: adjust, into: &request, endpoint: endpoint, factors: false)
        }
        return InteractionPlan(endpoint: endpoint, treatment: planner.label(FactorSpecParsing.unwrapFactor(group).span),
                               adjust: adjust.map { planner.label($0.span) }, modifiers: plans,
                               settings: try options.modelSettings(defaultLevel: planner.confidenceLevel))
    }

    func subgroups(_ endpointName: Name, treatment expr: Expr, by: [Expr], crossed: Bool, options arguments: [Argument],
                   into request: inout DataRequest) throws -> SubgroupsPlan {
        let options = try OptionReader(arguments, allowed: ["ties", "conf", "iter", "eps"], statement: "subgroups")
        let endpoint = try self.endpoint(endpointName, into: &request)
        let treatment = try self.treatment(expr, into: &request, endpoint: endpoint)
        let factors = try by.map { expr -> GroupColumn in
            var factor = try group(FactorSpecParsing.unwrapFactor(expr), into: &request)
            // `by a * (age > 60)`: the parentheses only group, they are not part of the name.
            if factor.label.hasPrefix("("), factor.label.hasSuffix(")") { factor.label = String(factor.label.dropFirst().dropLast()) }
            return factor
        }
        if crossed, factors.count > 6 {
            throw Diagnostic.error("`subgroups` crosses at most 6 factors", at: by[6].span)
        }
        var used = [endpoint.time, endpoint.event] + treatment.usedColumns + factors.map(\.column)
        if let start = endpoint.start { used.append(start) }
        // Each block's p for interaction comes from the same rows as its subgroups.
        let interactions = crossed ? [] : try by.map { factor -> InteractionPlan.Modifier in
            var models = try interactionModels(expr, factor, adjust: [], into: &request, endpoint: endpoint, factors: true)
            models.full.usedColumns = Array(Set(models.full.usedColumns + used)).sorted()
            models.reduced.usedColumns = Array(Set(models.reduced.usedColumns + used)).sorted()
            return models
        }
        return SubgroupsPlan(endpoint: endpoint, treatment: treatment, treatmentSpan: expr.span, factors: factors,
                             crossed: crossed, interactions: interactions,
                             settings: try options.modelSettings(defaultLevel: planner.confidenceLevel),
                             usedColumns: Array(Set(used)).sorted())
    }
}
