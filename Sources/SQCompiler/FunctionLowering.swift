import SQSyntax
import SQBackend

/// The functions of expressions (docs/language.md, "Expressions and dates"), each lowered through the dialect.
/// `log` is the natural logarithm (as in R and Stata), not SQLite's base-10 `log`.
struct FunctionLowering {
    let expressions: ExpressionLowering

    static let names = ["abs", "coalesce", "date", "days", "exp", "if", "log", "log10", "log2",
                        "max", "min", "months", "round", "sqrt", "years", "factor", "hozo_mean", "hozo_sd", "se_from_ci"]

    func lower(name: Name, arguments: [Argument], span: Span) throws -> SQLFragment {
        let function = name.text.lowercased()
        if function == "factor" {
            // Outside a define or a model term, factor() only marks a column categorical.
            let inner = try expressions.lower(FactorSpecParsing.unwrapFactor(Expr(.call(name: name, arguments: arguments), span: span)))
            return SQLFragment(inner, type: .text)
        }
        if let labelled = arguments.first(where: { $0.label != nil }), let label = labelled.label {
            throw Diagnostic.error("`\(name.text)` takes no argument named `\(label.text)`", at: label.span,
                                   hints: ["inside a call, `=` names an argument; write equality as `==`"])
        }
        let values = try arguments.map { try expressions.lower($0.value) }
        let dialect = expressions.dialect
        func arity(_ range: ClosedRange<Int>) throws {
            guard range.contains(values.count) else {
                let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
                throw Diagnostic.error("`\(function)` takes \(expected) argument\(range.upperBound == 1 ? "" : "s"), found \(values.count)", at: span)
            }
        }
        func call(_ sqlName: String, type: ValueType) -> SQLFragment {
            SQLFragment(dialect.call(sqlName, values), type: type)
        }
        // A date is text in SQLite: `abs(pm_date)` would be the year, `min(pm_date, 0)`
        // would compare text with a number. Only `coalesce` and `if` may carry a date,
        // and then only with other dates.
        if ["abs", "exp", "sqrt", "log", "log10", "log2", "round", "min", "max"].contains(function),
           let argument = zip(values, arguments).first(where: { $0.0.type == .date })?.1,
           function != "min" && function != "max" || values.contains(where: { $0.type.isNumeric }) {
            throw Diagnostic.error("`\(function)` takes numbers, and this is a date", at: argument.value.span,
                                   hints: ["`days(a, b)`, `months(a, b)` and `years(a, b)` turn two dates into a number"])
        }
        if function == "coalesce" || function == "if" {
            let carried = function == "if" ? Array(values.dropFirst()) : values
            if carried.contains(where: { $0.type == .date }), let number = zip(carried, function == "if" ? Array(arguments.dropFirst()) : arguments)
                .first(where: { $0.0.type.isNumeric }) {
                throw Diagnostic.error("`\(function)` mixes a date with a number here", at: number.1.value.span,
                                       hints: ["give a date instead, such as `date(\"2024-12-31\")`"])
            }
        }
        switch function {
        case "abs": try arity(1...1); return call("abs", type: values[0].type == .integer ? .integer : .real)
        case "exp": try arity(1...1); return call("exp", type: .real)
        case "sqrt": try arity(1...1); return call("sqrt", type: .real)
        case "log": try arity(1...1); return SQLFragment(dialect.logarithm(values[0], base: .natural), type: .real)
        case "log10": try arity(1...1); return SQLFragment(dialect.logarithm(values[0], base: .ten), type: .real)
        case "log2": try arity(1...1); return SQLFragment(dialect.logarithm(values[0], base: .two), type: .real)
        case "round": try arity(1...2); return call("round", type: .real)
        case "min", "max":
            try arity(2...64)
            let extreme = function == "min" ? dialect.scalarMinimum(values) : dialect.scalarMaximum(values)
            if values.allSatisfy({ $0.type == .date }) { return SQLFragment(extreme, type: .date) }
            return SQLFragment(extreme, type: values.allSatisfy { $0.type == .integer } ? .integer : .real)
        case "coalesce":
            try arity(1...64)
            return SQLFragment(dialect.coalesce(values), type: values.first { $0.type != .unknown }?.type ?? .unknown)
        case "if":
            try arity(3...3)
            return SQLFragment(dialect.conditional(dialect.truth(values[0]), then: values[1], else: values[2]),
                               type: values[1].type == .unknown ? values[2].type : values[1].type)
        case "date":
            try arity(1...1)
            if case .string(let text) = arguments[0].value.kind, !DateLiteral.isISODate(text) {
                throw Diagnostic.error("`\(text)` is not a date in the form YYYY-MM-DD", at: arguments[0].value.span)
            }
            return SQLFragment(dialect.date(values[0]), type: .date)
        case "days", "months", "years":
            try arity(2...2)
            for (value, argument) in zip(values, arguments) where value.type.isNumeric {
                throw Diagnostic.error("`\(function)` takes two dates, and this is a number", at: argument.value.span,
                                       hints: ["`\(function)(from, to)` is the time from one date to another, as in `\(function)(pm_date, death_date)`"])
            }
            for argument in arguments {
                if case .string(let text) = argument.value.kind, !DateLiteral.isISODate(text) {
                    throw Diagnostic.error("`\(text)` is not a date in the form YYYY-MM-DD", at: argument.value.span)
                }
            }
            let days: SQLFragment = "(\(dialect.dayNumber(values[1])) - \(dialect.dayNumber(values[0])))"
            let divisor = function == "days" ? 1.0 : function == "months" ? DurationUnit.months.days : DurationUnit.years.days
            return SQLFragment(function == "days" ? days : "(\(days) / \(sql: "\(divisor)"))", type: .real)
        case "hozo_mean":
            // Hozo, Djulbegovic & Hozo 2005: mean ≈ (min + 2·median + max) / 4; arguments (median, min, max).
            try arity(3...3)
            let (m, a, b) = (values[0], values[1], values[2])
            return SQLFragment("((\(dialect.castToReal(a)) + 2 * \(m) + \(b)) / 4)", type: .real)
        case "hozo_sd":
            // SD² ≈ ((min − 2·median + max)²/4 + (max − min)²) / 12; arguments (median, min, max).
            try arity(3...3)
            let (m, a, b) = (values[0], values[1], values[2])
            let variance: SQLFragment = "((\(dialect.castToReal(a)) - 2 * \(m) + \(b)) * (\(a) - 2 * \(m) + \(b)) / 4 + (\(dialect.castToReal(b)) - \(a)) * (\(b) - \(a))) / 12"
            return SQLFragment(dialect.call("sqrt", [variance]), type: .real)
        case "se_from_ci":
            // (upper − lower) / (2 × 1.959964): the SE behind a 95% CI; arguments (lower, upper).
            try arity(2...2)
            return SQLFragment("((\(dialect.castToReal(values[1])) - \(values[0])) / 3.919927969080108)", type: .real)
        default:
            // The script's own functions (and the prelude's) are candidates too.
            let defined = expressions.environment.functions.values.map(\.name)
            throw Diagnostic.error("unknown function `\(name.text)`", at: name.span,
                                   hints: NameSuggestion.hint(for: name.text, in: Self.names + defined))
        }
    }
}

enum DateLiteral {
    /// `YYYY-MM-DD` with a plausible month and day.
    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}

/// `factor(x, ref = "LMS")`: a categorical variable with a chosen reference level.
public enum FactorSpecParsing {
    /// The factor spec when `expr` is a `factor(...)` call.
    public static func factorSpec(of expr: Expr) throws -> FactorSpec? {
        guard case .call(let name, let arguments) = expr.kind, name.text.lowercased() == "factor" else { return nil }
        guard arguments.first?.label == nil, arguments.count <= 2 else {
            throw Diagnostic.error("write `factor(column)` or `factor(column, ref = \"level\")`", at: expr.span)
        }
        guard arguments.count == 2 else { return FactorSpec(reference: nil) }
        let refArgument = arguments[1]
        guard refArgument.label?.text.lowercased() == "ref" else {
            throw Diagnostic.error("the second argument of `factor` is `ref = \"level\"`", at: refArgument.span)
        }
        switch refArgument.value.kind {
        case .string(let text): return FactorSpec(reference: text)
        case .number(let value, let isInteger):
            return FactorSpec(reference: isInteger ? (Int64(exactly: value).map(String.init) ?? String(value)) : String(value))
        case .identifier(let text): return FactorSpec(reference: text)
        default: throw Diagnostic.error("`ref` must be a level, such as \"LMS\"", at: refArgument.value.span)
        }
    }

    /// The expression inside `factor(...)`, or `expr` itself.
    public static func unwrapFactor(_ expr: Expr) -> Expr {
        if case .call(let name, let arguments) = expr.kind, name.text.lowercased() == "factor", let first = arguments.first {
            return first.value
        }
        return expr
    }
}
