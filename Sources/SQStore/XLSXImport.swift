import SQBackend
import Foundation

/// `import "cohort.xlsx" as t [sheet "LAT"]`: the first row is the header;
/// each column gets the type the CSV importer would give the same values
/// (`CSVType`: whole numbers INTEGER, numbers REAL, dates DATE, true/false
/// BOOLEAN, else TEXT), with text cells read by the same rules — `"7"` typed
/// as text in a number column is the number 7, a few stray words make the
/// column text with the same warning — and empty cells are NULL.
struct XLSXImport {
    /// A cell's value as Excel stored it.
    enum Value {
        case number(Double)
        /// Days since 1970-01-01 (fractional: the time of day).
        case date(Double)
        case time(Double)
        case boolean(Bool)
        case text(String)
        case error(String)
    }

    let workbook: XLSXWorkbook
    let sheet: XLSXWorkbook.Sheet
    var missing: Set<String> = []

    /// A cell value of a column as the typing rules see it.
    func value(of cell: XLSXSheet.Cell) throws -> Value? {
        let at = "sheet \"\(sheet.name)\", cell \(XLSXSheet.cellName(cell.column, cell.row))"
        switch cell.type {
        case "s":
            guard let index = Int(cell.value.trimmingCharacters(in: .whitespaces)), workbook.sharedStrings.indices.contains(index) else {
                throw ImportProblem("\(at): the shared string `\(cell.value)` does not exist (the workbook is damaged)")
            }
            return text(workbook.sharedStrings[index])
        case "inlineStr", "str":
            return text(cell.value)
        case "b":
            switch cell.value.trimmingCharacters(in: .whitespaces) {
            case "1", "true": return .boolean(true)
            case "0", "false": return .boolean(false)
            default: throw ImportProblem("\(at): `\(cell.value)` is not a boolean (0 or 1)")
            }
        case "e":
            return .error(cell.value)
        case "d":
            guard let days = Self.isoDays(cell.value) else { throw ImportProblem("\(at): `\(cell.value)` is not an ISO 8601 date") }
            return .date(days)
        case "n", "":
            let raw = cell.value.trimmingCharacters(in: .whitespaces)
            if raw.isEmpty { return nil }
            guard let number = Double(raw), number.isFinite else { throw ImportProblem("\(at): `\(cell.value)` is not a number") }
            let kind = workbook.styleKinds.indices.contains(cell.style) ? workbook.styleKinds[cell.style] : .number
            switch kind {
            case .number: return .number(number)
            case .time: return number < 1 && number >= 0 ? .time(number) : .date(serialToDays(number))
            case .date:
                guard number >= 0, number < 2_958_466 else { throw ImportProblem("\(at): \(raw) is not a date Excel can show (serial numbers run from 0 to 2958465)") }
                return .date(serialToDays(number))
            }
        default:
            throw ImportProblem("\(at): unknown cell type `\(cell.type)`")
        }
    }

    private func text(_ s: String) -> Value? {
        s.isEmpty || s == "NA" || missing.contains(s) ? nil : .text(s)
    }

    /// Excel's serial day numbers: in the 1900 system day 1 is 1900-01-01 and
    /// day 60 the 29 February 1900 that never was (Lotus 1-2-3's leap-year bug,
    /// kept by Excel), so serials from 61 on are one day late; in the 1904 system day 0 is 1904-01-01.
    func serialToDays(_ serial: Double) -> Double {
        if workbook.uses1904 { return serial - 24_107 }
        return serial >= 61 ? serial - 25_569 : serial - 25_568
    }

    static func isoDays(_ text: String) -> Double? {
        let parts = text.split(separator: "T", maxSplits: 1)
        let date = parts.first.map { $0.split(separator: "-").compactMap { Int64($0) } } ?? []
        guard date.count == 3, (1...12).contains(date[1]), (1...31).contains(date[2]) else { return nil }
        var days = Double(CivilDate.days(date[0], date[1], date[2]))
        if parts.count == 2 {
            let clock = parts[1].prefix { $0 != "Z" && $0 != "+" }.split(separator: ":").compactMap { Double($0) }
            if clock.count >= 2 { days += (clock[0] * 3600 + clock[1] * 60 + (clock.count > 2 ? clock[2] : 0)) / 86_400 }
        }
        return days
    }

    /// The whole sheet as typed columns.
    func table(path: String, table: String) throws -> ImportedTable {
        guard let data = try workbook.part(sheet.part) else {
            throw ImportProblem("the workbook is damaged: sheet \"\(sheet.name)\" has no part \(sheet.part)")
        }
        let cells = try XLSXSheet.parse(data, sheet: sheet.name)
        var rows: [Int: [Int: Value]] = [:]
        for cell in cells {
            if let value = try value(of: cell) { rows[cell.row, default: [:]][cell.column] = value }
        }
        let sortedRows = rows.sorted { $0.key < $1.key }
        guard let (headerRow, header) = sortedRows.first else { throw ImportProblem("sheet \"\(sheet.name)\" is empty: a header row is needed") }
        let width = (header.keys.max() ?? -1) + 1
        let rawNames = (0..<width).map { column -> String in
            switch header[column] {
            case .text(let s)?: return s
            case .number(let d)?: return d.rounded() == d ? String(Int64(d)) : String(d)
            case .boolean(let b)?: return b ? "TRUE" : "FALSE"
            default: return ""
            }
        }
        let names = try Database.checkColumnNames(rawNames) { "sheet \"\(sheet.name)\", cell \(XLSXSheet.cellName($0, headerRow))" }
        var columns = [[Value?]](repeating: [], count: width)
        var errors: [String: [String]] = [:]
        for (row, values) in sortedRows.dropFirst() {
            if let extra = values.keys.filter({ $0 >= width }).min() {
                throw ImportProblem("sheet \"\(sheet.name)\", cell \(XLSXSheet.cellName(extra, row)): a value in a column with no name in the header row (\(headerRow + 1))")
            }
            for column in 0..<width {
                var value = values[column]
                if case .error(let code)? = value {
                    errors[names[column], default: []].append("\(XLSXSheet.cellName(column, row)) (\(code))")
                    value = nil
                }
                columns[column].append(value)
            }
        }
        var warnings: [String] = []
        for name in names {
            guard let list = errors[name] else { continue }
            warnings.append("column `\(name)`: \(list.count) cell\(list.count == 1 ? "" : "s") with an Excel error imported as missing: "
                            + list.prefix(5).joined(separator: ", ") + (list.count > 5 ? ", ..." : ""))
        }
        let typed = zip(names, columns).map { name, values in
            Self.column(name: name, values: values, path: path, table: table, warnings: &warnings)
        }
        // The CSV warning's suggested statement, for this sheet.
        let escapedName = sheet.name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        warnings = warnings.map {
            $0.replacingOccurrences(of: " as \(table) replace with na = ", with: " as \(table) sheet \"\(escapedName)\" replace with na = ")
        }
        return ImportedTable(columns: typed, rowCount: max(0, sortedRows.count - 1), warnings: warnings)
    }

    /// One column typed as CSV would be: every value's own type joined (`CSVType.joined`).
    static func column(name: String, values: [Value?], path: String, table: String, warnings: inout [String]) -> ImportedColumn {
        var type = CSVType.empty
        var strays = StrayValues()
        var hasClock = false
        for value in values {
            guard let value else { continue }
            var kind: CSVType
            switch value {
            case .number(let d): kind = d.rounded() == d && abs(d) < 1e15 ? .integer : .real
            case .date(let days):
                kind = .date
                if days.rounded(.down) != days { hasClock = true }
            case .time: kind = .text
            case .boolean: kind = .boolean
            case .error: continue
            case .text(let s):
                kind = CSVType.classify(s)
                if kind == .text {
                    if strays.note(s) { continue }
                }
            }
            if kind != .text { strays.typed += 1 }
            type = type.joined(with: kind)
        }
        if !strays.values.isEmpty {
            if let warning = strays.warning(column: name, type: type, path: path, table: table) { warnings.append(warning) }
            type = .text
        }
        if type == .date && hasClock {
            return ImportedColumn(name: name, declaredType: "DATETIME", values: values.map { $0.map { .text(text($0, clock: true)) } ?? .null })
        }
        let converted: [SQLValue] = values.map { value in
            guard let value else { return .null }
            switch type {
            case .integer:
                if case .number(let d) = value { return .integer(Int64(d)) }
                return Int64(text(value)).map(SQLValue.integer) ?? .null
            case .real:
                if case .number(let d) = value { return .real(d) }
                return Double(text(value)).map(SQLValue.real) ?? .null
            case .boolean:
                if case .boolean(let b) = value { return .integer(b ? 1 : 0) }
                return .integer(text(value).lowercased() == "true" ? 1 : 0)
            case .date, .text, .empty:
                return .text(text(value, clock: false))
            }
        }
        return ImportedColumn(name: name, declaredType: type.declared, values: converted)
    }

    /// A value as text: numbers as R prints them, dates ISO (with the time when asked or not midnight).
    static func text(_ value: Value, clock: Bool = false) -> String {
        switch value {
        case .number(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
        case .date(let days):
            let whole = days.rounded(.down)
            let date = CivilDate.iso(days: Int64(whole)) ?? "\(days)"
            let seconds = Int64(((days - whole) * 86_400).rounded())
            guard clock || seconds != 0 else { return date }
            if seconds >= 86_400 { return (CivilDate.iso(days: Int64(whole) + 1) ?? date) + " 00:00:00" }
            return date + " " + CivilDate.clock(seconds: seconds)
        case .time(let fraction): return CivilDate.clock(seconds: min(86_399, Int64((fraction * 86_400).rounded())))
        case .boolean(let b): return b ? "TRUE" : "FALSE"
        case .text(let s): return s
        case .error(let code): return code
        }
    }
}

extension CSVType {
    /// The CSV rules over one text value.
    static func classify(_ text: String) -> CSVType {
        var copy = text
        return copy.withUTF8 { bytes in classify(bytes, 0, bytes.count) }
    }
}

extension Database {
    /// `import "x.xlsx" as t [sheet "name" | sheet 2]`.
    func importWorkbook(path: String, table: String, replace: Bool, sheetName: String?, sheetPosition: Int?,
                        missing: [String], shouldStop: (() -> Bool)? = nil) throws -> ImportReport {
        try withLock {
            cancellation.reset()
            do {
                // The archive is read through MappedFile, which refuses FIFOs and devices.
                let workbook = try XLSXWorkbook(path: path) { self.cancellation.isCancelled || shouldStop?() == true }
                let sheet = try workbook.sheet(named: sheetName, position: sheetPosition)
                let reader = XLSXImport(workbook: workbook, sheet: sheet, missing: Set(missing))
                return try store(try reader.table(path: path, table: table), table: table, replace: replace)
            } catch let problem as ImportProblem {
                throw StoreError(.unreadable, "\(path): \(problem.message)")
            }
        }
    }
}
