import Foundation
import SQ
import SQSyntax
import SQRender

/// Runs a whole script through a session, printing each result as soon as
/// its statement finishes and diagnostics on stderr; returns the exit status.
struct ScriptRunner {
    var session: Session
    var renderer: Renderer
    /// `--timer`: each statement's time on stderr, `name:line: 0.448 s`.
    var timer = false

    func run(_ source: String, name: String) -> Int32 {
        var first = true
        // `--format html` or `set output = "x.html"`: every result also goes into one page.
        var report = HTMLReport(title: (name as NSString).lastPathComponent)
        defer { finish(&report) }
        do {
            let timed: ((Statement, Duration) -> Void)? = timer ? { statement, elapsed in
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                Diagnostics.write("\(name):\(statement.span.line): \(String(format: "%.3f", seconds)) s\n")
            } : nil
            try session.run(source, name: name, onResult: { result in
                report.add(result)
                do {
                    let text = try renderer.render(result)
                    if text.isEmpty { return }
                    if !first, renderer.format != .json { print("") }
                    first = false
                    print(text, terminator: "")
                } catch {
                    Diagnostics.write("\(name):\(result.line): error: could not render result: \(error)\n")
                }
            }, onTimed: timed)
            return 0
        } catch let error as SQError {
            report.add(error: error.rendered)
            Diagnostics.write(error.rendered)
            switch error.kind {
            case .missingInput: return ExitStatus.missingInput
            case .script, .cancelled, .timeLimit: return ExitStatus.scriptError
            }
        } catch {
            Diagnostics.write("\(name): error: \(error)\n")
            return ExitStatus.software
        }
    }
}

extension ScriptRunner {
    /// Prints the page (`--format html`) and writes it where `set output` asked.
    func finish(_ report: inout HTMLReport) {
        report.dataFiles = session.dataFiles
        guard renderer.format == .html || session.reportPath != nil else { return }
        let page = report.html()
        if renderer.format == .html { print(page, terminator: "") }
        if let path = session.reportPath {
            do { try page.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                Diagnostics.write("sq: error: cannot write the report to \(path): \(error.localizedDescription)\n")
            }
        }
    }
}

enum Diagnostics {
    /// Results printed so far go out first, so a pipe that joins stdout and
    /// stderr keeps the order in which they happened.
    static func write(_ text: String) {
        fflush(nil)
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// `--param name=value` pairs.
func parseParameters(_ pairs: [String]) throws -> [String: String] {
    var parameters: [String: String] = [:]
    for pair in pairs {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw ValidationErrorMessage("--param takes name=value, got `\(pair)`")
        }
        let name = String(pair[..<equals])
        // A second value for one name would silently win over the first.
        guard parameters[name] == nil else {
            throw ValidationErrorMessage("--param \(name) is given twice (`\(name)=\(parameters[name] ?? "")` and `\(pair)`); give each parameter once")
        }
        parameters[name] = String(pair[pair.index(after: equals)...])
    }
    return parameters
}

struct ValidationErrorMessage: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
