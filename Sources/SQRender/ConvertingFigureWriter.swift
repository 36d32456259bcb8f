import Foundation
import SQResults

/// The figure writer of the `sq` command line and REPL: `.svg` as drawn;
/// `.pdf` (vector) and `.png` through rsvg-convert; `.tiff` through
/// rsvg-convert then ImageMagick, which also records the resolution. Sizes
/// are CSS px (1/96 in), so `dpi = 300` makes a 720 px-wide figure 2250
/// pixels wide at the same 7.5 in. The programs are looked up on PATH when a
/// figure is written, so a missing one is named in that statement's error.
public struct ConvertingFigureWriter: FigureWriter {
    public init() {}

    public func write(svg: String, to path: String, format: FigureFormat, dpi: Double) throws {
        if format == .svg { return try SVGFigureWriter().write(svg: svg, to: path, format: format, dpi: dpi) }
        let rsvg = try Self.requireProgram("rsvg-convert", package: "librsvg2-bin", for: format.rawValue)
        let imageMagick = format == .tiff ? try Self.requireImageMagick() : nil
        let temporary = NSTemporaryDirectory() + "sq-plot-\(UUID().uuidString)"
        do { try svg.write(toFile: temporary + ".svg", atomically: true, encoding: .utf8) } catch {
            throw FigureWriteError(message: "cannot write \(temporary).svg: \(error.localizedDescription)")
        }
        defer {
            try? FileManager.default.removeItem(atPath: temporary + ".svg")
            try? FileManager.default.removeItem(atPath: temporary + ".png")
        }
        let zoom = String(format: "%.4f", dpi / 96)
        let dpiText = String(format: "%.0f", dpi)
        switch format {
        case .svg:
            break
        case .pdf:
            try Self.run(rsvg, ["-f", "pdf", "-o", path, temporary + ".svg"], writing: path)
        case .png:
            try Self.run(rsvg, ["-f", "png", "-z", zoom, "--dpi-x", dpiText, "--dpi-y", dpiText, "-o", path, temporary + ".svg"], writing: path)
        case .tiff:
            try Self.run(rsvg, ["-f", "png", "-z", zoom, "-b", "white", "-o", temporary + ".png", temporary + ".svg"], writing: path)
            if let imageMagick {
                try Self.run(imageMagick.path, imageMagick.prefix + [temporary + ".png", "-alpha", "off", "-units", "PixelsPerInch",
                                                                   "-density", dpiText, "-compress", "lzw", path], writing: path)
            }
        }
    }

    static func requireProgram(_ name: String, package: String, for format: String) throws -> String {
        guard let program = findExecutable(name) else {
            throw FigureWriteError(message: ".\(format) figures need \(name), which is not installed",
                                   hints: ["install it (Debian: apt-get install \(package)) or write the figure as .svg"])
        }
        return program
    }

    /// ImageMagick 7's `magick`, or 6's `convert`.
    public static func requireImageMagick() throws -> (path: String, prefix: [String]) {
        if let magick = findExecutable("magick") { return (magick, []) }
        if let convert = findExecutable("convert") { return (convert, []) }
        throw FigureWriteError(message: ".tiff figures need ImageMagick (magick or convert), which is not installed",
                               hints: ["install it (Debian: apt-get install imagemagick) or write the figure as .png"])
    }

    static func run(_ program: String, _ arguments: [String], writing path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw FigureWriteError(message: "cannot start \(program): \(error.localizedDescription)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FigureWriteError(message: "\((program as NSString).lastPathComponent) could not write \(path)"
                                   + (message.isEmpty ? "" : ": " + message.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
    }

    /// The first executable `name` on PATH.
    public static func findExecutable(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
