import Foundation
import XCTest
@testable import SQ
import SQRender

/// The sample figures, rendered to PNG at three sizes, as docs/figures/ holds
/// them (the docs show them). `SQ_UPDATE_FIGURES=1 swift test --filter
/// FigureGalleryTests` rewrites the committed files; otherwise they are rendered
/// to a temporary folder and compared with the committed ones by pixel size.
final class FigureGalleryTests: XCTestCase {
    static let sizes: [(Int, Int)] = [(480, 360), (720, 520), (2400, 1800)]
    static let figures: [(name: String, statement: String)] = [
        ("km_dfs_by_maxdiam2", "plot km dfs by maxdiam2 to \"FILE\" with ci = true, labels = (\"≤ 2 cm\", \"> 2 cm\"), breaks = 12mo, xlim = 60mo, title = \"Disease-free survival by the largest lesion\""),
        ("incidence_relapse_by_histotype", "plot km dfs by histo to \"FILE\" with cumulative = true, palette = nejm, breaks = 12mo, xlim = 60mo, ylab = \"Cumulative incidence of relapse\", median = false"),
        ("km_os_lung_by_sex", "plot km os_lung by sex from lung to \"FILE\" with labels = (\"Male\", \"Female\"), breaks = 6mo, palette = lancet, font_family = \"Times New Roman\", title = \"NCCTG lung cancer: overall survival\""),
        ("forest_dfs", "plot forest m to \"FILE\" with title = \"Disease-free survival: multivariable Cox model\""),
    ]

    func session() throws -> Session {
        var options = Session.Options()
        options.baseDirectory = Repository.root.path
        options.figureWriter = ConvertingFigureWriter()
        let s = try Session(options: options)
        try s.run("""
            import "Tests/Fixtures/data/lung.csv" as lung
            endpoint os_lung = surv(time, status == 2, unit = days)
            import "samples/data/pm_cohort.csv" as pm
            define maxdiam2 = maxdiam_cm > 2
            define tfi12 = tfi_months >= 12
            define histo = factor(histotype, ref = "LMS")
            endpoint dfs = surv(dfs_months, relapse, unit = months)
            let m = fit cox dfs ~ tfi12 + maxdiam2 + histo + sex
            """)
        return s
    }

    static func pixelSize(_ path: String) throws -> (Int, Int) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(Array(data.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "\(path) is a PNG")
        return (data[16..<20].reduce(0) { $0 << 8 | Int($1) }, data[20..<24].reduce(0) { $0 << 8 | Int($1) })
    }

    func testSampleFiguresRenderAtThreeSizes() throws {
        guard ConvertingFigureWriter.findExecutable("rsvg-convert") != nil else {
            throw XCTSkip("rsvg-convert is not installed (scripts/install-deps.sh installs librsvg2-bin)")
        }
        let committed = Repository.path("docs/figures")
        let update = ProcessInfo.processInfo.environment["SQ_UPDATE_FIGURES"] == "1"
        let folder = update ? committed : NSTemporaryDirectory() + "sq-gallery-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if !update { try? FileManager.default.removeItem(atPath: folder) } }
        let s = try session()
        for (name, statement) in Self.figures {
            for (width, height) in Self.sizes {
                let file = "\(name)_\(width)x\(height).png"
                let sized = statement.replacingOccurrences(of: "FILE", with: folder + "/" + file)
                    + ", width = \(width), height = \(height)"
                XCTAssertNoThrow(try s.run(sized), sized)
                let (w, h) = try Self.pixelSize(folder + "/" + file)
                XCTAssertEqual(w, width, file)
                if !name.hasPrefix("forest") { XCTAssertEqual(h, height, file) }
                let (cw, ch) = try Self.pixelSize(committed + "/" + file)
                XCTAssertEqual([cw, ch], [w, h], "docs/figures/\(file) is out of date: SQ_UPDATE_FIGURES=1 swift test --filter FigureGalleryTests")
            }
        }
    }
}
