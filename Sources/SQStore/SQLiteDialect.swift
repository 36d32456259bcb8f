import SQBackend

/// SQLite's spelling where it differs from standard SQL: `?` placeholders,
/// booleans as 1 and 0, `CAST(... AS REAL)`, the scalar `min`/`max`, dates as
/// ISO text read through `julianday` and `date` (sqlite.org/lang_datefunc.html),
/// and the math functions `ln`, `log10`, `log2` (sqlite.org/lang_mathfunc.html;
/// SQLite's one-argument `log` is base 10).
public struct SQLiteDialect: SQLDialect {
    public init() {}

    public func placeholder(_ position: Int) -> String { "?" }

    /// SQLite has no boolean type: true is the integer 1, bound like any value.
    public func boolean(_ value: Bool) -> SQLFragment {
        .bound(.integer(value ? 1 : 0), type: .boolean)
    }

    public func castToReal(_ value: SQLFragment) -> SQLFragment {
        SQLFragment("CAST(\(value) AS REAL)", type: .real)
    }

    public func logarithm(_ value: SQLFragment, base: LogarithmBase) -> SQLFragment {
        switch base {
        case .natural: return call("ln", [value])
        case .ten: return call("log10", [value])
        case .two: return call("log2", [value])
        }
    }

    /// SQLite's `min` and `max` with two or more arguments are the scalar functions.
    public func scalarMinimum(_ values: [SQLFragment]) -> SQLFragment { call("min", values) }
    public func scalarMaximum(_ values: [SQLFragment]) -> SQLFragment { call("max", values) }

    public func date(_ value: SQLFragment) -> SQLFragment { call("date", [value]) }
    public func dayNumber(_ date: SQLFragment) -> SQLFragment { call("julianday", [date]) }
    public func dateFromDayNumber(_ day: SQLFragment) -> SQLFragment { call("date", [day]) }
}
