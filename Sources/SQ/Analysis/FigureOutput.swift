import Foundation
import SQCompiler
import SQPlot

/// Figures by the file's extension (`FigureFormat`), written by the session's
/// `FigureWriter`: the session draws SVG and starts no process.
extension AnalysisRunner {
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

    /// The file's extension picks the format; the session's `figureWriter` writes it.
    func write(svg: String, to path: String, dpi: Double) throws -> String {
        let resolved = executor.resolvePath(path)
        guard let format = FigureFormat(pathExtension: (resolved as NSString).pathExtension) else {
            throw RuntimeError(message: "figures are written as .svg, .pdf, .png or .tiff, not `\(path)`",
                               hints: ["name the file `figure.svg`, `figure.pdf`, `figure.png` or `figure.tiff`"])
        }
        do {
            try session.options.figureWriter.write(svg: svg, to: resolved, format: format, dpi: dpi)
        } catch let error as FigureWriteError {
            throw RuntimeError(message: error.message, hints: error.hints)
        }
        return resolved
    }
}
