import Foundation
import XCTest
@testable import SQPlot

/// The layout measures text before drawing it; this checks those widths against
/// what rsvg-convert actually draws with the installed fonts (ImageMagick trims
/// the rendered ink): the estimate must never be narrower than the ink.
final class TextMetricsRenderTests: XCTestCase {
    static func program(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    func testMeasuredWidthsCoverTheRenderedInk() throws {
        guard let rsvg = Self.program("rsvg-convert") else { throw XCTSkip("rsvg-convert is not installed (apt-get install librsvg2-bin)") }
        guard let magick = Self.program("magick") ?? Self.program("convert") else { throw XCTSkip("ImageMagick is not installed (apt-get install imagemagick)") }
        let folder = NSTemporaryDirectory() + "sq-metrics-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let samples = ["Survival probability", "Number at risk", "Log-rank p < 0.001", "histotype=UPS", "≤ 2 cm", "1.78 (1.12–2.83)",
                       "WWW MMM mmm", "Cumulative incidence of relapse", "100%"]
        for family in ["Helvetica", "Times New Roman", "Arial"] {
            for (i, text) in samples.enumerated() {
                for bold in family == "Helvetica" ? [false, true] : [false] {
                    var svg = SVGDocument(width: 4000, height: 200, fontFamily: family)
                    svg.text(text, x: 10, y: 150, size: 100, weight: bold ? "bold" : "normal")
                    let base = "\(folder)/t\(i)\(bold ? "b" : "")"
                    try svg.text.write(toFile: base + ".svg", atomically: true, encoding: .utf8)
                    _ = try Self.run(rsvg, ["-o", base + ".png", base + ".svg"])
                    // "t.png PNG 1158x97 4000x200+14+75 ...": the trimmed size and its offset.
                    let info = try Self.run(magick, [base + ".png", "-trim", "info:"]).split(separator: " ")
                    guard info.count > 3, let ink = Double(info[2].split(separator: "x")[0]),
                          let offset = Double(info[3].split(separator: "+")[1]) else { return XCTFail("ImageMagick said \(info)") }
                    let measured = svg.metrics.width(text, size: 100, bold: bold)
                    XCTAssertGreaterThanOrEqual(measured, offset - 10 + ink, "\(family)\(bold ? " bold" : ""): `\(text)` drawn wider than measured")
                }
            }
        }
    }
}
