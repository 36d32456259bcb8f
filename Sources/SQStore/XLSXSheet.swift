import SQBackend
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The cells of one worksheet part (`<sheetData><row><c r="B2" t="s" s="1"><v>3</v></c>`),
/// as written: type attribute, style and value text, by position.
final class XLSXSheet: NSObject, XMLParserDelegate {
    struct Cell {
        var row: Int
        var column: Int
        /// `t`: n (number, the default), s (shared string), inlineStr, str (formula text), b, e (error), d (ISO date).
        var type: String
        var style: Int
        var value: String
    }

    private(set) var cells: [Cell] = []
    private var row = 0
    private var rowsSeen = 0
    private var nextColumn = 0
    private var cell: Cell?
    private var inValue = false, inInline = false, inText = false, inPhonetic = false
    private var badReference: String?

    static func parse(_ data: Data, sheet: String) throws -> [Cell] {
        let collector = XLSXSheet()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        let ok = parser.parse()
        if let bad = collector.badReference { throw ImportProblem("sheet \"\(sheet)\": `\(bad)` is not a cell reference") }
        guard ok else { throw ImportProblem("the workbook is damaged: sheet \"\(sheet)\" is not well-formed XML (line \(parser.lineNumber))") }
        return collector.cells
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch XMLElements.local(name) {
        case "row":
            row = attributes["r"].flatMap(Int.init).map { $0 - 1 } ?? rowsSeen
            rowsSeen = row + 1
            nextColumn = 0
        case "c":
            var column = nextColumn, cellRow = row
            if let reference = attributes["r"] {
                guard let (c, r) = Self.reference(reference) else { badReference = reference; parser.abortParsing(); return }
                column = c
                cellRow = r
            }
            nextColumn = column + 1
            cell = Cell(row: cellRow, column: column, type: attributes["t"] ?? "n", style: attributes["s"].flatMap(Int.init) ?? 0, value: "")
        case "v": inValue = true
        case "is": inInline = true
        case "t" where inInline && !inPhonetic: inText = true
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch XMLElements.local(name) {
        case "c":
            if let cell { cells.append(cell) }
            cell = nil
        case "v": inValue = false
        case "is": inInline = false
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue || inText { cell?.value += string }
    }

    /// `B17` → (column 1, row 16), both 0-based; nil when it is not a reference.
    static func reference(_ text: String) -> (Int, Int)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if (65...90).contains(v) || (97...122).contains(v), digits == 0 {
                column = column * 26 + Int((v | 0x20) - 96)
                letters += 1
            } else if (48...57).contains(v), letters > 0 {
                row = row * 10 + Int(v - 48)
                digits += 1
            } else {
                return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, row > 0 else { return nil }
        return (column - 1, row - 1)
    }

    /// Column 1 → `B`.
    static func columnName(_ column: Int) -> String {
        var n = column + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    static func cellName(_ column: Int, _ row: Int) -> String { columnName(column) + String(row + 1) }
}
