import SQCompiler

/// A categorical variable's levels over the analysed rows, in the order R's
/// `factor()` gives them (text by collation or declared order, numbers by
/// value), and each row's level — the one coding of levels the Cox design and
/// `describe` share.
struct FactorLevels {
    /// The levels, missing values left out.
    var levels: [Value]
    /// Per analysed row, the index of its level; −1 where the value is missing.
    var codes: [Int]

    /// `merging`: numeric text "1.0" and the number 1 are one level `1`, as R
    /// prints a model's coefficients; `describe` shows the values as stored.
    /// `maximum`: more distinct values than this throw before they are sorted
    /// (sorting is the slow part).
    init(column: Int, data: FetchedColumns, rows: [Int], merging: Bool,
         maximum: (count: Int, error: (Int) -> RuntimeError)? = nil) throws {
        try self.init(data.levels(of: column, rows: rows), column: column, data: data, merging: merging, maximum: maximum)
    }

    /// From the distinct values and row codes `FetchedColumns.levels(of:rows:)` gave.
    init(_ distinct: (levels: [Value], codes: [Int]), column: Int, data: FetchedColumns, merging: Bool,
         maximum: (count: Int, error: (Int) -> RuntimeError)? = nil) throws {
        let (found, rowCodes) = distinct
        guard merging else {
            let order = found.indices.filter { found[$0] != .null }
                .sorted { data.precedes(found[$0], found[$1], column: column) }
            var position = [Int](repeating: -1, count: found.count)
            for (k, old) in order.enumerated() { position[old] = k }
            levels = order.map { found[$0] }
            codes = rowCodes.map { position[$0] }
            return
        }
        let normalized = found.map(\.normalizedLevel)
        let distinct = Set(normalized)
        if let maximum, distinct.count > maximum.count { throw maximum.error(distinct.count) }
        let sorted = Array(distinct).sorted { data.precedes($0, $1, column: column) }
        let position = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1.description, $0) })
        let levelOfFound = normalized.map { position[$0.description] ?? -1 }
        levels = sorted
        codes = rowCodes.map { levelOfFound[$0] }
    }
}

/// The variables of a model over its rows, coded once: numbers as numbers
/// (a transform such as `log(bili)` was computed by the query), factors as
/// level codes with their reference level, and per term the columns R's
/// treatment contrasts give (Chambers & Hastie 1992, §5.3.2; `model.frame`
/// and `model.matrix`).
struct ModelFrame {
    /// One variable over the model's rows: numbers, or a factor's level codes.
    struct Variable {
        var values: [Double]
        var levels: [String]?
        var reference: Int
        var warning: Warning? = nil
    }

    /// One coded column of a term: the levels it indicates (one per factor in
    /// the term, none for numbers), their reference levels, the values.
    struct CodedColumn {
        var levels: [String]
        var references: [String]
        /// nil for the empty product (a term of no factor and no number: never built).
        var values: [Double]?
    }

    let model: ModelPlan
    var variables: [Variable]
    /// The set of variables in each term, for the contrast rule.
    let termSets: [Set<Int>]
    /// How a variable was read that the analyst may not expect.
    var warnings: [Warning] { variables.compactMap(\.warning) }

    init(_ model: ModelPlan, data: FetchedColumns, rows: [Int]) throws {
        self.model = model
        self.variables = try model.variables.map { try Self.variable($0, data: data, rows: rows) }
        self.termSets = model.terms.map { Set($0.variables) }
    }

    /// R's rule: a factor in a term is coded by dummies for its non-reference
    /// levels (treatment contrasts) when the term's margin — the term without
    /// that variable — is in the model (or empty), and by all its levels otherwise.
    func usesContrasts(_ variable: Int, inTerm term: Int) -> Bool {
        let margin = Set(model.terms[term].variables).subtracting([variable])
        return margin.isEmpty || termSets.contains(margin)
    }

    /// The coded columns of term `t`: each variable's coding, then their
    /// product (an interaction), first variable varying fastest (model.matrix's order).
    func columns(ofTerm t: Int) -> [CodedColumn] {
        var codings: [[(level: String?, reference: String?, values: [Double])]] = []
        for v in model.terms[t].variables {
            let variable = variables[v]
            guard let levels = variable.levels else {
                codings.append([(nil, nil, variable.values)])
                continue
            }
            let contrasts = usesContrasts(v, inTerm: t)
            let kept = levels.indices.filter { !contrasts || $0 != variable.reference }
            codings.append(kept.map { level in
                (levels[level], contrasts ? levels[variable.reference] : nil,
                 variable.values.map { $0 == Double(level) ? 1 : 0 })
            })
        }
        // The empty product is nil, so a main effect's column is taken as it is (no copy, no multiplication).
        var product = [CodedColumn(levels: [], references: [], values: nil)]
        for coding in codings {
            var next: [CodedColumn] = []
            for column in coding {
                for partial in product {
                    next.append(CodedColumn(levels: partial.levels + (column.level.map { [$0] } ?? []),
                                            references: partial.references + (column.reference.map { [$0] } ?? []),
                                            values: partial.values.map { zip($0, column.values).map(*) } ?? column.values))
                }
            }
            product = next
        }
        return product
    }

    static func variable(_ variable: ModelVariable, data: FetchedColumns, rows: [Int]) throws -> Variable {
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
        // Levels as R prints them (text "1.0" and the number 1 are one level `1`);
        // a coefficient per level (and n values per coefficient) is checked
        // before the dummies exist.
        let coding = try FactorLevels(
            (raw, codes), column: variable.column, data: data, merging: true,
            maximum: (ResourceLimits.maximumLevels, { count in
                RuntimeError(message: "`\(variable.label)` has \(ResourceLimits.grouped(count)) levels; a factor in a model has at most \(ResourceLimits.grouped(ResourceLimits.maximumLevels))",
                             hints: ["a column with a value per patient (an id, a measurement) is not a factor: use it as a number, or cut it into a few groups first, e.g. `define age_group = if(age < 65, \"<65\", \"65+\")`"],
                             span: variable.span)
            }))
        let levels = coding.levels.map(\.description)
        guard !levels.isEmpty else {
            throw RuntimeError(message: "`\(variable.label)` has no values in the analysed rows", span: variable.span)
        }
        var reference = 0
        let warning = !variable.isDeclaredFactor ? Self.mostlyNumbers(variable.label, raw: raw, codes: codes).map { Warning($0, at: variable.span) } : nil
        if let wanted = variable.reference {
            guard let found = levels.firstIndex(of: wanted) ?? levels.firstIndex(where: { Double($0) != nil && Double($0) == Double(wanted) }) else {
                throw RuntimeError(message: "reference level \"\(wanted)\" does not occur in `\(variable.label)`",
                                   hints: ["levels: " + levels.prefix(12).joined(separator: ", ")], span: variable.span)
            }
            reference = found
        }
        return Variable(values: coding.codes.map { $0 < 0 ? .nan : Double($0) }, levels: levels, reference: reference,
                        warning: warning)
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
