import Foundation
import XCTest
@testable import SQPlot

/// Forest plots scale with their width: title, column headings, HR (95% CI) and p
/// beside each row, every text inside the canvas and none overlapping.
final class ForestLayoutTests: XCTestCase {
    static func plot(width: Double, height: Double? = nil) -> ForestPlot {
        var plot = ForestPlot(rows: [
            .init(label: "age (per 10 years)", estimate: 1.11, lower: 0.98, upper: 1.27, detail: "1.11 (0.98–1.27)", p: 0.094),
            .init(label: "sex female", estimate: 0.57, lower: 0.41, upper: 0.79, detail: "0.57 (0.41–0.79)", p: 0.0007),
            .init(label: "ECOG 0", estimate: 1, lower: nil, upper: nil, detail: "reference", isReference: true),
            .init(label: "ECOG 1", estimate: 1.78, lower: 1.12, upper: 2.83, detail: "1.78 (1.12–2.83)", p: 0.014),
            .init(label: "ECOG 3 (bedridden more than half of the day)", estimate: 10.9, lower: 1.3, upper: 91.4,
                  detail: "10.98 (1.32–91.38)", p: 0.027),
        ], title: "Overall survival, multivariable Cox model (n = 226, events = 163)")
        plot.width = width
        plot.height = height
        return plot
    }

    func testNothingIsClippedOrOverlapsAtAnyWidth() {
        for (width, height) in [(480.0, 360.0), (720, 520), (1200, 900), (2400, 1800), (4000, 3000)] {
            for plot in [Self.plot(width: width), Self.plot(width: width, height: height)] {
                let canvasHeight = ForestLayout(plot: plot, metrics: TextMetrics(family: plot.fontFamily)).height
                let boxes = plot.textBoxes()
                for box in boxes {
                    XCTAssertTrue(box.isInside(width: width, height: canvasHeight), "\(Int(width)): `\(box.text)` \(box) leaves the canvas")
                }
                for (i, a) in boxes.enumerated() {
                    for b in boxes[(i + 1)...] where a.overlaps(b) { XCTFail("\(Int(width)): `\(a.text)` overlaps `\(b.text)`") }
                }
                if let height = plot.height { XCTAssertEqual(canvasHeight, height, accuracy: 1e-9, "rows share the given height") }
            }
        }
    }

    func testEachRowPrintsItsEstimateAndP() {
        let texts = Self.plot(width: 760).textBoxes().map(\.text)
        for heading in ["Variable", "HR (95% CI)", "p"] { XCTAssertTrue(texts.contains(heading), heading) }
        XCTAssertTrue(texts.contains("0.57 (0.41–0.79)"))
        XCTAssertTrue(texts.contains("< 0.001"))
        XCTAssertTrue(texts.contains("0.094"))
        XCTAssertEqual(texts.filter { $0 == "reference" }.count, 1)
        let small = Self.plot(width: 720).textBoxes().first { $0.text == "Variable" }!.height
        let large = Self.plot(width: 2400).textBoxes().first { $0.text == "Variable" }!.height
        XCTAssertGreaterThan(large, 3 * small, "text grows with the width")
    }
}
