import Foundation
import XCTest
import SQ

/// The typed results of `cutpoint`, `interaction` and `subgroups` as a host
/// program sees them (public API only), and their Codable round trip.
final class EffectModificationEmbeddingTests: XCTestCase {
    func testTypedResultsThroughThePublicAPI() throws {
        let session = try Session()
        var rows: [[Value]] = []
        for i in 0..<80 {
            let size = Double(i % 20) / 4
            let treated = Int64(i % 2)
            let months = Double(3 + (i * 11) % 37) * (size > 2.5 ? 0.6 : 1) * (treated == 1 ? 1.3 : 1)
            rows.append([.real(months), .integer(i % 5 == 0 ? 0 : 1), .real(size), .integer(treated), .integer(Int64(30 + i % 40))])
        }
        try session.register(table: "cohort", columns: ["months", "event", "size", "treated", "age"], rows: rows)
        let results = try session.run("""
            endpoint os = surv(months, event, unit = months)
            define big = size > 2.5
            cutpoint os ~ size
            cutpoint os ~ size by treated adjust ~ age
            interaction os ~ treated * (big, age > 50)
            subgroups os ~ treated by big * (age > 50)
            """)
        XCTAssertEqual(results.map(\.value.kind), ["cutpoint", "cutpoint", "interaction", "subgroups"])
        guard case .cutpoint(let maxstat) = results[0].value, case .cutpoint(let scan) = results[1].value,
              case .interaction(let interaction) = results[2].value, case .subgroups(let subgroups) = results[3].value else {
            return XCTFail("unexpected result kinds")
        }
        XCTAssertEqual(maxstat.method, "maxstat")
        XCTAssertEqual(maxstat.scan.count, maxstat.candidates)
        let cutoff = try XCTUnwrap(maxstat.cutoff)
        XCTAssertTrue(maxstat.scan.contains { $0.cutoff == cutoff && $0.statistic == maxstat.statistic })
        XCTAssertEqual(scan.treatment, "treated")
        XCTAssertEqual(scan.adjust, ["age"])
        XCTAssertFalse(scan.pAdjusted)
        XCTAssertEqual(interaction.factors.map(\.factor), ["big", "age>50"])
        XCTAssertEqual(interaction.factor("big")?.wald.df, 1)
        XCTAssertEqual(subgroups.factors, ["big", "age>50"])
        XCTAssertEqual(subgroups.blocks.first?.rows.count, 4)
        XCTAssertEqual(subgroups.blocks.first?.rows.map { $0.nTreated + $0.nControl }.reduce(0, +), 80)

        let json = try JSONEncoder().encode(subgroups)
        let decoded = try JSONDecoder().decode(SubgroupsResult.self, from: json)
        XCTAssertEqual(decoded.blocks.first?.rows.map(\.events), subgroups.blocks.first?.rows.map(\.events))
        XCTAssertTrue(String(decoding: try JSONEncoder().encode(maxstat), as: UTF8.self).contains("\"p_adjusted\":true"))
    }
}
