import Foundation
import XCTest

/// `sq run`, `sq check` and `sq < file` as a shell calls them: output formats,
/// diagnostics on stderr with file:line:col and a caret, sysexits statuses.
final class CommandLineTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL? {
        [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sq"),
         root.appendingPathComponent(".build/debug/sq")].first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    func sq(_ arguments: [String], input: String? = nil) throws -> Run {
        guard let binary = Self.binary else { throw XCTSkip("the sq binary is not built") }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Both pipes drain at once: a child that fills one (a sanitizer's report
        // on stderr, say) while we wait on the other would never finish.
        let errors = ErrorOutput()
        let reader = err.fileHandleForReading
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errors.data = reader.readDataToEndOfFile()
            drained.signal()
        }
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        drained.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: errors.data, as: UTF8.self))
    }

    func script(_ text: String) throws -> String {
        let directory = NSTemporaryDirectory() + "sq-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/a.sq"
        try text.replacingOccurrences(of: "LUNG", with: Self.root.appendingPathComponent("samples/data/lung.csv").path)
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testJSONLinesOnStdout() throws {
        let path = try script("import \"LUNG\" as lung\nendpoint os = surv(time, status == 2)\nkm os by sex\nfit cox os ~ age\n")
        let run = try sq(["run", path, "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            XCTAssertNotNil(object?["kind"])
            XCTAssertNotNil(object?["line"])
            XCTAssertNotNil(object?["statement"])
        }
        XCTAssertTrue(lines[1].hasPrefix("{\"kind\":\"km\",\"line\":3,\"statement\":\"km os by sex\""), String(lines[1]))
    }

    /// `--timer`: one `file:line: seconds` line per statement on stderr; stdout as without it.
    func testTimerPrintsEachStatementsTime() throws {
        let path = try script("import \"LUNG\" as lung\nendpoint os = surv(time, status == 2)\n\nkm os by sex\nfit cox os ~ age\n")
        let timed = try sq(["run", path, "--timer"])
        XCTAssertEqual(timed.status, 0, timed.stderr)
        let lines = timed.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, timed.stderr)
        for (line, number) in zip(lines, [1, 2, 4, 5]) {
            XCTAssertTrue(line.hasPrefix("\(path):\(number): "), line)
            XCTAssertTrue(line.hasSuffix(" s"), line)
            let seconds = Double(line.dropFirst("\(path):\(number): ".count).dropLast(2))
            XCTAssertNotNil(seconds, line)
            XCTAssertGreaterThanOrEqual(seconds ?? -1, 0, line)
        }
        XCTAssertEqual(timed.stdout, try sq(["run", path]).stdout)
    }

    func testCSVAndMarkdown() throws {
        let path = try script("import \"LUNG\" as lung\nendpoint os = surv(time, status == 2)\nlogrank os by sex\n")
        let csv = try sq(["run", path, "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertTrue(csv.stdout.contains("result,kind,line,statement,endpoint,by.1,chisq,df,p,n_dropped,groups.label,groups.n,groups.observed,groups.expected\n"
                                          + "logrank.groups,logrank,3,logrank os by sex,os,sex,10.3267419548856"), csv.stdout)
        let markdown = try sq(["run", path, "--format", "markdown"])
        XCTAssertTrue(markdown.stdout.contains("| group | n | observed | expected |"), markdown.stdout)
        XCTAssertTrue(markdown.stdout.contains("|---|---:|---:|---:|"), markdown.stdout)
    }

    func testScriptErrorIsExit65WithCaret() throws {
        let path = try script("import \"LUNG\" as lung\nendpoint os = surv(time, status == 2)\nfit cox os ~ agee\n")
        let run = try sq(["run", path])
        XCTAssertEqual(run.status, 65)
        XCTAssertTrue(run.stderr.hasPrefix("\(path):3:14: error: unknown column `agee`"), run.stderr)
        XCTAssertTrue(run.stderr.contains("               ^~~~"), run.stderr)
        XCTAssertTrue(run.stderr.contains("did you mean `age`?"), run.stderr)
    }

    func testNoPreludeStartsWithoutTheStandardLibrary() throws {
        let path = try script("import \"LUNG\" as lung\nendpoint os = surv(time, status == 2)\ntable2(os, age + sex)\n")
        let with = try sq(["run", path, "--format", "json"])
        XCTAssertEqual(with.status, 0, with.stderr)
        XCTAssertTrue(with.stdout.contains("\"call_line\":3,\"procedure\":\"table2\""), with.stdout)
        XCTAssertTrue(with.stdout.contains("\"multivariable\":"), with.stdout)
        let without = try sq(["run", "--no-prelude", path])
        XCTAssertEqual(without.status, 65)
        XCTAssertTrue(without.stderr.contains("error: unknown procedure `table2`"), without.stderr)
    }

    func testMissingInputIsExit66() throws {
        XCTAssertEqual(try sq(["run", "/no/such/script.sq"]).status, 66)
        let path = try script("import \"/no/such/data.csv\" as d\n")
        XCTAssertEqual(try sq(["run", path]).status, 66)
    }

    func testCheckParsesAndResolvesWithoutRunning() throws {
        let good = try script("import \"LUNG\" as lung\nendpoint os = surv(time, status == 2)\nfit cox os ~ age\n")
        let ok = try sq(["check", good])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "\(good): ok\n")
        let bad = try script("km os by\nfit cox os age\n")
        let run = try sq(["check", bad])
        XCTAssertEqual(run.status, 65)
        XCTAssertEqual(run.stderr.components(separatedBy: "error:").count - 1, 2, "both syntax errors: \(run.stderr)")
        // Name errors in analyses are all reported too; a failed define stops the check.
        let names = try script("import \"LUNG\" as lung\nendpoint os = surv(time, status == 2)\nkm os by sexx\nfit cox os ~ agee\ndefine a = nosuch\nkm os by a\n")
        let resolved = try sq(["check", names])
        XCTAssertEqual(resolved.status, 65)
        XCTAssertEqual(resolved.stderr.components(separatedBy: "error:").count - 1, 3, resolved.stderr)
        XCTAssertTrue(resolved.stderr.contains("did you mean `sex`?") && resolved.stderr.contains("did you mean `age`?"), resolved.stderr)
        // A kept name is known to later statements though nothing ran.
        let kept = try script("import \"LUNG\" as lung\nendpoint os = surv(time, status == 2)\nlet m = fit cox os ~ age + (1 | inst)\nshow m\nshow m random\n")
        let checked = try sq(["check", kept])
        XCTAssertEqual(checked.status, 0, checked.stderr)
    }

    func testParametersAndStandardInput() throws {
        let run = try sq(["--param", "sex=2"], input: "import \"samples/data/lung.csv\" as lung\ncount where sex = $sex\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("90"), run.stdout)
    }

    func testVersion() throws {
        XCTAssertTrue(try sq(["--version"]).stdout.hasPrefix("sq "))
    }
}

/// The child's stderr, filled by the reader thread before it signals.
private final class ErrorOutput: @unchecked Sendable {
    var data = Data()
}
