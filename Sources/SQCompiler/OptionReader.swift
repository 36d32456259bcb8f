import SQSyntax

/// Reads `with name = value, ...` options: unknown names are errors with a
/// suggestion, values are checked for type and range where they are read.
public struct OptionReader {
    public let arguments: [Argument]

    public init(_ arguments: [Argument], allowed: [String], statement: String) throws {
        for argument in arguments {
            guard let label = argument.label else {
                throw Diagnostic.error("options after `with` are written `name = value`", at: argument.span)
            }
            guard allowed.contains(label.text.lowercased()) else {
                let hint = NameSuggestion.hint(for: label.text, in: allowed)
                throw Diagnostic.error("`\(statement)` has no option `\(label.text)`", at: label.span,
                                       hints: hint.isEmpty ? ["options: " + allowed.joined(separator: ", ")] : hint)
            }
        }
        self.arguments = arguments
    }

    public func value(_ name: String) -> Expr? {
        arguments.last { $0.label?.text.lowercased() == name }?.value
    }

    /// A word option: an identifier, a string, or `a-b` (so `log-log` reads as written).
    public func word(_ name: String, oneOf choices: [String], default fallback: String) throws -> String {
        guard let expr = value(name) else { return fallback }
        guard let text = Self.word(expr), choices.contains(text) else {
            throw Diagnostic.error("`\(name)` must be one of \(choices.joined(separator: ", "))", at: expr.span)
        }
        return text
    }

    static func word(_ expr: Expr) -> String? {
        switch expr.kind {
        case .identifier(let text), .string(let text): return text.lowercased()
        case .binary(.subtract, let lhs, let rhs):
            guard let a = word(lhs), let b = word(rhs) else { return nil }
            return "\(a)-\(b)"
        default: return nil
        }
    }

    public func number(_ name: String, default fallback: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let expr = value(name) else { return fallback }
        var result: Double?
        switch expr.kind {
        case .number(let n, _): result = n
        case .unary(.negate, let inner): if case .number(let n, _) = inner.kind { result = -n }
        default: break
        }
        guard let number = result, range.contains(number) else {
            throw Diagnostic.error("`\(name)` must be a number between \(range.lowerBound) and \(range.upperBound)", at: expr.span)
        }
        return number
    }

    /// A whole-number option (`iter = 0.5` is an error, not 0 iterations).
    public func wholeNumber(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let expr = value(name) else { return fallback }
        guard let (number, _) = WholeNumber.literal(expr), let whole = WholeNumber.int(number, in: range) else {
            throw Diagnostic.error("`\(name)` must be a whole number from \(WholeNumber.describe(range))", at: expr.span)
        }
        return whole
    }

    public func confidence(defaultLevel: Double, defaultType: ConfidenceScale = .log) throws -> ConfidenceSettings {
        ConfidenceSettings(level: try number("conf", default: defaultLevel, in: 0.5...0.9999),
                           type: try choice("conf_type", default: defaultType))
    }

    func plotStyle() throws -> PlotStyle {
        var bands = false
        if let value = value("ci") {
            switch value.kind {
            case .boolean(let b): bands = b
            case .number(let n, _): bands = n != 0
            default: throw Diagnostic.error("`ci` is true or false", at: value.span)
            }
        }
        return PlotStyle(confidenceBands: bands, width: try number("width", default: 720, in: 300...6000),
                         height: try number("height", default: 520, in: 240...6000), fontSize: nil)
    }

    /// `name = true|false` (or 1/0); false when absent.
    public func flag(_ name: String) throws -> Bool {
        guard let value = value(name) else { return false }
        switch value.kind {
        case .boolean(let b): return b
        case .number(let n, _) where n == 0 || n == 1: return n == 1
        default: throw Diagnostic.error("`\(name)` is true or false", at: value.span)
        }
    }

    public func modelSettings(defaultLevel: Double) throws -> ModelSettings {
        ModelSettings(ties: try choice("ties", default: TieMethod.efron),
                      conf: try number("conf", default: defaultLevel, in: 0.5...0.9999),
                      maxIterations: try wholeNumber("iter", default: 20, in: 0...1000),
                      epsilon: try number("eps", default: 1e-9, in: 1e-15...1e-2),
                      variance: value("variance") == nil ? nil : try number("variance", default: 0, in: 1e-8...1e4),
                      theta: value("theta") == nil ? nil : try number("theta", default: 0, in: 1e-8...1e4),
                      concordance: value("concordance") == nil ? nil : try flag("concordance"))
    }
}
