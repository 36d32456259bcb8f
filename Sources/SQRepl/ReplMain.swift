import Foundation
import SQ
import SQRender

/// How the REPL starts.
public struct ReplConfiguration: Sendable {
    public var quiet: Bool
    public var initFile: String?
    public var format: OutputFormat
    public var historyPath: String

    public init(quiet: Bool = false, initFile: String? = nil, format: OutputFormat = .text,
                historyPath: String = (NSHomeDirectory() as NSString).appendingPathComponent(".sq_history")) {
        self.quiet = quiet
        self.initFile = initFile
        self.format = format
        self.historyPath = historyPath
    }
}

/// The interactive loop: read a statement (more lines while it is incomplete),
/// run it, print the result or the error, and go on.
public enum ReplMain {
    public static func run(session: Session, configuration: ReplConfiguration) -> Int32 {
        let renderer = Renderer(format: configuration.format)
        if !configuration.quiet { print("SQ \(SQVersion.string) — survival analysis. Type .help for help.") }
        var buffer = ""
        while true {
            print(buffer.isEmpty ? "sq> " : "...> ", terminator: "")
            guard let line = Swift.readLine() else { break }
            buffer += buffer.isEmpty ? line : "\n" + line
            if buffer.trimmingCharacters(in: .whitespaces) == ".quit" { break }
            if session.isIncomplete(buffer) { continue }
            do {
                for result in try session.run(buffer, name: "<repl>") { print(try renderer.render(result), terminator: "") }
            } catch let error as SQError {
                FileHandle.standardError.write(Data(error.rendered.utf8))
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
            buffer = ""
        }
        return 0
    }
}
