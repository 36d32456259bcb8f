import SQBackend

/// PostgreSQL's spelling where it differs from standard SQL
/// (postgresql.org/docs/15/functions.html):
///
/// - placeholders `$1, $2, …`, numbered as the statement is rendered; the
///   connection sends each integer or real argument typed (int8, float8), so a
///   parameter inside `CASE` or `coalesce` has a type;
/// - booleans as the untyped literals `'1'` and `'0'`: PostgreSQL reads an
///   untyped literal as the type its context asks for, so `dead = true` compares
///   an integer column with 1 (as SQLite, where true is 1) and `where true` is a
///   boolean, where `TRUE` would be refused next to an integer;
/// - a number used as a condition (`where flag`) is compared with zero, as
///   SQLite reads it, where PostgreSQL would refuse a non-boolean;
/// - a subquery in FROM always has an alias (PostgreSQL 15 requires one);
/// - `least`/`greatest` skip NULLs in PostgreSQL, SQ's scalar `min`/`max` do not;
/// - `round` on `numeric` (PostgreSQL's `round(double precision)` rounds half to
///   even, SQLite's half away from zero, as numeric's does);
/// - dates: a `date` (or ISO text, cast to one) counts days from 1970-01-01,
///   and a day number goes back to a date by its whole days, as SQLite's
///   `date(julianday)` keeps the day a fractional shift lands in.
public struct PostgresDialect: SQLDialect {
    public init() {}

    public func placeholder(_ position: Int) -> String { "$\(position)" }

    public func boolean(_ value: Bool) -> SQLFragment {
        SQLFragment(sql: value ? "'1'" : "'0'", type: .boolean)
    }

    /// `where flag` on an integer column means `flag <> 0` (SQLite's reading; NULL stays NULL, so the row is left out on both).
    public func truth(_ value: SQLFragment) -> SQLFragment {
        guard value.type == .integer || value.type == .real else { return value }
        return SQLFragment("(\(value) <> 0)", type: .boolean)
    }

    public func subquery(_ select: SQLFragment, alias: String?) -> SQLFragment {
        "(\(select)) AS \(identifier: alias ?? "sq_subquery")"
    }

    public func scalarMinimum(_ values: [SQLFragment]) -> SQLFragment { nullIfAnyNull(values, call("least", values)) }
    public func scalarMaximum(_ values: [SQLFragment]) -> SQLFragment { nullIfAnyNull(values, call("greatest", values)) }

    /// A bound value that is not NULL needs no test (and an untyped parameter
    /// alone in `$n IS NULL` would have no type for PostgreSQL to infer).
    private func nullIfAnyNull(_ values: [SQLFragment], _ extreme: SQLFragment) -> SQLFragment {
        let anyNull = values.filter { value in
            if value.pieces.count == 1, case .argument(let bound) = value.pieces[0], bound != .null { return false }
            return true
        }.map { isNull($0, negated: false) }
        guard !anyNull.isEmpty else { return extreme }
        return SQLFragment("(CASE WHEN \(anyNull, separator: " OR ") THEN NULL ELSE \(extreme) END)")
    }

    public func call(_ name: String, _ arguments: [SQLFragment]) -> SQLFragment {
        guard name == "round", let value = arguments.first else {
            return SQLFragment("\(sql: name)(\(arguments, separator: ", "))")
        }
        let digits: [SQLFragment] = arguments.count > 1 ? ["CAST(\(arguments[1]) AS INTEGER)"] : []
        return SQLFragment("CAST(round(\([SQLFragment("CAST(\(value) AS NUMERIC)")] + digits, separator: ", ")) AS DOUBLE PRECISION)",
                           type: .real)
    }

    public func date(_ value: SQLFragment) -> SQLFragment {
        SQLFragment("CAST(\(value) AS DATE)", type: .date)
    }

    public func dayNumber(_ date: SQLFragment) -> SQLFragment {
        SQLFragment("(CAST(\(date) AS DATE) - DATE '1970-01-01')", type: .integer)
    }

    public func dateFromDayNumber(_ day: SQLFragment) -> SQLFragment {
        SQLFragment("(DATE '1970-01-01' + CAST(floor(\(day)) AS INTEGER))", type: .date)
    }
}
