import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import SQPlot

/// The cutpoint scan: well-formed SVG, a point per estimable candidate, the line
/// broken at a missing statistic, and the chosen cutoff marked.
final class CutpointScanPlotTests: XCTestCase {
    func testScanSVG() throws {
        let plot = CutpointScanPlot(cutoffs: [0.5, 1, 1.5, 2, 2.5], statistics: [0.4, 1.2, nil, 3.1, 2.0], chosen: 2,
                                    title: "Scan <x & y>", xLabel: "Cutoff of x", yLabel: "Statistic", note: "p = 0.01")
        let svg = plot.svg()
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = PlotTests.Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "not well-formed XML")
        XCTAssertEqual(collector.classes["candidate"]?.count, 4, "no point where the statistic is missing")
        XCTAssertEqual(collector.classes["chosen"]?.count, 1)
        XCTAssertEqual(collector.classes["chosen-label"], ["cutoff 2"])
        XCTAssertEqual(collector.classes["note"], ["p = 0.01"])
        let path = try XCTUnwrap(collector.attributesByClass["scan"]?.first?["d"])
        XCTAssertEqual(path.filter { $0 == "M" }.count, 2, "the line restarts after the gap")
    }

    func testAScanWithoutAChoiceDrawsNoMarker() throws {
        let svg = CutpointScanPlot(cutoffs: [1, 2], statistics: [nil, nil], chosen: nil, title: "t", xLabel: "x", yLabel: "y").svg()
        XCTAssertFalse(svg.contains("class=\"chosen\""))
        XCTAssertFalse(svg.contains("class=\"scan\""))
    }
}
