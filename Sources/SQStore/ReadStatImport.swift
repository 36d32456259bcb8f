import SQBackend
import CReadStat
import Foundation

/// SPSS (.sav, .zsav, .por), Stata (.dta) and SAS (.sas7bdat, .xpt) files
/// through ReadStat, the C library behind R's haven: the file is read into
/// memory column by column, then converted as haven converts it —
/// value labels become the values (their coded order the level order),
/// every missing code (SPSS user-missing, Stata `.a`–`.z`, SAS `.A`–`.Z`)
/// becomes NULL, dates and datetimes become ISO text.
final class ReadStatReader {
    enum Cell {
        case missing
        case number(Double)
        case text(String)
    }

    struct Variable {
        var name: String
        var label: String
        var format: String
        var isString: Bool
        var labelSet: String?
        var cells: [Cell] = []
    }

    enum Key: Hashable {
        case number(Double)
        case text(String)
    }

    typealias Parse = (UnsafeMutablePointer<readstat_parser_t>, UnsafePointer<CChar>, UnsafeMutableRawPointer?) -> readstat_error_t

    let family: StatisticalFamily
    private(set) var variables: [Variable] = []
    private(set) var labelSets: [String: [(key: Key, label: String)]] = [:]
    private var messages: [String] = []
    let cancellation: CancellationToken

    init(family: StatisticalFamily, cancellation: CancellationToken) {
        self.family = family
        self.cancellation = cancellation
    }

    static func family(of path: String) -> (StatisticalFamily, ReadStatReader.Parse)? {
        switch (path as NSString).pathExtension.lowercased() {
        case "sav", "zsav": return (.spss, { readstat_parse_sav($0, $1, $2) })
        case "por": return (.spss, { readstat_parse_por($0, $1, $2) })
        case "dta": return (.stata, { readstat_parse_dta($0, $1, $2) })
        case "sas7bdat": return (.sas, { readstat_parse_sas7bdat($0, $1, $2) })
        case "xpt", "xport": return (.sas, { readstat_parse_xport($0, $1, $2) })
        default: return nil
        }
    }

    /// Reads the whole file; throws ImportProblem with ReadStat's reason when it cannot.
    func read(path: String, parse: ReadStatReader.Parse) throws {
        guard let parser = readstat_parser_init() else { throw ImportProblem("out of memory") }
        defer { readstat_parser_free(parser) }
        readstat_set_variable_handler(parser) { _, variable, labels, context in
            guard let variable, let context else { return Int32(READSTAT_HANDLER_ABORT) }
            let reader = Unmanaged<ReadStatReader>.fromOpaque(context).takeUnretainedValue()
            reader.variables.append(Variable(
                name: readstat_variable_get_name(variable).map { String(cString: $0) } ?? "",
                label: readstat_variable_get_label(variable).map { String(cString: $0) } ?? "",
                format: readstat_variable_get_format(variable).map { String(cString: $0) } ?? "",
                isString: readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING,
                labelSet: labels.map { String(cString: $0) }))
            return Int32(READSTAT_HANDLER_OK)
        }
        readstat_set_value_handler(parser) { row, variable, value, context in
            guard let variable, let context else { return Int32(READSTAT_HANDLER_ABORT) }
            let reader = Unmanaged<ReadStatReader>.fromOpaque(context).takeUnretainedValue()
            let index = Int(readstat_variable_get_index(variable))
            guard reader.variables.indices.contains(index) else { return Int32(READSTAT_HANDLER_ABORT) }
            let cell: Cell
            if readstat_value_is_missing(value, variable) != 0 {
                cell = .missing
            } else if readstat_value_type(value) == READSTAT_TYPE_STRING || readstat_value_type(value) == READSTAT_TYPE_STRING_REF {
                let text = readstat_string_value(value).map { String(cString: $0) } ?? ""
                cell = text.isEmpty ? .missing : .text(text)
            } else {
                let number = readstat_double_value(value)
                cell = number.isNaN ? .missing : .number(number)
            }
            reader.variables[index].cells.append(cell)
            if row & 0x3FFF == 0x3FFF, reader.cancellation.isCancelled { return Int32(READSTAT_HANDLER_ABORT) }
            return Int32(READSTAT_HANDLER_OK)
        }
        readstat_set_value_label_handler(parser) { set, value, label, context in
            guard let set, let label, let context else { return Int32(READSTAT_HANDLER_OK) }
            let reader = Unmanaged<ReadStatReader>.fromOpaque(context).takeUnretainedValue()
            // Labels of missing codes (Stata `.a`, SAS `.A`) name values that are NULL after import.
            guard readstat_value_is_tagged_missing(value) == 0, readstat_value_is_system_missing(value) == 0 else {
                return Int32(READSTAT_HANDLER_OK)
            }
            let key: Key
            if readstat_value_type(value) == READSTAT_TYPE_STRING || readstat_value_type(value) == READSTAT_TYPE_STRING_REF {
                key = .text(readstat_string_value(value).map { String(cString: $0) } ?? "")
            } else {
                key = .number(readstat_double_value(value))
            }
            reader.labelSets[String(cString: set), default: []].append((key, String(cString: label)))
            return Int32(READSTAT_HANDLER_OK)
        }
        readstat_set_error_handler(parser) { message, context in
            guard let message, let context else { return }
            let reader = Unmanaged<ReadStatReader>.fromOpaque(context).takeUnretainedValue()
            // ReadStat quotes the bytes it choked on: keep only printable text of its message.
            let text = String(String(cString: message).unicodeScalars.filter { $0.properties.generalCategory != .control
                && $0.properties.generalCategory != .unassigned && $0 != "\u{FFFD}" }.map(Character.init))
            reader.messages.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        let code = withExtendedLifetime(self) { path.withCString { parse(parser, $0, context) } }
        if cancellation.isCancelled { throw StoreError(.interrupted, "import interrupted") }
        guard code == READSTAT_OK else {
            let reason = String(cString: readstat_error_message(code))
            let detail = messages.last.map { " (\($0))" } ?? ""
            throw ImportProblem("cannot read the file: \(reason.prefix(1).lowercased() + reason.dropFirst())\(detail)")
        }
    }

    /// The columns SQLite gets, each as long as the longest variable (ReadStat
    /// hands values row by row, so a short one means a truncated file).
    func table(fileName: String) throws -> ImportedTable {
        let rowCount = variables.map(\.cells.count).max() ?? 0
        guard variables.allSatisfy({ $0.cells.count == rowCount }) else {
            throw ImportProblem("the file ends in the middle of a row (truncated?)")
        }
        guard !variables.isEmpty else { throw ImportProblem("the file has no variables") }
        let names = try Database.checkColumnNames(variables.map(\.name)) { "variable \($0 + 1)" }
        var warnings: [String] = []
        let columns = zip(names, variables).map { name, variable in
            convert(variable, name: name, warnings: &warnings)
        }
        return ImportedTable(columns: columns, rowCount: rowCount, warnings: warnings)
    }

    private func convert(_ variable: Variable, name: String, warnings: inout [String]) -> ImportedColumn {
        let label = variable.label.isEmpty ? nil : variable.label
        if let set = variable.labelSet, let labels = labelSets[set], !labels.isEmpty {
            return labelled(variable, name: name, label: label, labels: labels, warnings: &warnings)
        }
        if variable.isString {
            let values: [SQLValue] = variable.cells.map { if case .text(let s) = $0 { return .text(s) } else { return .null } }
            return ImportedColumn(name: name, declaredType: "TEXT", values: values, label: label)
        }
        let numbers: [Double?] = variable.cells.map { if case .number(let d) = $0 { return d } else { return nil } }
        switch StatisticalDateKind.of(format: variable.format, family: family) {
        case .date?:
            return dates(numbers, name: name, label: label, unit: family == .spss ? 86_400 : 1, warnings: &warnings)
        case .datetime?:
            return datetimes(numbers, name: name, label: label, warnings: &warnings)
        case .time?:
            let values: [SQLValue] = numbers.map { value in
                guard let value, let seconds = CivilDate.wholeSeconds(value) else { return .null }
                return .text(CivilDate.clock(seconds: seconds))
            }
            return ImportedColumn(name: name, declaredType: "TEXT", values: values, label: label)
        case .other(let what)?:
            warnings.append("column `\(name)` has the date format \(what), which SQ does not convert: its numbers were imported as they are")
            return plainNumbers(numbers, name: name, label: label)
        case nil:
            return plainNumbers(numbers, name: name, label: label)
        }
    }

    /// INTEGER when every value is whole (as the CSV importer decides), else REAL.
    private func plainNumbers(_ numbers: [Double?], name: String, label: String?) -> ImportedColumn {
        let whole = numbers.allSatisfy { $0.map { $0.rounded() == $0 && abs($0) < 1e15 } ?? true }
        let values: [SQLValue] = numbers.map { value in
            guard let value else { return .null }
            return whole ? .integer(Int64(value)) : .real(value)
        }
        return ImportedColumn(name: name, declaredType: whole ? "INTEGER" : "REAL", values: values, label: label)
    }

    /// Days (Stata, SAS) or seconds (SPSS, `unit` = 86400) since the family's epoch.
    private func dates(_ numbers: [Double?], name: String, label: String?, unit: Double, warnings: inout [String]) -> ImportedColumn {
        var outside = 0
        let values: [SQLValue] = numbers.map { value in
            guard let value else { return .null }
            guard value.isFinite, abs(value / unit) < 1e9,
                  let text = CivilDate.iso(days: family.epochDays + Int64((value / unit).rounded(.down))) else {
                outside += 1
                return .null
            }
            return .text(text)
        }
        if outside > 0 { warnings.append(Self.outsideWarning(name, outside)) }
        return ImportedColumn(name: name, declaredType: "DATE", values: values, label: label)
    }

    /// Seconds (Stata: milliseconds) since the epoch: DATE when every value is
    /// at midnight, else DATETIME text `yyyy-mm-dd hh:mm:ss`.
    private func datetimes(_ numbers: [Double?], name: String, label: String?, warnings: inout [String]) -> ImportedColumn {
        var outside = 0
        let seconds: [Int64?] = numbers.map { value in
            guard let value else { return nil }
            guard let s = CivilDate.wholeSeconds(value * family.datetimeUnit), abs(s) < 400_000_000_000 else { outside += 1; return nil }
            return s
        }
        let midnight = seconds.allSatisfy { ($0 ?? 0) % 86_400 == 0 }
        let values: [SQLValue] = seconds.map { value in
            guard let value else { return .null }
            let days = value >= 0 ? value / 86_400 : (value - 86_399) / 86_400
            guard let date = CivilDate.iso(days: family.epochDays + days) else { return .null }
            return .text(midnight ? date : date + " " + CivilDate.clock(seconds: value - days * 86_400))
        }
        if outside > 0 { warnings.append(Self.outsideWarning(name, outside)) }
        return ImportedColumn(name: name, declaredType: midnight ? "DATE" : "DATETIME", values: values, label: label)
    }

    static func outsideWarning(_ name: String, _ count: Int) -> String {
        "column `\(name)` has \(count) date value\(count == 1 ? "" : "s") outside the years 0–9999, imported as missing"
    }

    /// Values through their value labels (haven's `as_factor`): the levels are
    /// every label and every unlabelled value found, in coded order; a value
    /// with no label keeps its code as text, and the import says which.
    private func labelled(_ variable: Variable, name: String, label: String?, labels: [(key: Key, label: String)],
                          warnings: inout [String]) -> ImportedColumn {
        var byKey: [Key: String] = [:]
        for (key, text) in labels where byKey[key] == nil { byKey[key] = text }
        var unlabelled = Set<Key>()
        let keys: [Key?] = variable.cells.map { cell in
            switch cell {
            case .missing: return nil
            case .number(let d): return .number(d)
            case .text(let s): return .text(s)
            }
        }
        for case let key? in keys where byKey[key] == nil { unlabelled.insert(key) }
        let ordered = Set(byKey.keys).union(unlabelled).sorted(by: Self.codedOrder)
        func text(_ key: Key) -> String {
            if let label = byKey[key] { return label }
            switch key {
            case .number(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
            case .text(let s): return s
            }
        }
        var levels: [String] = []
        for key in ordered where !levels.contains(text(key)) { levels.append(text(key)) }
        if !unlabelled.isEmpty {
            let shown = unlabelled.sorted(by: Self.codedOrder).prefix(5).map(text).joined(separator: ", ")
            warnings.append("column `\(name)` has value labels, but not for \(unlabelled.count == 1 ? "the value" : "the values") \(shown)"
                            + "\(unlabelled.count > 5 ? ", ..." : ""): kept as \(unlabelled.count == 1 ? "its code" : "their codes"), as text")
        }
        let values: [SQLValue] = keys.map { $0.map { .text(text($0)) } ?? .null }
        return ImportedColumn(name: name, declaredType: "TEXT", values: values, label: label, levels: levels)
    }

    static func codedOrder(_ a: Key, _ b: Key) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y
        case (.text(let x), .text(let y)): return x < y
        case (.number, .text): return true
        case (.text, .number): return false
        }
    }
}

extension Database {
    /// `import "x.sav" as t`: SPSS, Stata or SAS data through ReadStat.
    func importStatistical(path: String, table: String, replace: Bool) throws -> ImportReport {
        guard let (family, parse) = ReadStatReader.family(of: path) else {
            throw StoreError(.unreadable, "\(path): not an SPSS, Stata or SAS file")
        }
        // ReadStat opens the path itself: a FIFO or device would block it, so only regular files go in.
        _ = try MappedFile(path: path)
        return try withLock {
            cancellation.reset()
            let reader = ReadStatReader(family: family, cancellation: cancellation)
            do {
                try reader.read(path: path, parse: parse)
                return try store(try reader.table(fileName: path), table: table, replace: replace)
            } catch let problem as ImportProblem {
                throw StoreError(.unreadable, "\(path): \(problem.message)")
            }
        }
    }
}
