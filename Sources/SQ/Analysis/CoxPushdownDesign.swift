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

    /// A variable's coding: one SQL column (a number), or one per level kept.
    private typealias Coding = [(level: String?, reference: String?, sql: String)]

    static func build(_ model: ModelPlan, sql: inout CoxPushdownSQL, on connection: PostgresConnection,
                      declaredLevels: [Int: [String]]) throws -> Outcome {
        var design = CoxPushdownDesign()
        var factors: [Int: FactorValues] = [:]
        var variableWarnings: [Int: Warning] = [:]
        let termSets = model.terms.map { Set($0.variables) }
        for (t, term) in model.terms.enumerated() {
            var codings: [Coding] = []
            for index in term.variables {
                let variable = model.variables[index]
                let selection = sql.request.columns[variable.column]
                if variable.categorical != true, selection.kind == .real {
                    codings.append([(nil, nil, sql.number(variable.column))])
                    continue
                }
                if factors[index] == nil {
                    guard let read = try FactorValues.read(variable, sql: &sql, on: connection, declaredLevels: declaredLevels) else {
                        return .fetchRows("`\(variable.label)` is text that reads as numbers")
                    }
                    factors[index] = read
                    variableWarnings[index] = read.warning
                }
                guard let factor = factors[index] else { continue }
                // R's rule (ModelFrame.usesContrasts): treatment contrasts when the term's margin is in the model.
                let margin = Set(term.variables).subtracting([index])
                let contrasts = margin.isEmpty || termSets.contains(margin)
                let levels = factor.coded.levels ?? [], reference = factor.coded.reference
                codings.append(levels.indices.filter { !contrasts || $0 != reference }.map { level in
                    (levels[level], contrasts ? levels[reference] : nil,
                     indicator(variable.column, kind: selection.kind, values: factor.values(ofLevel: level), sql: &sql))
                })
            }
            // The product of the codings, the first variable varying fastest (model.matrix's order, as ModelFrame.columns).
            var product: [(levels: [String], references: [String], sql: String?)] = [([], [], nil)]
            for coding in codings {
                var next: [(levels: [String], references: [String], sql: String?)] = []
                for column in coding {
                    for partial in product {
                        next.append((partial.levels + (column.level.map { [$0] } ?? []),
                                     partial.references + (column.reference.map { [$0] } ?? []),
                                     partial.sql.map { "(\($0) * \(column.sql))" } ?? column.sql))
                    }
                }
                product = next
            }
            var indices: [Int] = []
            for column in product {
                guard let text = column.sql else { continue }
                indices.append(design.columns.count)
                design.columns.append(Column(term: t, level: column.levels.isEmpty ? nil : column.levels.joined(separator: ":"),
                                             reference: column.references.isEmpty ? nil : column.references.joined(separator: ":")))
                sql.covariates.append(text)
            }
            design.termColumns.append(indices)
        }
        design.warnings = variableWarnings.keys.sorted().compactMap { variableWarnings[$0] }
        return .built(design)
    }

    /// A factor's distinct values over the complete rows, their rows, and its levels as `ModelFrame` codes them.
    private struct FactorValues {
        var data: FetchedColumns
        var column: Int
        var coded: ModelFrame.Variable
        var warning: Warning?

        /// nil when the values read as numbers (the model then treats the column as a number).
        static func read(_ variable: ModelVariable, sql: inout CoxPushdownSQL, on connection: PostgresConnection,
                         declaredLevels: [Int: [String]]) throws -> FactorValues? {
            let kind = sql.request.columns[variable.column].kind
            let (distinct, counts) = try CoxPushdownDesign.values(of: variable.column, kind: kind, sql: &sql, on: connection)
            let m = counts.count
            var data = FetchedColumns(request: sql.request, columns: sql.request.columns.indices.map {
                $0 == variable.column ? distinct : .text(Array(repeating: nil, count: m))
            })
            data.declaredLevels = declaredLevels
            let coded = try ModelFrame.variable(variable, data: data, rows: Array(0..<m))
            guard coded.levels != nil else { return nil }
            var warning: Warning? = nil
            if !variable.isDeclaredFactor {
                // The warning weighs each value by its rows, as on the rows themselves.
                let (raw, codes) = data.levels(of: variable.column, rows: Array(0..<m))
                var rowCodes: [Int] = []
                for (i, code) in codes.enumerated() { rowCodes.append(contentsOf: repeatElement(code, count: counts[i])) }
                warning = ModelFrame.mostlyNumbers(variable.label, raw: raw, codes: rowCodes).map { Warning($0, at: variable.span) }
            }
            return FactorValues(data: data, column: variable.column, coded: coded, warning: warning)
        }

        /// The raw values coded as `level`.
        func values(ofLevel level: Int) -> [Value] {
            coded.values.indices.filter { coded.values[$0] == Double(level) }.map { data.value(column, $0) }
        }
    }

    /// Each distinct value of the column over the complete rows, and its number of rows.
    private static func values(of column: Int, kind: ColumnKind, sql: inout CoxPushdownSQL,
                               on connection: PostgresConnection) throws -> (FetchedColumn, [Int]) {
        let fetched = try connection.fetchColumns(sql.distinctQuery(column), kinds: [kind == .real ? .real : .text, .real],
                                                  settings: PostgresPushdown.aggregateSettings)
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
            if kind == .real, let d = value.doubleValue { return sql.bindNumber(d) }
            return sql.bind(.text(value.description))
        }
        return CoxPushdownSQL.indicator(x, isNumber: kind == .real, items: items)
    }
}
