import Foundation
import SQCompiler
import SQPlot

/// Figures by the file's extension: `.svg` as drawn; `.pdf` (vector) and `.png`
/// through rsvg-convert; `.tiff` through rsvg-convert then ImageMagick, which also
/// records the resolution. Sizes are CSS px (1/96 in), so `dpi = 300` makes a
/// 720 px-wide figure 2250 pixels wide at the same 7.5 in.
extension AnalysisRunner {
    static let figureFormats = ["svg", "pdf", "png", "tiff", "tif"]

    /// The SQPlot options of a planned style.
    static func figureOptions(_ style: PlotStyle) -> FigureOptions {
        var options = FigureOptions()
        options.width = style.width
        options.height = style.height
        options.fontSize = style.fontSize
        options.confidenceBands = style.confidenceBands
        let figure = style.figure
        options.title = figure.title
        options.xlab = figure.xlab
        options.ylab = figure.ylab
        options.xlim = figure.xlim
        options.labels = figure.labels
        options.riskTable = figure.riskTable
        options.median = figure.median
        options.pvalue = figure.pvalue
        options.cumulative = figure.cumulative
        options.palette = FigurePalette.named(figure.palette) ?? .okabeIto
        options.fontFamily = figure.fontFamily
        options.dpi = figure.dpi
        return options
    }

    func write(svg: String, to path: String) throws -> String { try write(svg: svg, to: path, dpi: 96) }

    func write(svg: String, to path: String, dpi: Double) throws -> String {
        let resolved = executor.resolvePath(path)
        let format = (resolved as NSString).pathExtension.lowercased()
        guard Self.figureFormats.contains(format) else {
            throw RuntimeError(message: "figures are written as .svg, .pdf, .png or .tiff, not `\(path)`",
                               hints: ["name the file `figure.svg`, `figure.pdf`, `figure.png` or `figure.tiff`"])
        }
        if format == "svg" {
            do { try svg.write(toFile: resolved, atomically: true, encoding: .utf8) } catch {
                throw RuntimeError(message: "cannot write \(path): \(error.localizedDescription)")
            }
            return resolved
        }
        let rsvg = try Self.requireProgram("rsvg-convert", package: "librsvg2-bin", for: format)
        let imageMagick = format.hasPrefix("tif") ? try Self.requireImageMagick() : nil
        let temporary = NSTemporaryDirectory() + "sq-plot-\(UUID().uuidString)"
        try svg.write(toFile: temporary + ".svg", atomically: true, encoding: .utf8)
        defer {
            try? FileManager.default.removeItem(atPath: temporary + ".svg")
            try? FileManager.default.removeItem(atPath: temporary + ".png")
        }
        let zoom = String(format: "%.4f", dpi / 96)
        let dpiText = String(format: "%.0f", dpi)
        switch format {
        case "pdf":
            try Self.run(rsvg, ["-f", "pdf", "-o", resolved, temporary + ".svg"], writing: path)
        case "png":
            try Self.run(rsvg, ["-f", "png", "-z", zoom, "--dpi-x", dpiText, "--dpi-y", dpiText, "-o", resolved, temporary + ".svg"], writing: path)
        default:
            try Self.run(rsvg, ["-f", "png", "-z", zoom, "-b", "white", "-o", temporary + ".png", temporary + ".svg"], writing: path)
            try Self.run(imageMagick!.path, imageMagick!.prefix + [temporary + ".png", "-alpha", "off", "-units", "PixelsPerInch",
                                                                   "-density", dpiText, "-compress", "lzw", resolved], writing: path)
        }
        return resolved
    }

    static func requireProgram(_ name: String, package: String, for format: String) throws -> String {
        guard let program = findExecutable(name) else {
            throw RuntimeError(message: ".\(format) figures need \(name), which is not installed",
                               hints: ["install it (Debian: apt-get install \(package)) or write the figure as .svg"])
        }
        return program
    }

    /// ImageMagick 7's `magick`, or 6's `convert`.
    static func requireImageMagick() throws -> (path: String, prefix: [String]) {
        if let magick = findExecutable("magick") { return (magick, []) }
        if let convert = findExecutable("convert") { return (convert, []) }
        throw RuntimeError(message: ".tiff figures need ImageMagick (magick or convert), which is not installed",
                           hints: ["install it (Debian: apt-get install imagemagick) or write the figure as .png"])
    }

    static func run(_ program: String, _ arguments: [String], writing path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RuntimeError(message: "\((program as NSString).lastPathComponent) could not write \(path)"
                               + (message.isEmpty ? "" : ": " + message.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
    }

    static func findExecutable(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
