import Foundation
import XCTest
import SQ
import SQRender

/// Issue 19 §4: the session knows no terminal and starts no process. A plot
/// result carries its figure as data, the renderer draws it, and figure files
/// go through the host's `FigureWriter`.
final class FigureWriterEmbeddingTests: XCTestCase {
    /// Keeps what the session hands to the writer, and writes nothing.
    final class RecordingWriter: FigureWriter, @unchecked Sendable {
        struct Call { var svg: String; var path: String; var format: FigureFormat; var dpi: Double }
        private let lock = NSLock()
        private var recorded: [Call] = []
        var calls: [Call] { lock.withLock { recorded } }
        func write(svg: String, to path: String, format: FigureFormat, dpi: Double) throws {
            lock.withLock { recorded.append(Call(svg: svg, path: path, format: format, dpi: dpi)) }
        }
    }

    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "sq-writer-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func session(_ writer: (any FigureWriter)?) throws -> Session {
        var options = Session.Options()
        options.baseDirectory = folder
        if let writer { options.figureWriter = writer }
        let s = try Session(options: options)
        try s.run("""
            import "\(Repository.path("Tests/Fixtures/data/lung.csv"))" as lung
            endpoint os = surv(time, status == 2, unit = days)
            """)
        return s
    }

    func testACustomWriterReceivesTheSVGOfAPNGFigure() throws {
        let writer = RecordingWriter()
        let s = try session(writer)
        let result = try XCTUnwrap(s.run("plot km os by sex to \"x.png\" with dpi = 300").first)
        XCTAssertEqual(writer.calls.count, 1)
        let call = try XCTUnwrap(writer.calls.first)
        XCTAssertEqual(call.format, .png)
        XCTAssertEqual(call.dpi, 300)
        XCTAssertEqual(call.path, folder + "/x.png", "resolved against the session's folder")
        XCTAssertTrue(call.svg.contains("<svg"), call.svg.prefix(200).description)
        XCTAssertEqual(call.svg.components(separatedBy: "class=\"curve\"").count - 1, 2, "one curve per sex")
        // The writer wrote nothing and nothing else did: no converter ran.
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/x.png"))
        guard case .plot(let plot) = result.value else { return XCTFail("not a plot: \(result.value.kind)") }
        XCTAssertEqual(plot.path, folder + "/x.png")
        guard case .survivalCurves(let curves)? = plot.figure else { return XCTFail("the result carries the curves") }
        XCTAssertEqual(curves.curves.map(\.label), ["sex=1", "sex=2"])
        XCTAssertEqual(plot.svg, call.svg, "the result's figure draws the same SVG")

        _ = try s.run("let m = fit cox os ~ age + sex")
        _ = try s.run("plot forest m to \"f.tiff\"")
        XCTAssertEqual(writer.calls.last?.format, .tiff)
        XCTAssertTrue(writer.calls.last?.svg.contains("<svg") == true)
    }

    func testWithoutAConverterAPNGNamesTheOption() throws {
        let s = try session(nil)
        XCTAssertNoThrow(try s.run("plot km os to \"km.svg\""))
        XCTAssertTrue(try String(contentsOfFile: folder + "/km.svg", encoding: .utf8).contains("<svg"))
        XCTAssertThrowsError(try s.run("plot km os to \"km.png\"")) { error in
            let e = error as? SQError
            XCTAssertEqual(e?.message, ".png figures need a figure writer that converts SVG; this session writes .svg only")
            XCTAssertTrue(e?.rendered.contains("Session.Options.figureWriter") == true, e?.rendered ?? "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/km.png"))
    }

    /// The terminal drawing is the text renderer's, coloured when the host says so;
    /// the JSON keeps its fields in the contract's order, `terminal` last.
    func testTheRendererDrawsTheTerminalPlot() throws {
        let s = try session(RecordingWriter())
        let result = try XCTUnwrap(s.run("plot km os by sex").first)
        guard case .plot(let plot) = result.value else { return XCTFail("not a plot") }
        XCTAssertNil(plot.path)
        let plain = try Renderer(format: .text).render(result)
        let coloured = try Renderer(format: .text, colour: true).render(result)
        XCTAssertTrue(plain.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) }, "braille: \(plain)")
        XCTAssertFalse(plain.contains("\u{1B}["), plain)
        XCTAssertTrue(coloured.contains("\u{1B}["), coloured)
        let json = try Renderer(format: .json).render(result)
        XCTAssertTrue(json.contains("\"series\":[\"sex=1\",\"sex=2\"]"), json)
        let keys = ["\"plot\":", "\"path\":null", "\"series\":", "\"breaks\":", "\"at_risk\":", "\"terminal\":\""]
        let positions = keys.compactMap { json.range(of: $0)?.lowerBound }
        XCTAssertEqual(positions.count, keys.count, json)
        XCTAssertEqual(positions, positions.sorted(), json)
        let drawing = try XCTUnwrap(Renderer.terminalDrawing(plot, colour: false))
        XCTAssertTrue(plain.contains(drawing))
        XCTAssertTrue(json.contains(drawing.replacingOccurrences(of: "\n", with: "\\n")), json)

        let file = try XCTUnwrap(s.run("plot km os by sex to \"km.svg\"").first)
        let fileJSON = try Renderer(format: .json).render(file)
        XCTAssertTrue(fileJSON.hasSuffix(",\"terminal\":null}\n"), fileJSON)
    }
}

/// Warnings are diagnostics: a severity, the message, and the span of the term they are about.
final class WarningDiagnosticTests: XCTestCase {
    func lungSession() throws -> Session {
        let s = try Session()
        try s.run("import \"\(Repository.path("Tests/Fixtures/data/lung.csv"))\" as lung\nendpoint os = surv(time, status == 2)")
        return s
    }

    func testTheScaleWarningPointsAtItsTerm() throws {
        let s = try lungSession()
        let result = try XCTUnwrap(s.run("define z = age * 1e10\nfit cox os ~ age + z").first)
        let cox = try XCTUnwrap(result.cox)
        let warning = try XCTUnwrap(cox.diagnostics.first { $0.message.contains("has values of size 1e") })
        XCTAssertEqual(warning.severity, .warning)
        XCTAssertEqual(warning.span?.line, 2)
        XCTAssertEqual(warning.span?.column, 20, "under `z` in `fit cox os ~ age + z`")
        // Stored once: the model keeps it, the statement shows it.
        XCTAssertEqual(result.statementWarnings, [])
        XCTAssertEqual(result.warnings, cox.warnings)
        XCTAssertEqual(result.diagnostics, cox.diagnostics)
    }

    func session(_ csv: String) throws -> Session {
        let folder = NSTemporaryDirectory() + "sq-warn-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        try csv.write(toFile: folder + "/d.csv", atomically: true, encoding: .utf8)
        let s = try Session()
        try s.run("import \"\(folder)/d.csv\" as d\nendpoint e = surv(t, s)")
        return s
    }

    func testAnAliasedTermAndAPrefixedWarningKeepTheSpan() throws {
        let rows = (1...30).map { "\($0),\($0 % 3 == 0 ? 0 : 1),\($0 % 7),\(2 * ($0 % 7))" }
        let s = try session("t,s,a,b\n" + rows.joined(separator: "\n") + "\n")
        let result = try XCTUnwrap(s.run("fit cox e ~ a + b").first)
        let aliased = try XCTUnwrap(result.diagnostics.first { $0.message.hasPrefix("`b`") }, "\(result.warnings)")
        XCTAssertEqual(aliased.span?.line, 1)
        XCTAssertEqual(aliased.span?.column, 17, "under `b` in `fit cox e ~ a + b`")

        let screen = try XCTUnwrap(s.run("each e ~ a, b with multivariable = true").first)
        let joint = try XCTUnwrap(screen.diagnostics.first { $0.message.hasPrefix("multivariable model: `b`") }, "\(screen.warnings)")
        XCTAssertEqual(joint.span?.column, 13, "the multivariable model's `b`, as written in the list")
        XCTAssertEqual(screen.warnings.filter { $0.hasPrefix("multivariable model: ") }.count, 1, "shown once")
    }

    /// Monotone likelihood (an infinite coefficient) points at the term; rendered text is unchanged.
    func testAnInfiniteCoefficientPointsAtItsTerm() throws {
        let rows = (1...10).map { "\($0),1,1,\($0 % 3)" } + (11...20).map { "\($0),\($0 % 2),0,\($0 % 3)" }
        let s = try session("t,s,g,x\n" + rows.joined(separator: "\n") + "\n")
        let result = try XCTUnwrap(s.run("fit cox e ~ x + g").first)
        let infinite = try XCTUnwrap(result.diagnostics.first { $0.message.hasPrefix("`g`") && $0.message.contains("infinite") },
                                     "\(result.warnings)")
        XCTAssertEqual(infinite.span?.column, 17, "under `g` in `fit cox e ~ x + g`")
        let text = try Renderer(format: .text).render(result)
        XCTAssertTrue(text.contains("warning: \(infinite.message)\n"), text)

        // `x * g` is `x + g + x:g`: the main effect `g` is the `g` written inside it.
        let crossed = try XCTUnwrap(s.run("fit cox e ~ x * g").first)
        let main = try XCTUnwrap(crossed.diagnostics.first { $0.message.hasPrefix("`g`:") }, "\(crossed.warnings)")
        XCTAssertEqual(main.span?.column, 17)
        XCTAssertEqual(main.span.map { $0.end - $0.start }, 1)
    }
}
