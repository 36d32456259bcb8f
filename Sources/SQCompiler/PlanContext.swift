import SQSyntax
import SQBackend

/// The per-statement helpers of the planner: endpoints, `by` columns, `at` times.
struct PlanContext {
    let planner: Planner
    let lowering: ExpressionLowering

    var environment: Environment { planner.environment }

    func endpoint(_ name: Name, into request: inout DataRequest) throws -> EndpointColumns {
        guard let definition = environment.endpoints[name.text] else {
            let known = Array(environment.endpoints.keys).sorted()
            var hints = NameSuggestion.hint(for: name.text, in: known)
            if hints.isEmpty {
                hints = known.isEmpty ? ["define one first: `endpoint \(name.text) = surv(time, event)`"]
                                      : ["endpoints: " + known.joined(separator: ", ")]
            }
            throw Diagnostic.error("unknown endpoint `\(name.text)`", at: name.span, hints: hints)
        }
        // An error inside the endpoint's own text is reported at this
        // statement's use of the endpoint, with the endpoint's line as a hint.
        func inEndpoint<T>(_ body: () throws -> T) throws -> T {
            do { return try body() } catch var diagnostic as Diagnostic where diagnostic.span != name.span {
                diagnostic.hints.append(ExpressionLowering.definedHere("endpoint `\(name.text)`", span: definition.span,
                                                                       source: definition.source))
                diagnostic.span = name.span
                throw diagnostic
            }
        }
        let time = try inEndpoint { try lowering.lower(definition.time) }
        let event = try inEndpoint { try lowering.lower(definition.event) }
        try inEndpoint {
            guard event.type != .text else {
                throw Diagnostic.error("the event of endpoint `\(name.text)` is text, not 0/1 or true/false", at: definition.event.span,
                                       hints: ["write the event as a condition, such as `surv(time, \(definition.source.map { Planner.label(definition.event.span, in: $0) } ?? "event") == \"yes\")`"])
            }
            guard time.type != .text, time.type != .date else {
                throw Diagnostic.error("the time of endpoint `\(name.text)` is \(time.type.rawValue), not a number", at: definition.time.span,
                                       hints: time.type == .date ? ["for dates write `surv(from = start_date, to = end_date, event = ..., unit = months)`"] : [])
            }
        }
        // The endpoint's spans point into the text it was defined in, not this statement's.
        func label(_ expr: Expr) -> String {
            definition.source.map { Planner.label(expr.span, in: $0) } ?? definition.name
        }
        let timeIndex = request.add(time, label: label(definition.time), kind: .real)
        let eventIndex = request.add(event, label: label(definition.event), kind: .real)
        var startIndex: Int?
        if let start = definition.start {
            startIndex = request.add(try inEndpoint { try lowering.lower(start) }, label: label(start), kind: .real)
        }
        return EndpointColumns(name: definition.name, time: timeIndex, event: eventIndex, start: startIndex,
                               unit: definition.unit, eventLabel: label(definition.event))
    }

    func group(_ expr: Expr, into request: inout DataRequest) throws -> GroupColumn {
        let fragment = try lowering.lower(expr)
        let kind: ColumnKind = fragment.type.isNumeric ? .real : .text
        return GroupColumn(label: planner.label(expr.span), column: request.add(fragment, label: planner.label(expr.span), kind: kind))
    }

    func timePoint(_ expr: Expr, endpoint name: Name) throws -> TimePoint {
        let written = planner.label(expr.span)
        // `at $t`: the time as given with --param, not the parameter's name.
        let label = written.hasPrefix("$") ? (environment.parameters[String(written.dropFirst())] ?? written) : written
        switch expr.kind {
        case .duration(let value, let unit):
            guard let definition = environment.endpoints[name.text] else {
                throw Diagnostic.error("unknown endpoint `\(name.text)`", at: name.span)
            }
            return TimePoint(value: try definition.convert(value, unit, at: expr.span), label: label)
        case .number(let value, _):
            return TimePoint(value: value, label: label)
        default:
            throw Diagnostic.error("`at` takes times such as `1y, 2y, 5y` or numbers in the endpoint's unit", at: expr.span)
        }
    }
}
