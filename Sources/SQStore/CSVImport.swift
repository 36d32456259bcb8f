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
        let headerEnd = scanner.position
        let headerLineEnd = scanner.line

        // Pass 1: field counts and types.
        var types = [CSVType](repeating: .empty, count: names.count)
        var strays = [StrayValues](repeating: StrayValues(), count: names.count)
        var beyondInteger: [String] = []
        var rowCount = 0
        while let line = try scanner.nextRecord(into: &fields) {
            guard fields.count == names.count else {
                throw CSVError(line: line, message: "row has \(fields.count) field\(fields.count == 1 ? "" : "s"), header has \(names.count)")
            }
            for (i, field) in fields.enumerated() where types[i] != .text && !scanner.isMissing(field) {
                // A whole number past Int64: text, so no digit of the column changes (not a stray: no `na =` hint).
                if CSVType.isBeyondInteger(bytes, field.start, field.end) {
                    beyondInteger.append("column `\(names[i])` is imported as text: \(scanner.string(of: field)) (line \(line)) is a whole number beyond 64 bits, and read as numbers the column's values past 2^53 would change; as text every digit is kept (right for ids; for a measurement, correct that value in the file)")
                    types[i] = .text
                    continue
                }
                let kind = CSVType.classify(bytes, field.start, field.end)
                if kind == .text {
                    if strays[i].note(scanner.string(of: field)) { continue }
                } else {
                    strays[i].typed += 1
                }
                types[i] = types[i].joined(with: kind)
            }
            rowCount += 1
            if rowCount & 0xFFF == 0, stop() { throw StoreError(.interrupted, "import interrupted") }
        }

        var warnings = beyondInteger
        for i in types.indices where !strays[i].values.isEmpty && types[i] != .text {
            if let warning = strays[i].warning(column: names[i], type: types[i], path: path, table: table) { warnings.append(warning) }
            types[i] = .text
        }

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
            let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
            let insert = try Statement(database: self, sql: "INSERT INTO \(qualified) VALUES (\(placeholders))")
            scanner.position = headerEnd
            scanner.line = headerLineEnd
            var scratch = [CChar](repeating: 0, count: 64)
            var inserted = 0
            let imported = ImportedColumns(types: types, capacity: rowCount)
            while try scanner.nextRecord(into: &fields) != nil {
                try bindRow(insert, fields: fields, types: types, scanner: scanner, scratch: &scratch, into: imported)
                imported.finishRow()
                _ = try insert.step()
                sqlite3_reset(insert.handle)
                inserted += 1
                if inserted & 0xFFF == 0, stop() { throw StoreError(.interrupted, "import interrupted") }
            }
            try execute(SQL("COMMIT"))
            data = imported.columns
        } catch {
            rollBack()
            throw error
        }
        let columns = zip(names, types).map { ColumnInfo(name: $0, declaredType: $1.declared) }
        return ImportReport(table: table, schema: schema, rowCount: rowCount, columns: columns, warnings: warnings, data: data)
    }

    private func bindRow(_ insert: Statement, fields: [CSVScanner.Field], types: [CSVType],
                         scanner: CSVScanner, scratch: inout [CChar], into imported: ImportedColumns) throws {
        let handle = insert.handle
        let bytes = scanner.bytes
        for (i, field) in fields.enumerated() {
            let index = Int32(i + 1)
            if scanner.isMissing(field) {
                sqlite3_bind_null(handle, index)
                imported.appendNull(i)
                continue
            }
            switch types[i] {
            case .integer:
                let value = CSVType.parseInteger(bytes, field.start, field.end) ?? 0
                sqlite3_bind_int64(handle, index, value)
                imported.append(i, number: Double(value))
            case .real:
                let value = CSVType.parseReal(bytes, field.start, field.end, scratch: &scratch)
                sqlite3_bind_double(handle, index, value)
                imported.append(i, number: value)
            case .boolean:
                let value: Int64 = CSVType.booleanValue(bytes, field.start, field.end) == true ? 1 : 0
                sqlite3_bind_int64(handle, index, value)
                imported.append(i, number: Double(value))
            case .date, .text, .empty:
                if field.hasEscapedQuote {
                    let unescaped = scanner.bytes(of: field)
                    unescaped.withUnsafeBufferPointer { buffer in
                        buffer.withMemoryRebound(to: CChar.self) {
                            _ = sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), sq_sqlite_transient())
                        }
                    }
                    imported.append(i, text: String(decoding: unescaped, as: UTF8.self))
                } else {
                    let pointer = UnsafeRawPointer(bytes.baseAddress! + field.start).assumingMemoryBound(to: CChar.self) // safe: non-empty buffer (field has bytes)
                    sqlite3_bind_text(handle, index, pointer, Int32(field.end - field.start), sq_sqlite_transient())
                    imported.append(i, text: String(decoding: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self))
                }
            }
        }
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
