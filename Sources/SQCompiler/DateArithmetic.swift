import SQSyntax
import SQBackend

/// What arithmetic and comparison mean for dates. SQLite keeps a date as the
/// text `YYYY-MM-DD`, so `pm_date + 30` would silently be the year plus 30 and
/// `pm_date > 1989` true for every row; SQ gives dates their own rules
/// (docs/language.md, "Dates"):
///
/// - `date - date` is the number of days between them (as `days(b, a)`);
/// - `date ± duration` (`pm_date + 30d`, `- 6mo`, `+ 1y`) is a date, with
///   SQ's duration lengths (1mo = 365.25/12 days, 1y = 365.25 days);
/// - a date compares with a date or a `YYYY-MM-DD` string;
/// - anything else between a date and a number is an error at the operator.
struct DateArithmetic {
    let dialect: any SQLDialect

    /// `date ± days`, a date again.
    func shift(_ date: SQLFragment, by days: Double, subtract: Bool) -> SQLFragment {
        let day: SQLFragment = "\(dialect.dayNumber(date)) \(sql: subtract ? "-" : "+") \(bind: .real(days))"
        return SQLFragment(dialect.dateFromDayNumber(day), type: .date, depth: date.depth + 2)
    }

    /// The SQL for `a op b` when either side is a date, nil when neither is
    /// (or when the operator means the same for dates: comparisons, `and`, `or`).
    func lower(_ op: BinaryOperator, _ a: SQLFragment, _ lhs: Expr, _ b: SQLFragment, _ rhs: Expr,
               at opSpan: Span) throws -> SQLFragment? {
        guard a.type == .date || b.type == .date else { return nil }
        let (dateExpr, other) = a.type == .date ? (lhs, b) : (rhs, a)
        let dateName = Self.describe(dateExpr)
        let between = "`days(a, b)`, `months(a, b)` and `years(a, b)` give the time from date a to date b"
        switch op {
        case .subtract where a.type == .date && b.type == .date:
            return SQLFragment("\(dialect.dayNumber(a)) - \(dialect.dayNumber(b))", type: .real,
                               precedence: SQLPrecedence.additive, depth: max(a.depth, b.depth) + 2)
        case .add, .subtract:
            if other.type == .date {
                throw Diagnostic.error("two dates cannot be added", at: opSpan, hints: [between])
            }
            let verb = op == .add ? "plus" : "minus"
            throw Diagnostic.error("\(dateName) is a date: a date \(verb) a number has no unit, so SQ does not guess one",
                                   at: opSpan,
                                   hints: ["to move a date, \(op == .add ? "add" : "subtract") a duration: `\(Self.spelled(dateExpr)) \(op == .add ? "+" : "-") 30d` (or 6mo, 1y)",
                                           between])
        case .multiply, .divide:
            throw Diagnostic.error("\(dateName) is a date and cannot be \(op == .multiply ? "multiplied" : "divided")",
                                   at: opSpan, hints: [between])
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            try checkComparable(a, lhs, b, rhs, at: opSpan)
            return nil
        case .and, .or:
            return nil
        }
    }

    /// A date compares only with a date or a `YYYY-MM-DD` string.
    func checkComparable(_ a: SQLFragment, _ lhs: Expr, _ b: SQLFragment, _ rhs: Expr, at span: Span) throws {
        guard a.type == .date || b.type == .date else { return }
        let (dateExpr, otherExpr, other) = a.type == .date ? (lhs, rhs, b) : (rhs, lhs, a)
        let hint = "compare with a date: `\(Self.spelled(dateExpr)) > date(\"1989-01-01\")`"
        if other.type.isNumeric {
            throw Diagnostic.error("\(Self.describe(dateExpr)) is a date and \(Self.describe(otherExpr)) is a number: they never compare as meant",
                                   at: span, hints: [hint])
        }
        if case .string(let text) = otherExpr.kind, !DateLiteral.isISODate(text) {
            throw Diagnostic.error("\(Self.describe(dateExpr)) is a date and \"\(text)\" is not a date in the form YYYY-MM-DD",
                                   at: otherExpr.span, hints: [hint])
        }
    }

    /// How an operand is named in a message.
    static func describe(_ expr: Expr) -> String {
        switch expr.kind {
        case .identifier(let name): return "`\(name)`"
        case .number(let value, let isInteger):
            return isInteger && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .call(let name, _): return "`\(name.text)(...)`"
        default: return "this value"
        }
    }

    /// The operand as the user might write it in a hint.
    static func spelled(_ expr: Expr) -> String {
        if case .identifier(let name) = expr.kind { return name }
        return "date_column"
    }
}
