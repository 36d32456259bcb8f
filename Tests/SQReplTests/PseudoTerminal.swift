import Foundation
import XCTest

/// Runs `sq` on a real pseudo-terminal (so libedit is in charge of input) and
/// reads what it prints, as a person at the keyboard would see it.
final class PseudoTerminal {
    let master: Int32
    let process = Process()
    private(set) var output = ""

    static var binary: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sq"),
            root.appendingPathComponent(".build/debug/sq"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// posix_openpt, grantpt, unlockpt and ptsname, looked up at run time: Swift's
    /// Glibc module leaves them out (they need _XOPEN_SOURCE).
    private typealias FdCall = @convention(c) (Int32) -> Int32
    private typealias NameCall = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else { return nil }
        return unsafeBitCast(pointer, to: type)
    }

    init(home: String, arguments: [String] = [], directory: String) throws {
        guard let openpt = Self.symbol("posix_openpt", as: FdCall.self), let grant = Self.symbol("grantpt", as: FdCall.self),
              let unlock = Self.symbol("unlockpt", as: FdCall.self), let ptsname = Self.symbol("ptsname", as: NameCall.self) else {
            throw XCTSkip("no pseudo-terminal functions")
        }
        master = openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grant(master) == 0, unlock(master) == 0, let name = ptsname(master) else {
            throw XCTSkip("no pseudo-terminal available")
        }
        guard let binary = Self.binary else { throw XCTSkip("the sq binary is not built") }
        let slave = FileHandle(forUpdatingAtPath: String(cString: name))
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["HOME": home, "TERM": "xterm", "PATH": "/usr/bin:/bin"]
        process.standardInput = slave
        process.standardOutput = slave
        process.standardError = slave
        try process.run()
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    func send(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// Reads until `text` has appeared in the output since `from`, or the timeout passes.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            let count = read(master, &buffer, buffer.count)
            if count > 0 { output += String(decoding: buffer[0..<count], as: UTF8.self) }
            if output.contains(text) { return true }
            if count <= 0 { usleep(20_000) }
        }
        return false
    }

    /// Everything printed after the last occurrence of `marker`.
    func after(_ marker: String) -> String {
        guard let range = output.range(of: marker, options: .backwards) else { return "" }
        return String(output[range.upperBound...])
    }
}

extension PseudoTerminal {
    /// The samples folder, where the REPL tests start `sq`.
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples").path

    /// A new, empty home folder for one test (its history file, its ~/.sqrc).
    static func temporaryHome() throws -> String {
        let home = NSTemporaryDirectory() + "sq-repl-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        return home
    }

    /// Presses Ctrl-C every 0.3 s until `cancelled` is printed (Ctrl-C at the
    /// prompt is ignored, so the statement may not have started yet); false after 20 tries.
    func interruptUntilCancelled() -> Bool {
        for _ in 0..<20 {
            Thread.sleep(forTimeInterval: 0.3)
            process.interrupt()
            if waitFor("cancelled", timeout: 1) { return true }
        }
        return false
    }

    /// Ctrl-D, then waits for `sq` to exit.
    func endSession() {
        send("\u{4}")
        process.waitUntilExit()
    }

    /// `sq` in the samples folder with R's lung data imported, then `more` typed.
    static func onLung(home: String, then more: String = "") throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(home: home, directory: samples)
        XCTAssertTrue(terminal.waitFor("sq> "), terminal.output)
        terminal.send("import \"data/lung.csv\" as lung\n" + more)
        XCTAssertTrue(terminal.waitFor("now in use"), terminal.output)
        return terminal
    }
}
