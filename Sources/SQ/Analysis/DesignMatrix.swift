import SQCompiler

/// The numeric design matrix of a Cox model: the columns `ModelFrame` codes
/// (R's treatment contrasts and interactions, as `model.matrix`), laid out
/// with what each column is, within the size limits.
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

    static func build(_ model: ModelPlan, data: FetchedColumns, rows: [Int]) throws -> DesignMatrix {
        let frame = try ModelFrame(model, data: data, rows: rows)
        var design = DesignMatrix()
        design.warnings = frame.warnings
        try checkSize(frame, rows: rows.count)
        for t in model.terms.indices {
            var indices: [Int] = []
            for column in frame.columns(ofTerm: t) {
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
    static func checkSize(_ frame: ModelFrame, rows: Int) throws {
        var total = 0
        for (t, term) in frame.model.terms.enumerated() {
            var columns = 1
            for v in term.variables {
                guard let levels = frame.variables[v].levels else { continue }
                let contrasts = frame.usesContrasts(v, inTerm: t)
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
}
