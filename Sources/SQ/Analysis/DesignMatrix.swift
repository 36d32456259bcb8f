import SQCompiler

/// Builds the numeric design matrix of a Cox model from fetched columns, with
/// R's treatment contrasts: a categorical variable in a term is coded by
/// dummies for its non-reference levels when the term's margin (the term
/// without that variable) is in the model, and by all its levels otherwise
/// (Chambers & Hastie 1992, §5.3.2; what `model.matrix` does).
struct DesignMatrix {
    struct ColumnInfo {
        var term: Int
        var level: String?
        var reference: String?
    }

    var columns: [[Double]] = []
    var info: [ColumnInfo] = []
    /// Design columns of each term, for term-wise tests (cox.zph terms = TRUE).
    var termColumns: [[Int]] = []
    /// How a variable was read that the analyst may not expect, at the variable.
    var warnings: [Warning] = []

    /// One variable over the model's rows: numbers, or a factor's level codes.
    struct Variable {
        var values: [Double]
        var levels: [String]?
        var reference: Int
        var warning: Warning? = nil
    }

    static func build(_ model: ModelPlan, data: CohortData, rows: [Int]) throws -> DesignMatrix {
        let variables = try model.variables.map { try variable($0, data: data, rows: rows) }
        var design = DesignMatrix()
        design.warnings = variables.compactMap(\.warning)
        let termSets = model.terms.map { Set($0.variables) }
        try checkSize(model, variables: variables, termSets: termSets, rows: rows.count)
        for (t, term) in model.terms.enumerated() {
            // Per variable: a list of (label, reference, values) coding columns.
            var codings: [[(level: String?, reference: String?, values: [Double])]] = []
            for v in term.variables {
                let variable = variables[v]
                guard let levels = variable.levels else {
                    codings.append([(nil, nil, variable.values)])
                    continue
                }
                let margin = Set(term.variables).subtracting([v])
                let contrasts = margin.isEmpty || termSets.contains(margin)
                let kept = levels.indices.filter { !contrasts || $0 != variable.reference }
                codings.append(kept.map { level in
                    (levels[level], contrasts ? levels[variable.reference] : nil,
                     variable.values.map { $0 == Double(level) ? 1 : 0 })
                })
            }
            // Cartesian product, first variable varying fastest (model.matrix's order).
            // The empty product is nil, so a main effect's column is taken as it is (no copy, no multiplication).
            var product: [(levels: [String], references: [String], values: [Double]?)] = [([], [], nil)]
            for coding in codings {
                var next: [(levels: [String], references: [String], values: [Double]?)] = []
                for column in coding {
                    for partial in product {
                        next.append((partial.levels + (column.level.map { [$0] } ?? []),
                                     partial.references + (column.reference.map { [$0] } ?? []),
                                     partial.values.map { zip($0, column.values).map(*) } ?? column.values))
                    }
                }
                product = next
            }
            var indices: [Int] = []
            for column in product {
                indices.append(design.columns.count)
                design.columns.append(column.values ?? [Double](repeating: 1, count: rows.count))
                design.info.append(ColumnInfo(term: t,
                                              level: column.levels.isEmpty ? nil : column.levels.joined(separator: ":"),
                                              reference: column.references.isEmpty ? nil : column.references.joined(separator: ":")))
            }
            design.termColumns.append(indices)
        }
        return design
    }

    /// The design's columns counted before any is allocated (an interaction of
    /// two 1,000-level factors would be a million columns), against the limits.
    static func checkSize(_ model: ModelPlan, variables: [Variable], termSets: [Set<Int>], rows: Int) throws {
        var total = 0
        for term in model.terms {
            var columns = 1
            for v in term.variables {
                guard let levels = variables[v].levels else { continue }
                let margin = Set(term.variables).subtracting([v])
                let contrasts = margin.isEmpty || termSets.contains(margin)
                columns = columns.multipliedReportingOverflow(by: contrasts ? levels.count - 1 : levels.count).partialValue
                guard columns <= ResourceLimits.maximumCoefficients else { break }
            }
            total += columns
            guard total <= ResourceLimits.maximumCoefficients else {
                throw RuntimeError(message: "the model has more than \(ResourceLimits.grouped(ResourceLimits.maximumCoefficients)) coefficients (`\(term.label)` alone has \(columns > ResourceLimits.maximumCoefficients ? "more than \(ResourceLimits.grouped(ResourceLimits.maximumCoefficients))" : ResourceLimits.grouped(columns)))",
                                   hints: ["a factor has a coefficient per level but one, an interaction one per combination: group levels, or drop the interaction"])
            }
        }
        let (cells, overflow) = total.multipliedReportingOverflow(by: rows)
        guard !overflow, cells <= ResourceLimits.maximumDesignCells else {
            throw RuntimeError(message: "the design of this model would hold \(ResourceLimits.grouped(rows)) rows × \(total) columns, more than the \(ResourceLimits.grouped(ResourceLimits.maximumDesignCells)) values SQ keeps in memory for one model",
                               hints: ["fit it on fewer rows (`where ...`) or with fewer factor levels"])
        }
    }

    static func variable(_ variable: ModelVariable, data: CohortData, rows: [Int]) throws -> Variable {
        // A numeric column is a number unless the model says it is a factor.
        if variable.categorical != true, case .real = data.columns[variable.column] {
            return Variable(values: data.numbers(variable.column, rows: rows), levels: nil, reference: 0)
        }
        let (raw, codes) = data.levels(of: variable.column, rows: rows)
        let categorical = variable.categorical ?? !raw.allSatisfy { $0.doubleValue != nil }
        guard categorical else {
            let numbers = raw.map { $0.doubleValue ?? .nan }
            return Variable(values: codes.map { numbers[$0] }, levels: nil, reference: 0)
        }
        // Levels as R prints them: text "1.0" and the number 1 are one level `1`.
        let normalized = raw.map(\.normalizedLevel)
        let distinct = Set(normalized)
        // A coefficient per level (and n values per coefficient): checked before
        // the dummies exist, and before the levels are sorted (the slow part).
        guard distinct.count <= ResourceLimits.maximumLevels else {
            throw RuntimeError(message: "`\(variable.label)` has \(ResourceLimits.grouped(distinct.count)) levels; a factor in a model has at most \(ResourceLimits.grouped(ResourceLimits.maximumLevels))",
                               hints: ["a column with a value per patient (an id, a measurement) is not a factor: use it as a number, or cut it into a few groups first, e.g. `define age_group = if(age < 65, \"<65\", \"65+\")`"],
                               span: variable.span)
        }
        let levels = Array(distinct).sorted { data.precedes($0, $1, column: variable.column) }.map(\.description)
        guard !levels.isEmpty else {
            throw RuntimeError(message: "`\(variable.label)` has no values in the analysed rows", span: variable.span)
        }
        var reference = 0
        let warning = !variable.isDeclaredFactor
            ? Self.mostlyNumbers(variable.label, raw: raw, codes: codes).map { Warning($0, at: variable.span) } : nil
        if let wanted = variable.reference {
            guard let found = levels.firstIndex(of: wanted) ?? levels.firstIndex(where: { Double($0) != nil && Double($0) == Double(wanted) }) else {
                throw RuntimeError(message: "reference level \"\(wanted)\" does not occur in `\(variable.label)`",
                                   hints: ["levels: " + levels.prefix(12).joined(separator: ", ")], span: variable.span)
            }
            reference = found
        }
        let position = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Double($0)) })
        let levelOfRaw = normalized.map { position[$0.description] ?? .nan }
        return Variable(values: codes.map { levelOfRaw[$0] }, levels: levels, reference: reference, warning: warning)
    }

    /// A text column that is numbers but for a few values (`.`, `unknown`)
    /// becomes a factor with a level per number: say so, and how to read
    /// those values as missing instead.
    static func mostlyNumbers(_ label: String, raw: [Value], codes: [Int]) -> String? {
        var rowsPerLevel = [Int](repeating: 0, count: raw.count)
        for code in codes { rowsPerLevel[code] += 1 }
        let words = raw.indices.filter { raw[$0].doubleValue == nil && raw[$0] != .null }
        let numberRows = raw.indices.filter { raw[$0].doubleValue != nil }.map { rowsPerLevel[$0] }.reduce(0, +)
        let wordRows = words.map { rowsPerLevel[$0] }.reduce(0, +)
        guard !words.isEmpty, words.count <= 5, numberRows > wordRows else { return nil }
        let listed = words.map { "\"\(raw[$0].description)\"" }.joined(separator: ", ")
        return "`\(label)` is text because of \(listed) (\(wordRows) row\(wordRows == 1 ? "" : "s")), so it is a factor with a level per number;"
            + " if those values mean missing, import with `with na = \(listed)`; write `factor(\(label))` to keep it a factor"
    }
}

extension Value {
    /// A level as R prints it: numeric text "1.0" and 1 are the same level `1`.
    var normalizedLevel: Value {
        if let d = doubleValue { return .number(d) }
        return self
    }
}
