import Foundation

/// The file formats a figure is written in, by the file's extension.
public enum FigureFormat: String, Sendable, CaseIterable {
    case svg, pdf, png, tiff

    /// `.svg`, `.pdf`, `.png`, `.tiff` or `.tif` (any case); nil for anything else.
    public init?(pathExtension: String) {
        let lowered = pathExtension.lowercased()
        self.init(rawValue: lowered == "tif" ? "tiff" : lowered)
    }
}

/// Writes a drawn figure (SVG text) to a file. The session draws every figure
/// as SVG and hands it here with the format the file's extension asks for, so
/// a host decides how files are made: `SVGFigureWriter` (the default) writes
/// SVG only and starts no process; the `sq` command line and REPL install
/// SQRender's `ConvertingFigureWriter`, which also makes PDF, PNG and TIFF.
public protocol FigureWriter: Sendable {
    /// Writes `svg` to `path` (already resolved against the session's folder)
    /// as `format`, at `dpi` for raster formats (sizes are CSS px, 1/96 in).
    /// Throws `FigureWriteError` to report a problem the analyst can fix.
    func write(svg: String, to path: String, format: FigureFormat, dpi: Double) throws
}

/// A figure file could not be written: the message and how to fix it, shown
/// as the statement's error.
public struct FigureWriteError: Error, Sendable {
    public var message: String
    public var hints: [String]
    public init(message: String, hints: [String] = []) {
        self.message = message
        self.hints = hints
    }
}

/// The default `Session.Options.figureWriter`: `.svg` files as drawn. Other
/// formats need a converter, which an embedding host supplies.
public struct SVGFigureWriter: FigureWriter {
    public init() {}

    public func write(svg: String, to path: String, format: FigureFormat, dpi: Double) throws {
        guard format == .svg else {
            throw FigureWriteError(
                message: ".\(format.rawValue) figures need a figure writer that converts SVG; this session writes .svg only",
                hints: ["set `Session.Options.figureWriter` (SQRender's `ConvertingFigureWriter` makes .pdf, .png and .tiff with rsvg-convert), or write the figure as .svg"])
        }
        do { try svg.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw FigureWriteError(message: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
