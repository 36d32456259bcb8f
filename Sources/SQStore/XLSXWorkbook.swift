import SQBackend
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An Excel workbook (Office Open XML, ECMA-376 Part 1 §18): a ZIP archive of
/// XML parts. `xl/workbook.xml` lists the sheets and the date system, its
/// relationships name each sheet's part, `xl/styles.xml` says which cells are
/// dates (by number format) and `xl/sharedStrings.xml` holds the text most
/// cells point into.
struct XLSXWorkbook {
    struct Sheet {
        var name: String
        var part: String
    }

    let archive: ZIPArchive
    /// Polled while a part inflates (Ctrl-C, `cancel()`, the time limit).
    let shouldStop: () -> Bool
    private(set) var sheets: [Sheet] = []
    /// The 1904 date system (`<workbookPr date1904="1"/>`, old Mac Excel): serial 0 is 1904-01-01.
    private(set) var uses1904 = false
    private(set) var sharedStrings: [String] = []
    /// Per cell style (`s` attribute): what its number format makes of a number.
    private(set) var styleKinds: [XLSXNumberKind] = []

    /// Any one part larger than this is refused (a ZIP bomb or not a workbook a person keeps).
    #if FUZZING
    /// The fuzzer's inputs are at most 32 KiB: a part that inflates past 64 MiB is a
    /// decompression bomb, and inflating a gigabyte under AddressSanitizer passes the
    /// fuzzer's 10 s limit per input (the real limit below bounds it in real use).
    static let partLimit = 64 << 20
    #else
    static let partLimit = 1 << 30
    #endif

    /// Reads the archive's directory; the parts are inflated when asked for.
    init(path: String, shouldStop: @escaping () -> Bool = { false }) throws {
        archive = try ZIPArchive(path: path)
        self.shouldStop = shouldStop
        guard let workbook = try part("xl/workbook.xml") else {
            throw ImportProblem("not an Excel workbook (.xlsx): it has no xl/workbook.xml (an .xls file from before 2007 must be saved as .xlsx first)")
        }
        let relationships = try part("xl/_rels/workbook.xml.rels").map { try XMLElements.parse($0, part: "xl/_rels/workbook.xml.rels") } ?? []
        var targets: [String: String] = [:]
        for element in relationships where element.name == "Relationship" {
            if let id = element.attributes["Id"], let target = element.attributes["Target"] { targets[id] = Self.resolve(target) }
        }
        for element in try XMLElements.parse(workbook, part: "xl/workbook.xml") {
            switch element.name {
            case "workbookPr":
                let flag = element.attributes["date1904"]?.lowercased()
                uses1904 = flag == "1" || flag == "true"
            case "sheet":
                guard let name = element.attributes["name"] else { continue }
                let id = element.attributes["r:id"] ?? element.attributes.first { $0.key.hasSuffix(":id") }?.value
                let part = id.flatMap { targets[$0] } ?? "xl/worksheets/sheet\(sheets.count + 1).xml"
                sheets.append(Sheet(name: name, part: part))
            default: break
            }
        }
        guard !sheets.isEmpty else { throw ImportProblem("the workbook has no sheets") }
        if let styles = try part("xl/styles.xml") { styleKinds = try Self.styles(styles) }
        let stringsPart = targets.values.first { $0.hasSuffix("sharedStrings.xml") } ?? "xl/sharedStrings.xml"
        if let strings = try part(stringsPart) { sharedStrings = try XLSXSharedStrings.parse(strings, part: stringsPart) }
    }

    /// `/xl/worksheets/sheet1.xml` or `worksheets/sheet1.xml` (relative to xl/) as an archive path.
    static func resolve(_ target: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = ["xl"]
        for piece in target.split(separator: "/") {
            if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }

    /// The bytes of one part, or nil when the archive has no such entry.
    func part(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        return try archive.contents(of: entry, limit: Self.partLimit, shouldStop: shouldStop)
    }

    /// The sheet named `name` (case-insensitively) or at 1-based `position`.
    func sheet(named name: String?, position: Int?) throws -> Sheet {
        let listed = sheets.map { "\"\($0.name)\"" }.joined(separator: ", ")
        if let position {
            guard sheets.indices.contains(position - 1) else {
                throw ImportProblem("the workbook has \(sheets.count) sheet\(sheets.count == 1 ? "" : "s") (\(listed)), not a sheet \(position)")
            }
            return sheets[position - 1]
        }
        if let name {
            guard let sheet = sheets.first(where: { $0.name == name }) ?? sheets.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw ImportProblem("the workbook has no sheet \"\(name)\"; its sheets are \(listed)")
            }
            return sheet
        }
        return sheets[0]
    }

    /// cellXfs in order: each style's number format read as date, time or number.
    static func styles(_ data: Data) throws -> [XLSXNumberKind] {
        var custom: [Int: String] = [:]
        var kinds: [XLSXNumberKind] = []
        var inCellXfs = false
        for element in try XMLElements.parse(data, part: "xl/styles.xml", ends: ["cellXfs"]) {
            switch element.name {
            case "numFmt":
                if let id = element.attributes["numFmtId"].flatMap(Int.init), let code = element.attributes["formatCode"] { custom[id] = code }
            case "cellXfs": inCellXfs = true
            case "/cellXfs": inCellXfs = false
            case "xf" where inCellXfs:
                let id = element.attributes["numFmtId"].flatMap(Int.init) ?? 0
                kinds.append(custom[id].map(XLSXNumberKind.init(formatCode:)) ?? XLSXNumberKind(builtin: id))
            default: break
            }
        }
        return kinds
    }
}

/// What a number format makes of a cell's number (ECMA-376 §18.8.30–31).
enum XLSXNumberKind: Equatable {
    case number, date, time

    /// Built-in formats 14–22 and 45–47 are dates and times; 27–36 and 50–58 the CJK dates.
    init(builtin id: Int) {
        switch id {
        case 14...17, 22, 27...31, 34...36, 50...58: self = .date
        case 18...21, 32, 33, 45...47: self = .time
        default: self = .number
        }
    }

    /// A custom code is a date when, outside quoted text, escapes and `[...]`
    /// colour or locale tags, it has a day, month or year; a time when it has
    /// only hours, minutes or seconds.
    init(formatCode: String) {
        var stripped = ""
        var quoted = false, bracket = false, escaped = false
        for c in formatCode {
            if escaped { escaped = false; continue }
            if quoted { if c == "\"" { quoted = false }; continue }
            if bracket { if c == "]" { bracket = false }; continue }
            switch c {
            case "\"": quoted = true
            case "\\", "_", "*": escaped = true
            case "[": bracket = true
            default: stripped.append(c)
            }
        }
        let letters = Set(stripped.lowercased())
        if letters.contains("y") || letters.contains("d") || (letters.contains("m") && !letters.contains("h") && !letters.contains("s")) {
            self = .date
        } else if letters.contains("h") || letters.contains("s") {
            self = .time
        } else {
            self = .number
        }
    }
}

/// A flat list of the start (and, where asked, end) tags of an XML part with
/// their attributes: enough for the workbook, relationships and styles parts.
final class XMLElements: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
    }

    private var elements: [Element] = []
    private let ends: Set<String>

    private init(ends: Set<String>) { self.ends = ends }

    static func parse(_ data: Data, part: String, ends: Set<String> = []) throws -> [Element] {
        let collector = XMLElements(ends: ends)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse() else { throw ImportProblem("the workbook is damaged: \(part) is not well-formed XML (line \(parser.lineNumber))") }
        return collector.elements
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(Element(name: Self.local(name), attributes: attributes))
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let local = Self.local(name)
        if ends.contains(local) { elements.append(Element(name: "/" + local, attributes: [:])) }
    }

    /// `x:sheet` → `sheet` (some writers prefix the main namespace).
    static func local(_ name: String) -> String {
        name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
    }
}
