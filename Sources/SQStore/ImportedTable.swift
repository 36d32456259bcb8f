import CSQLite
import SQBackend
import Foundation

/// A column read from a file that carries its own types (SPSS, Stata, SAS,
/// Excel), converted to what the CSV importer would store: INTEGER, REAL,
/// DATE (ISO `yyyy-mm-dd`), DATETIME (ISO `yyyy-mm-dd hh:mm:ss`), BOOLEAN
/// (1/0) or TEXT, NULL for every kind of missing value.
struct ImportedColumn {
    var name: String
    var declaredType: String
    var values: [SQLValue]
    /// The variable label (SPSS/Stata/SAS), kept for `schema` and `with labels = true`.
    var label: String?
    /// Value labels in their coded order, when the column's values are labels.
    var levels: [String]?
}

/// What a typed reader found: the columns (each as long as `rowCount`) and
/// what the analyst should know about how the file was read.
struct ImportedTable {
    var columns: [ImportedColumn]
    var rowCount: Int
    var warnings: [String] = []
}

extension ImportReport {
    /// Variable labels by column name (empty for CSV and Excel files).
    public var variableLabels: [String: String] {
        Dictionary(labelPairs.compactMap { pair in pair.label.map { (pair.column, $0) } }, uniquingKeysWith: { a, _ in a })
    }
    /// Declared level order (from value labels) by column name.
    public var levelOrders: [String: [String]] {
        Dictionary(labelPairs.compactMap { pair in pair.levels.map { (pair.column, $0) } }, uniquingKeysWith: { a, _ in a })
    }
}

extension Database {
    /// Writes an imported table into SQLite as the CSV importer does: one
    /// transaction, the same schema choice (`temp` when main is read-only),
    /// the same `replace` rule; nothing is half-imported.
    func store(_ imported: ImportedTable, table: String, replace: Bool) throws -> ImportReport {
        let schema = mainIsWritable ? "main" : "temp"
        let exists = try tableExists(table, schema: schema)
        if exists && !replace {
            throw StoreError(.tableExists, "table `\(table)` already exists; use `replace` to overwrite it")
        }
        let qualified = "\(Self.quote(schema)).\(Self.quote(table))"
        try execute(SQL("BEGIN"))
        do {
            if exists { try execute(SQL("DROP TABLE \(qualified)")) }
            let definitions = imported.columns.map { "\(Self.quote($0.name)) \($0.declaredType)" }.joined(separator: ", ")
            try execute(SQL("CREATE TABLE \(qualified) (\(definitions))"))
            let placeholders = Array(repeating: "?", count: imported.columns.count).joined(separator: ", ")
            let insert = try Statement(database: self, sql: "INSERT INTO \(qualified) VALUES (\(placeholders))")
            for row in 0..<imported.rowCount {
                // Each bind checked: a value SQLite refuses (too long) must not leave the last row's in its place.
                try insert.bind(imported.columns.map { $0.values[row] })
                _ = try insert.step()
                sqlite3_reset(insert.handle)
                if row & 0xFFFF == 0xFFFF, cancellation.isCancelled { throw StoreError(.interrupted, "import interrupted") }
            }
            try execute(SQL("COMMIT"))
        } catch {
            try? execute(SQL("ROLLBACK"))
            throw error
        }
        var report = ImportReport(table: table, schema: schema, rowCount: imported.rowCount,
                                  columns: imported.columns.map { ColumnInfo(name: $0.name, declaredType: $0.declaredType) },
                                  warnings: imported.warnings)
        report.labelPairs = imported.columns.map { (column: $0.name, label: $0.label, levels: $0.levels) }
        // The values as analyses fetch them, for the session's column cache (as the CSV importer hands them over).
        report.data = imported.columns.map { column in
            switch column.declaredType {
            case "INTEGER", "REAL", "BOOLEAN":
                let values = column.values.map { value -> Double in
                    switch value {
                    case .integer(let i): return Double(i)
                    case .real(let d): return d
                    default: return 0
                    }
                }
                return .real(values: values, isNull: column.values.map { $0 == .null })
            default:
                return .text(column.values.map { if case .text(let s) = $0 { return s } else { return nil } })
            }
        }
        return report
    }

    /// Column names as the CSV header rule has them: non-empty and unique
    /// ignoring case (SQLite's own rule for column names); `describe` says
    /// where the offending name is (`column 3`, `cell C1`).
    static func checkColumnNames(_ names: [String], describe: (Int) -> String) throws -> [String] {
        var seen: [String: Int] = [:]
        var cleaned: [String] = []
        for (i, raw) in names.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw ImportProblem("\(describe(i)) has no name in the header") }
            if let first = seen[name.lowercased()] {
                throw ImportProblem("\(describe(i)) repeats the name `\(name)` of \(describe(first))")
            }
            seen[name.lowercased()] = i
            cleaned.append(name)
        }
        return cleaned
    }
}

/// A reader's complaint about a file, turned into a StoreError naming the file by the caller.
struct ImportProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
