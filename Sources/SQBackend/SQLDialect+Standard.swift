import Foundation

/// Standard SQL, shared by SQLite and PostgreSQL: what a dialect writes unless
/// it says otherwise. Every SQL keyword the compiler's output contains is
/// written here or in an engine's own dialect.
extension SQLDialect {
    /// Standard SQL's double quotes, a quote inside doubled.
    public func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public var null: SQLFragment { SQLFragment(sql: "NULL") }

    public func boolean(_ value: Bool) -> SQLFragment {
        SQLFragment(sql: value ? "TRUE" : "FALSE", type: .boolean)
    }

    public func date(_ value: SQLFragment) -> SQLFragment {
        SQLFragment("CAST(\(value) AS DATE)", type: .date)
    }

    public func castToReal(_ value: SQLFragment) -> SQLFragment {
        SQLFragment("CAST(\(value) AS DOUBLE PRECISION)", type: .real)
    }

    public func realDivision(_ lhs: SQLFragment, _ rhs: SQLFragment) -> SQLFragment {
        SQLFragment("(\(castToReal(lhs)) / \(rhs))", type: .real)
    }

    public func symbol(_ op: SQLOperator) -> String {
        switch op {
        case .add: return "+"
        case .subtract: return "-"
        case .multiply: return "*"
        case .equal: return "="
        case .notEqual: return "<>"
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .and: return "AND"
        case .or: return "OR"
        }
    }

    public func truth(_ value: SQLFragment) -> SQLFragment { value }

    public func not(_ value: SQLFragment) -> SQLFragment {
        SQLFragment("(NOT \(value))", type: .boolean)
    }

    public func isNull(_ value: SQLFragment, negated: Bool) -> SQLFragment {
        SQLFragment("(\(value) IS \(sql: negated ? "NOT " : "")NULL)", type: .boolean)
    }

    public func inList(_ value: SQLFragment, _ items: [SQLFragment], negated: Bool) -> SQLFragment {
        SQLFragment("(\(value) \(sql: negated ? "NOT " : "")IN (\(items, separator: ", ")))", type: .boolean)
    }

    public func between(_ value: SQLFragment, _ low: SQLFragment, _ high: SQLFragment, negated: Bool) -> SQLFragment {
        SQLFragment("(\(value) \(sql: negated ? "NOT " : "")BETWEEN \(low) AND \(high))", type: .boolean)
    }

    public func conditional(_ condition: SQLFragment, then: SQLFragment, else otherwise: SQLFragment) -> SQLFragment {
        SQLFragment("(CASE WHEN \(condition) THEN \(then) ELSE \(otherwise) END)")
    }

    public func call(_ name: String, _ arguments: [SQLFragment]) -> SQLFragment {
        SQLFragment("\(sql: name)(\(arguments, separator: ", "))")
    }

    public func logarithm(_ value: SQLFragment, base: LogarithmBase) -> SQLFragment {
        switch base {
        case .natural: return call("ln", [value])
        case .ten: return call("log10", [value])
        case .two: return SQLFragment("(\(call("ln", [value])) / \(call("ln", [SQLFragment(sql: "2")])))", type: .real)
        }
    }

    public func scalarMinimum(_ values: [SQLFragment]) -> SQLFragment { call("least", values) }
    public func scalarMaximum(_ values: [SQLFragment]) -> SQLFragment { call("greatest", values) }
    public func coalesce(_ values: [SQLFragment]) -> SQLFragment { call("coalesce", values) }

    public func select(_ columns: [SQLFragment], from: SQLFragment, where filter: SQLFragment?, limit: Int?) -> SQLFragment {
        var select: SQLFragment = "SELECT \(columns, separator: ", ") FROM \(from)"
        if let filter { select.append(" WHERE \(filter)") }
        if let limit { select.append(" LIMIT \(sql: String(limit))") }
        return select
    }

    public func alias(_ value: SQLFragment, as name: String) -> SQLFragment {
        "\(value) AS \(identifier: name)"
    }

    public func subquery(_ select: SQLFragment, alias: String?) -> SQLFragment {
        guard let alias else { return "(\(select))" }
        return "(\(select)) AS \(identifier: alias)"
    }

    public func join(_ base: SQLFragment, _ other: SQLFragment, using keys: [String]) -> SQLFragment {
        "\(base) JOIN \(other) USING (\(keys.map { SQLFragment.identifier($0) }, separator: ", "))"
    }

    public func ordering(_ value: SQLFragment, descending: Bool) -> SQLFragment {
        "\(value)\(sql: descending ? " DESC" : " ASC")"
    }

    public func rowNumber(partitionBy key: SQLFragment, orderBy: [SQLFragment]) -> SQLFragment {
        guard !orderBy.isEmpty else { return "row_number() OVER (PARTITION BY \(key))" }
        return "row_number() OVER (PARTITION BY \(key) ORDER BY \(orderBy, separator: ", "))"
    }

    public func rowCount(of relation: SQLFragment) -> SQLFragment {
        "SELECT count(*) FROM \(relation)"
    }
}
