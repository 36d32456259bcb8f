import SQBackend
import SQSyntax

/// `endpoint os = surv(...)`: how to compute time-to-event columns from a row.
/// Forms (docs/language.md, "endpoint"): `surv(time, event)`, `surv(start, stop, event)` (counting
/// process), `surv(from = date0, to = date1, event = cond, unit = months)`, and
/// the same with `time =`, `start =`, `stop =`, `event =` named.
public struct EndpointDefinition: Sendable {
    public var name: String
    public var time: Expr
    public var event: Expr
    /// Entry time of a counting-process (start, stop] interval.
    public var start: Expr?
    /// The unit times are in; `nil` when the script did not state one.
    public var unit: DurationUnit?
    public var span: Span
    /// The text the endpoint was defined in: its spans point into it (labels, messages).
    public var source: SourceFile?

    public init(name: String, time: Expr, event: Expr, start: Expr?,
                unit: DurationUnit?, span: Span, source: SourceFile? = nil) {
        self.name = name
        self.time = time
        self.event = event
        self.start = start
        self.unit = unit
        self.span = span
        self.source = source
    }

    /// Converts a duration written in the script (`5y`) to this endpoint's unit.
    public func convert(_ value: Double, _ durationUnit: DurationUnit, at span: Span) throws -> Double {
        guard let unit else {
            throw Diagnostic.error("endpoint `\(name)` has no time unit, so `\(DurationText.format(value, durationUnit))` cannot be converted", at: span,
                                   hints: ["state the unit: `endpoint \(name) = surv(..., unit = days)`, or write a plain number"])
        }
        return value * durationUnit.days / unit.days
    }

    /// Reads the arguments of a `surv(...)` call.
    public static func parse(name: Name, value: Expr) throws -> EndpointDefinition {
        guard case .call(let callee, let arguments) = value.kind, callee.text.lowercased() == "surv" else {
            throw Diagnostic.error("an endpoint is defined with `surv(...)`", at: value.span,
                                   hints: ["e.g. `endpoint \(name.text) = surv(os_years, dead)`"])
        }
        var named: [String: Expr] = [:]
        var positional: [Expr] = []
        for argument in arguments {
            if let label = argument.label {
                let key = label.text.lowercased()
                guard ["time", "event", "start", "stop", "from", "to", "unit"].contains(key) else {
                    throw Diagnostic.error("`surv` has no argument `\(label.text)`", at: label.span,
                                           hints: ["`surv` takes time, event, start, stop, from, to and unit; write equality as `==`"])
                }
                guard named[key] == nil else { throw Diagnostic.error("argument `\(key)` given twice", at: label.span) }
                named[key] = argument.value
            } else {
                positional.append(argument.value)
            }
        }
        let unit = try named["unit"].map(parseUnit)
        if let from = named["from"], let to = named["to"] {
            guard positional.isEmpty, named["time"] == nil, named["start"] == nil, named["stop"] == nil else {
                throw Diagnostic.error("a date-based endpoint takes `from`, `to`, `event` and `unit` only", at: value.span)
            }
            guard let event = named["event"] else { throw missing("event", in: value, name: name) }
            let chosen = unit ?? .days
            let span = from.span.merged(with: to.span)
            let days = Expr(.call(name: Name("days", span: span), arguments: [Argument(label: nil, value: from), Argument(label: nil, value: to)]), span: span)
            let time = chosen == .days ? days
                : Expr(.binary(.divide, days, Expr(.number(chosen.days, isInteger: false), span: span)), span: span)
            return EndpointDefinition(name: name.text, time: time, event: event, start: nil, unit: chosen, span: value.span)
        }
        if named["from"] != nil || named["to"] != nil {
            throw Diagnostic.error("a date-based endpoint needs both `from` and `to`", at: value.span)
        }
        var start = named["start"]
        var time = named["time"] ?? named["stop"]
        var event = named["event"]
        switch positional.count {
        case 0: break
        case 2 where time == nil && event == nil: time = positional[0]; event = positional[1]
        case 1 where time != nil && event == nil: event = positional[0]
        case 3 where time == nil && event == nil && start == nil: start = positional[0]; time = positional[1]; event = positional[2]
        default:
            throw Diagnostic.error("`surv` takes (time, event) or (start, stop, event), found \(positional.count) positional arguments", at: value.span)
        }
        if named["stop"] != nil && start == nil { throw missing("start", in: value, name: name) }
        guard let time else { throw missing("time", in: value, name: name) }
        guard let event else { throw missing("event", in: value, name: name) }
        return EndpointDefinition(name: name.text, time: time, event: event, start: start, unit: unit, span: value.span)
    }

    public static func parseUnit(_ expr: Expr) throws -> DurationUnit {
        let text: String
        switch expr.kind {
        case .identifier(let t), .string(let t): text = t.lowercased()
        default: text = ""
        }
        switch text {
        case "d", "day", "days": return .days
        case "w", "week", "weeks": return .weeks
        case "mo", "month", "months": return .months
        case "y", "year", "years": return .years
        default:
            throw Diagnostic.error("unknown time unit", at: expr.span, hints: ["use days, weeks, months or years"])
        }
    }

    private static func missing(_ argument: String, in value: Expr, name: Name) -> Diagnostic {
        Diagnostic.error("`surv` needs `\(argument)`", at: value.span,
                         hints: ["e.g. `endpoint \(name.text) = surv(os_years, dead)` or `surv(start, stop, event)`"])
    }
}

enum DurationText {
    static func format(_ value: Double, _ unit: DurationUnit) -> String {
        let number = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        return number + unit.rawValue
    }
}
