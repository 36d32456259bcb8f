import Foundation
import XCTest
@testable import SQ
import SQRender

/// `plot km ... with ...` as survminer users write it, and the output formats by extension.
final class FigureOptionTests: XCTestCase {
    let lung = Repository.path("Tests/Fixtures/data/lung.csv")
    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "sq-figures-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    /// A session that writes figures as `sq` does (SQRender's converting writer).
    func session() throws -> Session {
        var options = Session.Options()
        options.figureWriter = ConvertingFigureWriter()
        let s = try Session(options: options)
        try s.run("import \"\(lung)\" as lung\nendpoint os = surv(time, status == 2, unit = days)")
        return s
    }

    func plot(_ s: Session, _ options: String, file: String = "km.svg") throws -> (PlotResult, String) {
        let path = folder + "/" + file
        guard case .plot(let result) = try XCTUnwrap(s.run("plot km os by sex to \"\(path)\" with \(options)").first).value else {
            throw XCTSkip("not a plot")
        }
        let svg = file.hasSuffix(".svg") ? try String(contentsOfFile: path, encoding: .utf8) : ""
        return (result, svg)
    }

    func error(_ s: Session, _ source: String) -> SQError? {
        do { _ = try s.run(source); return nil } catch { return error as? SQError }
    }

    func testSurvminerOptionsReachTheFigure() throws {
        let s = try session()
        let (result, svg) = try plot(s, """
            title = "Overall survival", xlab = "Months since diagnosis", ylab = "Alive", breaks = 6mo, xlim = 24mo, \
            labels = ("Male", "Female"), palette = lancet, font = "Times New Roman", median = false, pvalue = false
            """)
        XCTAssertEqual(result.breaks?.count, 5, "0, 6, 12, 18, 24 months")
        XCTAssertEqual(result.breaks?.last ?? 0, 730.5, accuracy: 1e-9, "breaks in the endpoint's days")
        for text in [">Overall survival<", ">Months since diagnosis<", ">Alive<", ">Male<", ">Female<", ">18<", "#00468B", "Times New Roman"] {
            XCTAssertTrue(svg.contains(text), "\(text) in the figure")
        }
        XCTAssertFalse(svg.contains("Log-rank"))
        let (cumulative, incidence) = try plot(s, "fun = \"event\", risk_table = false, font_size = 15")
        XCTAssertTrue(incidence.contains(">Cumulative incidence<"))
        XCTAssertFalse(incidence.contains("Number at risk"))
        XCTAssertTrue(incidence.contains("font-size=\"15\""))
        XCTAssertEqual(cumulative.series.count, 2)
    }

    func testOptionErrorsPointAtTheOption() throws {
        let s = try session()
        let labels = try XCTUnwrap(error(s, "plot km os by sex to \"\(folder)/x.svg\" with labels = (\"a\", \"b\", \"c\")"))
        XCTAssertEqual(labels.message, "`labels` gives 3 labels for 2 curves")
        XCTAssertTrue(labels.rendered.contains("hint: the curves, in order: sex=1, sex=2"), labels.rendered)
        XCTAssertEqual(error(s, "plot km os to \"\(folder)/x.svg\" with palette = rainbow")?.message,
                       "`palette` must be one of okabe-ito, lancet, nejm, jco, grey, gray")
        XCTAssertEqual(error(s, "plot km os to \"\(folder)/x.svg\" with font = 12, font_size = 14")?.message,
                       "`font` and `font_size` are the same option: give one")
        XCTAssertEqual(error(s, "plot km os to \"\(folder)/x.jpg\"")?.message, "figures are written as .svg, .pdf, .png or .tiff, not `\(folder)/x.jpg`")
        XCTAssertEqual(error(s, "plot km os to \"\(folder)/x.svg\" with breaks = 0")?.message,
                       "`breaks` is the interval between ticks, more than 0 (`breaks = 12mo`)")
    }

    func testAMissingConverterIsNamed() throws {
        let s = try session()
        let saved = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        setenv("PATH", folder, 1)
        defer { setenv("PATH", saved, 1) }
        let png = try XCTUnwrap(error(s, "plot km os to \"\(folder)/x.png\""))
        XCTAssertEqual(png.message, ".png figures need rsvg-convert, which is not installed")
        XCTAssertTrue(png.rendered.contains("apt-get install librsvg2-bin"))
        XCTAssertEqual(error(s, "plot km os to \"\(folder)/x.pdf\"")?.message, ".pdf figures need rsvg-convert, which is not installed")
    }

    /// PNG at the resolution asked, PDF as a vector file, TIFF with its dpi recorded.
    func testRasterAndVectorFormats() throws {
        guard ConvertingFigureWriter.findExecutable("rsvg-convert") != nil else { throw XCTSkip("rsvg-convert is not installed (apt-get install librsvg2-bin)") }
        let s = try session()
        _ = try plot(s, "dpi = 300", file: "km.png")
        let png = try Data(contentsOf: URL(fileURLWithPath: folder + "/km.png"))
        XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(width, 2250, "720 px at 300 dpi")
        XCTAssertEqual(height, 1625)
        _ = try plot(s, "width = 900", file: "km.pdf")
        let pdf = try Data(contentsOf: URL(fileURLWithPath: folder + "/km.pdf"))
        XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")
        guard (try? ConvertingFigureWriter.requireImageMagick()) != nil else { throw XCTSkip("ImageMagick is not installed (apt-get install imagemagick)") }
        _ = try plot(s, "dpi = 600", file: "km.tif")
        let tiff = try Data(contentsOf: URL(fileURLWithPath: folder + "/km.tif"))
        XCTAssertTrue(tiff.prefix(4) == Data([0x49, 0x49, 0x2A, 0x00]) || tiff.prefix(4) == Data([0x4D, 0x4D, 0x00, 0x2A]), "a TIFF file")
    }
}
