import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import SQPlot

/// The SVG is well-formed XML with one curve per stratum, the at-risk table
/// under the breaks, and a forest row per term; the terminal drawing has a
/// legend line per curve.
final class PlotTests: XCTestCase {
    func curvePlot() -> SurvivalCurvePlot {
        let a = SurvivalCurvePlot.Curve(label: "trt=1", time: [1, 3, 5, 8], survival: [0.9, 0.7, 0.7, 0.4],
                                        lower: [0.8, 0.5, 0.5, 0.2], upper: [1, 0.9, 0.9, 0.7], censorTimes: [5],
                                        median: 8, atRisk: [10, 6, 2])
        let b = SurvivalCurvePlot.Curve(label: "trt=2 <&>", time: [2, 4, 9], survival: [0.8, 0.5, 0],
                                        lower: [0.6, 0.3, .nan], upper: [0.95, 0.8, .nan], censorTimes: [],
                                        median: 4, atRisk: [9, 4, 1])
        return SurvivalCurvePlot(curves: [a, b], timeLabel: "Time (months)", breaks: [0, 5, 10], note: "Log-rank p = 0.04",
                                 showConfidenceBands: true)
    }

    /// Element names and the text of elements with a class, collected by XMLParser.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [String] = []
        var classes: [String: [String]] = [:]
        private var currentClass: String?
        private var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append(name)
            currentClass = attributes["class"]
            text = ""
            if let c = currentClass, name != "text" { classes[c, default: []].append(name) }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text", let c = currentClass { classes[c, default: []].append(text) }
            currentClass = nil
        }
    }

    func parse(_ svg: String) throws -> Collector {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
        return collector
    }

    func testKaplanMeierSVG() throws {
        let svg = curvePlot().svg()
        let parsed = try parse(svg)
        XCTAssertEqual(parsed.elements.first, "svg")
        XCTAssertEqual(parsed.classes["curve"]?.count, 2, "one path per stratum")
        XCTAssertEqual(parsed.classes["band"]?.count, 2)
        XCTAssertEqual(parsed.classes["at-risk"], ["10", "6", "2", "9", "4", "1"])
        XCTAssertEqual(parsed.classes["tick"], ["0", "5", "10"])
        XCTAssertEqual(parsed.classes["legend"], ["trt=1", "trt=2 <&>"])
        XCTAssertEqual(parsed.classes["note"], ["Log-rank p = 0.04"])
    }

    func testForestSVG() throws {
        let plot = ForestPlot(rows: [
            .init(label: "age", estimate: 1.02, lower: 1.0, upper: 1.04, detail: "1.02 (1.00–1.04)"),
            .init(label: "histo LMS", estimate: 1, lower: nil, upper: nil, detail: "reference", isReference: true),
            .init(label: "histo UPS", estimate: 2.1, lower: 1.2, upper: 3.9, detail: "2.10 (1.20–3.90)"),
        ], title: "Cox model os")
        let parsed = try parse(plot.svg())
        XCTAssertEqual(parsed.classes["row-label"], ["age", "histo LMS", "histo UPS"])
        XCTAssertEqual(parsed.classes["estimate"]?.count, 2, "no marker for the reference row")
    }

    func testAxisBreaksAreRound() {
        XCTAssertEqual(AxisBreaks.breaks(upTo: 100), [0, 20, 40, 60, 80, 100])
        XCTAssertEqual(AxisBreaks.breaks(upTo: 1022), [0, 200, 400, 600, 800, 1000])
        XCTAssertEqual(AxisBreaks.breaks(upTo: 7.5), [0, 2, 4, 6])
    }

    func testTerminalDrawing() {
        let text = TerminalPlot.render(curvePlot(), columns: 40, rows: 10, colour: false)
        let lines = text.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.contains("━━ trt=1") })
        XCTAssertTrue(lines.contains { $0.contains("━━ trt=2 <&>") })
        XCTAssertTrue(lines[0].hasPrefix("100% │"))
        XCTAssertTrue(text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "braille dots drawn")
        XCTAssertFalse(text.contains("\u{1B}["), "no colour codes when colour is off")
    }
}
