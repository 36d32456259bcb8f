import SQBackend
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `xl/sharedStrings.xml`: one `<si>` per string, either plain (`<t>`) or
/// rich text (runs `<r><t>`), whose texts are concatenated; phonetic guides
/// (`<rPh>`) are not part of the text (ECMA-376 §18.4).
final class XLSXSharedStrings: NSObject, XMLParserDelegate {
    private var strings: [String] = []
    private var current = ""
    private var inItem = false, inText = false, inPhonetic = false

    static func parse(_ data: Data, part: String) throws -> [String] {
        let collector = XLSXSharedStrings()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse() else { throw ImportProblem("the workbook is damaged: \(part) is not well-formed XML (line \(parser.lineNumber))") }
        return collector.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch XMLElements.local(name) {
        case "si": inItem = true; current = ""
        case "t" where inItem && !inPhonetic: inText = true
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch XMLElements.local(name) {
        case "si": strings.append(current); inItem = false
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }
}
