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
        var attributesByClass: [String: [[String: String]]] = [:]
        private var currentClass: String?
        private var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append(name)
            currentClass = attributes["class"]
            text = ""
            if let c = currentClass, name != "text" {
                classes[c, default: []].append(name)
                attributesByClass[c, default: []].append(attributes)
            }
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

    func testPooledForestSizesBoxesByWeightAndDrawsADiamond() throws {
        let plot = ForestPlot(rows: [
            .init(label: "Study A", estimate: 0.4, lower: 0.2, upper: 0.6, detail: "0.40", weight: 10),
            .init(label: "Study B", estimate: 0.5, lower: 0.45, upper: 0.55, detail: "0.50", weight: 40),
            .init(label: "Pooled (DL)", estimate: 0.48, lower: 0.42, upper: 0.54, detail: "0.48", isSummary: true),
        ], title: "Pooled", scale: .proportion, axisLabel: "Proportion", columnHeading: "Estimate")
        let parsed = try parse(plot.svg())
        XCTAssertEqual(parsed.classes["estimate"], ["rect", "rect"], "a box per study, none for the pooled row")
        XCTAssertEqual(parsed.classes["summary"], ["path"], "the pooled estimate is a diamond")
        let sides = (parsed.attributesByClass["estimate"] ?? []).compactMap { $0["width"].flatMap(Double.init) }
        XCTAssertEqual(sides.count, 2)
        XCTAssertEqual(sides[1], 14, accuracy: 1e-9, "the heaviest study gets the largest box")
        XCTAssertEqual(sides[0], 5 + 9 * 0.5, accuracy: 1e-9, "box side grows with the square root of the weight")
        XCTAssertNil(parsed.classes["clipped"])
    }

    func testIntervalsOffTheAxisEndInArrows() throws {
        let plot = ForestPlot(rows: [
            .init(label: "Study C", estimate: 0.05, lower: -0.08, upper: 0.17, detail: "0.05 (-0.08–0.17)", weight: 8),
        ], title: "Pooled", scale: .proportion)
        XCTAssertEqual(try parse(plot.svg()).classes["clipped"], ["path"])
    }

    func testLinearForestAxisEnclosesNegativeEstimates() {
        let plot = ForestPlot(rows: [
            .init(label: "a", estimate: -1.5, lower: -3, upper: 0.2, detail: ""),
            .init(label: "b", estimate: 2, lower: 0.5, upper: 3.5, detail: ""),
        ], title: "Mean difference", scale: .linear)
        let axis = plot.axis()
        XCTAssertEqual(axis.ticks, [-4, -2, 0, 2, 4])
        XCTAssertEqual(axis.low, -4)
        XCTAssertEqual(axis.high, 4)
        XCTAssertEqual(axis.null, 0)
    }

    func testAxisBreaksAreRound() {
        XCTAssertEqual(AxisBreaks.enclosing(0.3, 47), [0, 10, 20, 30, 40, 50])
        XCTAssertEqual(AxisBreaks.enclosing(-0.25, 0.25), [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3])
        XCTAssertEqual(AxisBreaks.enclosing(0, 1.2), [0, 0.25, 0.5, 0.75, 1, 1.25])
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
