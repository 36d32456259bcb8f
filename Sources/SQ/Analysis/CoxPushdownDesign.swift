import SQBackend
import SQCompiler
import SQPostgres

/// The design of a Cox model fitted from the database's sums, written in SQL:
/// a number is its expression, a factor is a 0/1 `CASE` per level but the
/// reference (R's treatment contrasts, as `ModelFrame`). A factor's levels
/// come from one pushed `GROUP BY` over the complete rows — each distinct
/// value with its number of rows — and are ordered, merged ("1.0" and 1) and
/// checked by `ModelFrame.variable` exactly as on fetched rows.
struct CoxPushdownDesign {
    struct Column {
        var term: Int
        var level: String?
        var reference: String?
    }

    var columns: [Column] = []
    /// Design columns of each term.
    var termColumns: [[Int]] = []
    /// `ModelFrame`'s warnings about how a variable was read, in variable order.
    var warnings: [Warning] = []

    enum Outcome {
        case built(CoxPushdownDesign)
        case fetchRows(String)
    }

    static func build(_ model: ModelPlan, sql: inout CoxPushdownSQL, on connection: PostgresConnection,
                      declaredLevels: [Int: [String]]) throws -> Outcome {
        var design = CoxPushdownDesign()
        var variableWarnings: [Int: Warning] = [:]
        for (t, term) in model.terms.enumerated() {
            let index = term.variables[0]
            let variable = model.variables[index]
            let selection = sql.request.columns[variable.column]
            if variable.categorical != true, selection.kind == .real {
                design.termColumns.append([design.columns.count])
                design.columns.append(Column(term: t))
                sql.covariates.append(sql.number(variable.column))
                continue
            }
            let (distinct, counts) = try values(of: variable.column, kind: selection.kind, sql: &sql, on: connection)
            let m = counts.count
            var data = FetchedColumns(request: sql.request, columns: sql.request.columns.indices.map {
                $0 == variable.column ? distinct : .text(Array(repeating: nil, count: m))
            })
            data.declaredLevels = declaredLevels
            let coded = try ModelFrame.variable(variable, data: data, rows: Array(0..<m))
            guard let levels = coded.levels else {
                return .fetchRows("`\(term.label)` is text that reads as numbers")
            }
            if !variable.isDeclaredFactor {
                // The warning weighs each value by its rows, as on the rows themselves.
                let (raw, codes) = data.levels(of: variable.column, rows: Array(0..<m))
                var rowCodes: [Int] = []
                for (i, code) in codes.enumerated() { rowCodes.append(contentsOf: repeatElement(code, count: counts[i])) }
                variableWarnings[index] = ModelFrame.mostlyNumbers(variable.label, raw: raw, codes: rowCodes).map { Warning($0, at: variable.span) }
            }
            var indices: [Int] = []
            for level in levels.indices where level != coded.reference {
                let matching = (0..<m).filter { coded.values[$0] == Double(level) }
                indices.append(design.columns.count)
                design.columns.append(Column(term: t, level: levels[level], reference: levels[coded.reference]))
                sql.covariates.append(indicator(variable.column, kind: selection.kind, values: matching.map { data.value(variable.column, $0) }, sql: &sql))
            }
            design.termColumns.append(indices)
        }
        design.warnings = variableWarnings.keys.sorted().compactMap { variableWarnings[$0] }
        return .built(design)
    }

    /// Each distinct value of the column over the complete rows, and its number of rows.
    private static func values(of column: Int, kind: ColumnKind, sql: inout CoxPushdownSQL,
                               on connection: PostgresConnection) throws -> (FetchedColumn, [Int]) {
        let fetched = try connection.fetchColumns(sql.distinctQuery(column), kinds: [kind == .real ? .real : .text, .real])
        var counts: [Int] = []
        if case .real(let values, _) = fetched[1] { counts = values.map { Int($0.rounded()) } }
        switch fetched[0] {
        case .real(let values, let nulls): return (.real(values: values, isNull: nulls), counts)
        case .text(let values): return (.text(values), counts)
        }
    }

    /// 1 where the column holds one of `values` (the raw values of one level), else 0.
    private static func indicator(_ column: Int, kind: ColumnKind, values: [Value], sql: inout CoxPushdownSQL) -> String {
        let x = sql.expression(column)
        let items = values.map { value -> String in
            if kind == .real, let d = value.doubleValue { return sql.bind(.real(d)) + "::float8" }
            return sql.bind(.text(value.description))
        }
        let operand = kind == .real ? "(\(x))::float8" : "(\(x))::text"
        return "(CASE WHEN \(operand) IN (\(items.joined(separator: ", "))) THEN 1 ELSE 0 END)"
    }
}
