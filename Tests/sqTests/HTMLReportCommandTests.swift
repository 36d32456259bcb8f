import Foundation
import XCTest

/// `sq run --format html` and `set output`, and the page in a real browser:
/// headless Chromium parses it (its DOM has every table and figure) and
/// renders it to PNG. Skipped, with a message, only where Chromium is absent
/// (scripts/install-deps.sh installs it, so CI has it).
extension CommandLineTests {
    func testHTMLReportOfTheQuickStart() throws {
        let run = try sq(["run", "samples/quickstart.sq", "--format", "html"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let page = run.stdout
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(page.contains("<title>quickstart.sq</title>"))
        // The data file's SHA-256, computed here independently of the renderer.
        let digest = try Self.sha256sum(Self.root.appendingPathComponent("samples/data/pm_cohort.csv").path)
        XCTAssertTrue(page.contains("<code>pm_cohort.csv</code> SHA-256 <code class=\"digest\">\(digest)</code>"), digest)
        XCTAssertTrue(page.contains("<dt>SQ</dt><dd>0.1.0</dd>"))
        XCTAssertEqual(page.components(separatedBy: "<section class=\"result\">").count - 1, 10)
        XCTAssertEqual(page.components(separatedBy: "<svg").count - 1, 1)
        XCTAssertFalse(page.contains("<?xml"))
        XCTAssertTrue(page.contains("<code>km dfs by maxdiam2 at 1y, 2y</code>"))
        XCTAssertTrue(page.contains("<p class=\"note warning\">Note: 3 rows with missing values dropped</p>"))
        XCTAssertTrue(page.contains("<th class=\"num\">n</th>"))
        // Self-contained: nothing fetched from anywhere.
        for outside in ["<script", "<link", "src=\"http", "href=\"http", "@import"] { XCTAssertFalse(page.contains(outside), outside) }
    }

    func testSetOutputWritesTheReportBesideTheScript() throws {
        let path = try script("""
            set output = "out.html"
            import "LUNG" as lung
            sql "select '<b>&' as x"
            """)
        let run = try sq(["run", path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("<b>&"))  // the text output is unchanged
        let report = try String(contentsOfFile: (path as NSString).deletingLastPathComponent + "/out.html", encoding: .utf8)
        XCTAssertTrue(report.contains("<td>&lt;b&gt;&amp;</td>"))
        XCTAssertTrue(report.contains("<code>sql &quot;select &#39;&lt;b&gt;&amp;&#39; as x&quot;</code>"))
        XCTAssertFalse(report.contains("<b>&"))
    }

    func testHTMLReportOfAFailedRunShowsTheError() throws {
        let path = try script("import \"LUNG\" as lung\nfit cox os ~ age\n")
        let run = try sq(["run", path, "--format", "html"])
        XCTAssertEqual(run.status, 65)
        XCTAssertTrue(run.stdout.contains("<pre class=\"error\">"), run.stdout)
        XCTAssertTrue(run.stdout.contains("unknown endpoint"), run.stdout)
        XCTAssertTrue(run.stdout.hasSuffix("</html>\n"))
    }

    func testChromiumRendersTheReport() throws {
        guard let chromium = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(Self.executable).first else {
            throw XCTSkip("Chromium is not installed (scripts/install-deps.sh installs it): the HTML report was not rendered in a browser")
        }
        let run = try sq(["run", "samples/quickstart.sq", "--format", "html"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let directory = NSTemporaryDirectory() + "sq-html-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let page = directory + "/report.html", blank = directory + "/blank.html"
        try run.stdout.write(toFile: page, atomically: true, encoding: .utf8)
        try "<!DOCTYPE html><html><body></body></html>".write(toFile: blank, atomically: true, encoding: .utf8)

        // The DOM Chromium built: every table and the figure survived parsing.
        let dom = try Self.chromium(chromium, ["--dump-dom", "file://" + page], profile: directory + "/p1")
        XCTAssertEqual(dom.components(separatedBy: "<table>").count - 1, run.stdout.components(separatedBy: "<table>").count - 1)
        XCTAssertEqual(dom.components(separatedBy: "<table>").count - 1, 9)
        XCTAssertEqual(dom.components(separatedBy: "<svg").count - 1, 1)
        XCTAssertTrue(dom.contains("Kaplan–Meier dfs (months)"))

        // A PNG of the page: dark text in the header's place, the curves' colours in the figure's.
        let png = directory + "/report.png"
        _ = try Self.chromium(chromium, ["--screenshot=" + png, "--window-size=1100,3000", "file://" + page], profile: directory + "/p2")
        let image = try PNGPixels(Data(contentsOf: URL(fileURLWithPath: png)))
        XCTAssertEqual(image.width, 1100)
        XCTAssertEqual(image.height, 3000)
        var dark = 0, blue = 0, orange = 0, total = 0
        for y in stride(from: 0, to: image.height, by: 2) {
            for x in stride(from: 0, to: image.width, by: 2) {
                let (r, g, b) = image.rgb(x, y)
                total += 1
                if r < 90 && g < 90 && b < 90 { dark += 1 }
                if b > 150 && r < 80 { blue += 1 }       // the first curve, #1f77b4-like
                if r > 200 && g > 80 && g < 160 && b < 80 { orange += 1 }  // the second
            }
        }
        XCTAssertGreaterThan(dark, total / 200, "hardly any text was drawn")
        XCTAssertGreaterThan(blue, 50, "the figure's first curve is missing")
        XCTAssertGreaterThan(orange, 50, "the figure's second curve is missing")
        // The header (title and checksums) is at the top: dark pixels in the first 120 rows.
        let headerDark = (0..<120).reduce(0) { sum, y in sum + (0..<image.width).filter { x in image.rgb(x, y).0 < 90 }.count }
        XCTAssertGreaterThan(headerDark, 500)
    }

    static func executable(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Headless Chromium with its own profile, stopped after 90 s if it hangs; its stdout.
    static func chromium(_ binary: String, _ arguments: [String], profile: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--user-data-dir=" + profile] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 90, execute: timer)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        XCTAssertEqual(process.terminationStatus, 0, "chromium \(arguments)")
        return String(decoding: data, as: UTF8.self)
    }

    static func sha256sum(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }
}
