import Foundation
import XCTest
@testable import SQPlot

/// The Kaplan–Meier figure's layout comes from its size: at every size from
/// 480 × 360 to 4000 × 3000, with or without title, labels, many curves, a big
/// font, every text box lies inside the canvas and no two overlap; strokes and
/// text grow with the canvas.
final class FigureLayoutTests: XCTestCase {
    static let sizes: [(Double, Double)] = [(480, 360), (720, 520), (1200, 900), (2000, 1400), (2400, 1800), (4000, 3000)]

    /// A curve falling from 1 in steps (deterministic), with censor ticks and numbers at risk at `breaks`.
    static func curve(_ label: String, n: Double, rate: Double, breaks: [Double]) -> SurvivalCurvePlot.Curve {
        var time: [Double] = [], survival: [Double] = [], s = 1.0
        for k in 1...40 {
            let t = Double(k) * 25
            s *= exp(-rate * 25) * (k % 3 == 0 ? 1 : 0.99)
            time.append(t)
            survival.append(s)
        }
        let atRisk = breaks.map { b in (n * exp(-rate * b * 1.3)).rounded() }
        let median = zip(time, survival).first { $0.1 <= 0.5 }?.0
        return .init(label: label, time: time, survival: survival, lower: survival.map { $0 * 0.85 }, upper: survival.map { min(1, $0 * 1.1) },
                     censorTimes: [110, 340, 620], median: median, atRisk: atRisk)
    }

    static func plot(width: Double, height: Double, curves: Int = 2, configure: (inout FigureOptions) -> Void = { _ in }) -> SurvivalCurvePlot {
        let breaks = AxisBreaks.breaks(upTo: 1000)
        let labels = ["sex=1", "sex=2", "histotype=UPS and a long name", "group 4 (n = 12)", "≤ 2 cm"]
        var options = FigureOptions()
        options.width = width
        options.height = height
        options.confidenceBands = true
        configure(&options)
        let all = (0..<curves).map { curve(labels[$0], n: 1000 + Double($0) * 9000, rate: 0.001 * Double($0 + 1), breaks: breaks) }
        return SurvivalCurvePlot(curves: all, timeLabel: "Time (days)", breaks: breaks,
                                 note: curves > 1 ? "Log-rank p < 0.001" : nil, options: options)
    }

    func assertLayoutHolds(_ plot: SurvivalCurvePlot, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let boxes = plot.textBoxes()
        XCTAssertGreaterThan(boxes.count, 10, name, file: file, line: line)
        for box in boxes {
            XCTAssertTrue(box.isInside(width: plot.width, height: plot.height), "\(name): `\(box.text)` \(box) leaves the canvas", file: file, line: line)
        }
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] where a.overlaps(b) {
                XCTFail("\(name): `\(a.text)` \(a) overlaps `\(b.text)` \(b)", file: file, line: line)
            }
        }
    }

    func testNothingIsClippedOrOverlapsAtAnySize() {
        for (width, height) in Self.sizes {
            let name = "\(Int(width))×\(Int(height))"
            assertLayoutHolds(Self.plot(width: width, height: height), name)
            assertLayoutHolds(Self.plot(width: width, height: height, curves: 5) {
                $0.title = "Overall survival by lesion size, all centres, 1995–2020"
            }, name + " five curves and a title")
            assertLayoutHolds(Self.plot(width: width, height: height, curves: 1) { $0.riskTable = false }, name + " one curve, no table")
            assertLayoutHolds(Self.plot(width: width, height: height) {
                $0.cumulative = true
                $0.labels = ["≤ 2 cm", "> 2 cm"]
                $0.fontFamily = "Times New Roman"
                $0.ylab = "Cumulative incidence of relapse"
            }, name + " cumulative, labels, Times")
        }
    }

    func testTheIssuesExampleHolds() {
        // width = 2000, height = 1400, font = 24: the p-value was clipped and the y title overlapped the 50% tick.
        assertLayoutHolds(Self.plot(width: 2000, height: 1400) { $0.fontSize = 24 }, "2000×1400 font 24")
        assertLayoutHolds(Self.plot(width: 480, height: 360) { $0.fontSize = 40 }, "480×360 font 40 shrinks to fit")
        var plot = Self.plot(width: 720, height: 520)
        plot.minCell = 5
        assertLayoutHolds(plot, "min_cell note")
    }

    func testTextAndStrokesGrowWithTheCanvas() throws {
        func firstCurveWidth(_ svg: String) throws -> Double {
            let range = try XCTUnwrap(svg.range(of: #"class="curve""#))
            let before = svg[..<range.lowerBound]
            let width = try XCTUnwrap(before.range(of: "stroke-width=\"", options: .backwards))
            return try XCTUnwrap(Double(before[width.upperBound...].prefix { $0 != "\"" }))
        }
        let small = Self.plot(width: 720, height: 520), large = Self.plot(width: 2400, height: 1800)
        XCTAssertGreaterThan(try firstCurveWidth(large.svg()), 2.5 * (try firstCurveWidth(small.svg())))
        let smallText = try XCTUnwrap(small.textBoxes().first { $0.text == "Time (days)" }?.height)
        let largeText = try XCTUnwrap(large.textBoxes().first { $0.text == "Time (days)" }?.height)
        XCTAssertGreaterThan(largeText, 2.5 * smallText)
        XCTAssertTrue(large.svg().contains("font-family=\"Helvetica, Arial"))
        XCTAssertTrue(Self.plot(width: 720, height: 520) { $0.fontFamily = "Times New Roman" }.svg().contains("'Times New Roman', 'Liberation Serif', serif"))
    }

    func testOptionsShowInTheFigure() {
        let plot = Self.plot(width: 720, height: 520) {
            $0.title = "OS"
            $0.labels = ["≤ 2 cm", "> 2 cm"]
            $0.riskTable = false
            $0.median = false
            $0.pvalue = false
            $0.palette = .nejm
            $0.cumulative = true
        }
        let texts = plot.textBoxes().map(\.text)
        XCTAssertTrue(texts.contains("OS"))
        XCTAssertTrue(texts.contains("≤ 2 cm") && texts.contains("> 2 cm"))
        XCTAssertFalse(texts.contains("Number at risk"))
        XCTAssertFalse(texts.contains { $0.hasPrefix("Log-rank") })
        XCTAssertTrue(texts.contains("Cumulative incidence"))
        let svg = plot.svg()
        XCTAssertTrue(svg.contains(FigurePalette.nejm.colours[0]))
        XCTAssertFalse(svg.contains("stroke-dasharray=\"8 6\""), "no median lines")
        XCTAssertTrue(Self.plot(width: 720, height: 520) { $0.palette = .grey }.svg().contains("stroke-dasharray"), "grey curves differ by dashes")
    }

    func testDenseBreaksAreLabelledEveryFewTicks() {
        var plot = Self.plot(width: 480, height: 360)
        plot.breaks = stride(from: 0.0, through: 1000, by: 25).map { $0 }
        plot.curves = plot.curves.map { var c = $0; c.atRisk = plot.breaks.map { 10000 - $0 }; return c }
        assertLayoutHolds(plot, "41 breaks at 480 px")
        XCTAssertLessThan(plot.textBoxes().filter { $0.text == "0" || $0.text == "1000" }.count, 4)
    }
}
