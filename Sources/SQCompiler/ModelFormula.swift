import SQSyntax
import SQBackend

/// Expands a model's right-hand side the way R's `terms()` does: `a * b` is
/// `a + b + a:b`, duplicates are dropped, and terms are ordered by degree
/// (main effects, then two-way interactions, ...), stable within a degree.
/// `strata()`, `cluster()`, `frailty()` and `(1 | g)` are pulled out as specials.
extension PlanContext {
    func model(_ terms: [Term], into request: inout DataRequest, endpointColumns: EndpointColumns) throws -> ModelPlan {
        var variables: [ModelVariable] = []
        /// Each term's variables, with the source text it comes from (`a`, `a:b`, the `a * b` that makes `a:b`).
        var products: [(variables: [Int], span: Span)] = []
        var strata: [Int] = []
        var cluster: Int?
        var frailty: FrailtyPlan?

        func variableIndex(_ expr: Expr) throws -> Int {
            let spec = try FactorSpecParsing.factorSpec(of: expr)
            let inner = FactorSpecParsing.unwrapFactor(expr)
            let label = planner.label(inner.span)
            if let existing = variables.firstIndex(where: { $0.label == label }) { return existing }
            let fragment = try lowering.lower(inner)
            var categorical: Bool? = spec != nil ? true : nil
            var reference = spec?.reference
            if case .identifier(let name) = inner.kind, let definition = environment.defines[name], let factor = definition.factor {
                categorical = true
                reference = reference ?? factor.reference
            }
            if categorical == nil {
                switch fragment.type {
                case .integer, .real, .boolean: categorical = false
                case .text: categorical = true
                case .date:
                    throw Diagnostic.error("`\(label)` is a date; a model needs a number or a category", at: expr.span,
                                           hints: ["use a duration such as `years(diagnosis_date, surgery_date)`"])
                case .unknown: categorical = nil
                }
            }
            let kind: ColumnKind = categorical == false ? .real : .text
            let column = request.add(fragment, label: label, kind: kind)
            var variable = ModelVariable(label: label, column: column, categorical: categorical, reference: reference, span: inner.span)
            variable.isDeclaredFactor = spec != nil || environment.defines[label]?.factor != nil
            variables.append(variable)
            return variables.count - 1
        }

        func special(_ expr: Expr) throws -> Bool {
            guard case .call(let name, let arguments) = expr.kind else { return false }
            let function = name.text.lowercased()
            switch function {
            case "strata":
                guard !arguments.isEmpty, arguments.allSatisfy({ $0.label == nil }) else {
                    throw Diagnostic.error("write `strata(column, ...)`", at: expr.span)
                }
                for argument in arguments { strata.append(try group(argument.value, into: &request).column) }
                return true
            case "cluster":
                guard arguments.count == 1, arguments[0].label == nil else {
                    throw Diagnostic.error("write `cluster(id_column)`", at: expr.span)
                }
                guard cluster == nil else { throw Diagnostic.error("a model takes one `cluster(...)`", at: expr.span) }
                cluster = try group(arguments[0].value, into: &request).column
                return true
            case "frailty":
                guard let first = arguments.first, first.label == nil else {
                    throw Diagnostic.error("write `frailty(id_column)` or `frailty(id_column, dist = gaussian)`", at: expr.span)
                }
                let options = try OptionReader(Array(arguments.dropFirst()), allowed: ["dist", "distribution"], statement: "frailty")
                let distribution = try options.word(options.value("dist") != nil ? "dist" : "distribution",
                                                    oneOf: ["gamma", "gaussian"], default: "gamma")
                guard frailty == nil else { throw Diagnostic.error("a model takes one frailty term", at: expr.span) }
                frailty = FrailtyPlan(group: try group(first.value, into: &request).column, distribution: distribution, mixedEffects: false)
                return true
            default:
                return false
            }
        }

        /// How many terms `term` expands to (before duplicates are dropped),
        /// counted without expanding it: a 10-way `*` is 2¹⁰ − 1 = 1023.
        func expandedCount(_ term: Term) -> Double {
            switch term.kind {
            case .atom: return 1
            case .random: return 0
            case .cross(let a, let b):
                let l = expandedCount(a), r = expandedCount(b)
                return l + r + l * r
            case .interact(let a, let b): return expandedCount(a) * expandedCount(b)
            }
        }

        /// The term's products of variables, each with the source text it comes from.
        func expand(_ term: Term) throws -> [(variables: [Int], span: Span)] {
            if case .cross = term.kind {
                let total = expandedCount(term)
                if total > 256 {
                    let shown = total < 1e15 ? String(Int(total)) : String(format: "%.3g", total)
                    throw Diagnostic.error("this formula expands to \(shown) terms; SQ fits at most 256", at: term.span,
                                           hints: ["`a * b` is `a + b + a:b`; write the interactions you need with `:`"])
                }
            }
            switch term.kind {
            case .atom(let expr):
                if try special(expr) { return [] }
                return [([try variableIndex(expr)], term.span)]
            case .cross(let a, let b):
                let left = try expand(a), right = try expand(b)
                try checkSize(left.count + right.count + left.count * right.count, at: term.span)
                return left + right + product(left, right, at: term.span)
            case .interact(let a, let b):
                let left = try expand(a), right = try expand(b)
                try checkSize(left.count * right.count, at: term.span)
                return product(left, right, at: term.span)
            case .random(let effects, let group):
                guard frailty == nil else { throw Diagnostic.error("a model takes one random-effect term", at: term.span) }
                try Self.requireRandomIntercept(effects, group: group, at: term.span)
                frailty = FrailtyPlan(group: try self.group(group, into: &request).column, distribution: "gaussian", mixedEffects: true)
                return []
            }
        }

        /// `a * b * c * ...` doubles the terms with every factor: stop long before
        /// a formula becomes thousands of columns that no cohort could estimate.
        func checkSize(_ count: Int, at span: Span) throws {
            let limit = 256
            guard count <= limit else {
                throw Diagnostic.error("this formula expands to \(count) terms; SQ fits at most \(limit)", at: span,
                                       hints: ["`a * b` is `a + b + a:b`; write the interactions you need with `:`"])
            }
        }

        func product(_ left: [(variables: [Int], span: Span)], _ right: [(variables: [Int], span: Span)],
                     at span: Span) -> [(variables: [Int], span: Span)] {
            left.flatMap { l in right.map { r in (l.variables + r.variables.filter { !l.variables.contains($0) }, span) } }
        }

        for term in terms {
            for candidate in try expand(term) where !products.contains(where: { Set($0.variables) == Set(candidate.variables) }) {
                products.append(candidate)
            }
        }
        let ordered = products.enumerated().sorted { ($0.element.variables.count, $0.offset) < ($1.element.variables.count, $1.offset) }.map(\.element)
        guard !ordered.isEmpty || frailty != nil else {
            throw Diagnostic.error("the model has no covariates", at: terms.first?.span ?? .none,
                                   hints: ["write at least one term after `~`, e.g. `fit cox os ~ age`"])
        }
        let modelTerms = ordered.map { product in
            ModelTerm(label: product.variables.map { variables[$0].label }.joined(separator: ":"), variables: product.variables, span: product.span)
        }
        var used = [endpointColumns.time, endpointColumns.event] + variables.map(\.column) + strata
        if let start = endpointColumns.start { used.append(start) }
        if let cluster { used.append(cluster) }
        if let frailty { used.append(frailty.group) }
        return ModelPlan(variables: variables, terms: modelTerms, strata: strata, cluster: cluster, frailty: frailty,
                         usedColumns: Array(Set(used)).sorted())
    }
}
