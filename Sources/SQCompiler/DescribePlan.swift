import SQSyntax
import SQBackend

/// `describe a, b, c [by g] [with stats = mean|iqr, tests = true]`: a Table 1.
public struct DescribePlan: Sendable {
    public var variables: [DescribeVariable]
    public var by: GroupColumn?
    public var stats: DescribeStatistics
    public var tests: Bool
}

/// `stats = range | mean | iqr` of `describe`: median [min–max] (the default),
/// mean ± SD, or median [Q1–Q3].
public enum DescribeStatistics: String, OptionChoice, CaseIterable {
    case range, mean, iqr
    public static let spellings: [(word: String, value: DescribeStatistics)] = allCases.map { ($0.rawValue, $0) }
}

/// One row block of a Table 1.
public struct DescribeVariable: Sendable {
    public var label: String
    public var column: Int
    /// true for text, `factor(...)` and comparisons; nil when the data decides
    /// (a number column holding only 0 and 1 is categorical).
    public var categorical: Bool?
}

extension Planner {
    /// The plan of `describe`: each variable fetched as a number when it is one
    /// (also inside `factor(...)`, so its levels read `0.5`, not `0.5` as text
    /// of a REAL), as text otherwise.
    func describePlan(variables: [Expr], by: Expr?, statement: AnalysisStatement,
                      request: inout DataRequest, context: PlanContext) throws -> AnalysisPlan {
        let options = try OptionReader(statement.options, allowed: ["stats", "tests"], statement: "describe")
        let stats = try options.choice("stats", default: DescribeStatistics.range)
        var tests = false
        if let value = options.value("tests") {
            switch value.kind {
            case .boolean(let b): tests = b
            case .number(let n, _): tests = n != 0
            default: throw Diagnostic.error("`tests` is true or false", at: value.span)
            }
        }
        guard !variables.isEmpty else {
            throw Diagnostic.error("`describe` needs at least one column", at: statement.span)
        }
        let described = try variables.map { expr -> DescribeVariable in
            var inner = expr
            var categorical: Bool?
            if try FactorSpecParsing.factorSpec(of: expr) != nil {
                categorical = true
                inner = FactorSpecParsing.unwrapFactor(expr)
            }
            if case .identifier(let name) = inner.kind, let definition = environment.defines[name], definition.factor != nil {
                categorical = true
                inner = FactorSpecParsing.unwrapFactor(definition.expr)
            }
            let fragment = try context.lowering.lower(inner)
            switch fragment.type {
            case .text, .boolean: categorical = true
            case .date:
                throw Diagnostic.error("`describe` summarises numbers and categories; `\(label(expr.span))` is a date", at: expr.span,
                                       hints: ["describe a duration instead, e.g. `years(diagnosis_date, surgery_date)`"])
            default: break
            }
            let kind: ColumnKind = fragment.type.isNumeric ? .real : .text
            return DescribeVariable(label: label(expr.span), column: request.add(fragment, label: label(expr.span), kind: kind),
                                    categorical: categorical)
        }
        let group = try by.map { try context.group($0, into: &request) }
        return AnalysisPlan(request: request, call: .describe(DescribePlan(variables: described, by: group, stats: stats, tests: tests)))
    }
}
