import CSQLite
import SQBackend
import Foundation

extension Database {
    /// Imports a CSV or TSV file as a new table: two passes over the mapped file
    /// (infer every column's type, then insert with one reused prepared INSERT
    /// inside one transaction). Any bad row aborts the whole import with its
    /// line number; nothing is half-imported. `shouldStop` (the session's
    /// cancel flag, raised by Ctrl-C or the time limit) is polled every few
    /// thousand rows in both passes, as `interrupt()` is; a stopped import is
    /// rolled back, so it leaves no table behind.
    public func importCSV(path: String, table: String, replace: Bool = false, delimiter: UInt8? = nil,
                          missing: [String] = [], shouldStop: (() -> Bool)? = nil) throws -> ImportReport {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.fileNotFound, "no such file: \(path)")
        }
        let file = try MappedFile(path: path)
        return try withLock {
            cancellation.reset()
            return try withExtendedLifetime(file) {
                do {
                    let stop = { self.cancellation.isCancelled || shouldStop?() == true }
                    return try importBytes(file.bytes, path: path, table: table, replace: replace, delimiter: delimiter,
                                           missing: missing, stop: stop)
                } catch let error as CSVError {
                    throw StoreError(.csv(line: error.line), "\(path):\(error.line): \(error.message)")
                }
            }
        }
    }

    private func importBytes(_ bytes: UnsafeBufferPointer<UInt8>, path: String, table: String, replace: Bool, delimiter: UInt8?,
                             missing: [String], stop: () -> Bool) throws -> ImportReport {
        if let line = UTF8Check.firstInvalidLine(bytes) {
            throw CSVError(line: line, message: "the file is not valid UTF-8 text (re-save it as UTF-8)")
        }
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        let separator = delimiter ?? Self.sniffDelimiter(bytes, start: bom, path: path)
        var scanner = CSVScanner(bytes: bytes, delimiter: separator, start: bom)
        scanner.missingTokens = missing.map { Array($0.utf8) }
        var fields: [CSVScanner.Field] = []
        guard try scanner.nextRecord(into: &fields) != nil else {
            throw CSVError(line: 1, message: "the file is empty: a header row is needed")
        }
        let names = try Self.columnNames(fields.map { scanner.string(of: $0) })
        let headerLineEnd = scanner.line

        // Pass 1: field counts and types.
        let scan = try CSVTypeScan.run(scanner, width: names.count, stop: stop)
        let rowCount = scan.rows
        let (types, warnings) = scan.finished(names: names, path: path, table: table)

        // Pass 2: insert in one transaction.
        let schema = mainIsWritable ? "main" : "temp"
        let exists = try tableExists(table, schema: schema)
        if exists && !replace {
            throw StoreError(.tableExists, "table `\(table)` already exists; use `replace` to overwrite it")
        }
        let qualified = "\(Self.quote(schema)).\(Self.quote(table))"
        var data: [FetchedColumn] = []
        try execute(SQL("BEGIN"))
        do {
            if exists { try execute(SQL("DROP TABLE \(qualified)")) }
            let definitions = zip(names, types).map { "\(Self.quote($0)) \($1.declared)" }.joined(separator: ", ")
            try execute(SQL("CREATE TABLE \(qualified) (\(definitions))"))
            let row = "(" + Array(repeating: "?", count: names.count).joined(separator: ", ") + ")"
            // Many rows to one step, within SQLite's limit on parameters.
            let batchRows = max(1, min(64, Int(sqlite3_limit(handle, SQLITE_LIMIT_VARIABLE_NUMBER, -1)) / names.count))
            let inserts = CSVInsertPipeline.Inserts(
                single: try Statement(database: self, sql: "INSERT INTO \(qualified) VALUES \(row)"),
                batch: try Statement(database: self, sql: "INSERT INTO \(qualified) VALUES " + Array(repeating: row, count: batchRows).joined(separator: ", ")),
                batchRows: batchRows)
            let pipeline = CSVInsertPipeline(scanner: scanner, types: types, imported: ImportedColumns(types: types, capacity: rowCount))
            let inserted = try pipeline.run(inserts: inserts, stop: stop)
            guard inserted == rowCount else {
                throw StoreError(.csv(line: headerLineEnd), "\(path): the file changed while it was imported (\(rowCount) rows when its types were read, \(inserted) when they were stored); import it again")
            }
            try execute(SQL("COMMIT"))
            data = pipeline.columns
        } catch {
            rollBack()
            throw error
        }
        let columns = zip(names, types).map { ColumnInfo(name: $0, declaredType: $1.declared) }
        return ImportReport(table: table, schema: schema, rowCount: rowCount, columns: columns, warnings: warnings, data: data)
    }

    /// Tab for .tsv/.tab files; otherwise whichever of tab, comma and semicolon
    /// the header has more of, outside quotes (`"a;b;c",b` is two columns).
    static func sniffDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, path: String) -> UInt8 {
        let lower = path.lowercased()
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") { return 0x09 }
        var tabs = 0, commas = 0, semicolons = 0
        var quoted = false
        var i = start
        while i < bytes.count, quoted || bytes[i] != 0x0A {
            // A doubled quote inside quotes toggles twice: still quoted.
            if bytes[i] == 0x22 { quoted.toggle() }
            else if !quoted {
                if bytes[i] == 0x09 { tabs += 1 } else if bytes[i] == 0x2C { commas += 1 } else if bytes[i] == 0x3B { semicolons += 1 }
            }
            i += 1
        }
        if tabs > commas && tabs >= semicolons { return 0x09 }
        if semicolons > commas { return 0x3B }
        return 0x2C
    }

    static func columnNames(_ raw: [String]) throws -> [String] {
        var seen: [String: Int] = [:]
        var names: [String] = []
        for (i, value) in raw.enumerated() {
            let name = value.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw CSVError(line: 1, message: "column \(i + 1) has no name in the header") }
            if let first = seen[name.lowercased()] {
                throw CSVError(line: 1, message: "column \(i + 1) repeats the name `\(name)` of column \(first + 1)")
            }
            seen[name.lowercased()] = i
            names.append(name)
        }
        return names
    }
}
