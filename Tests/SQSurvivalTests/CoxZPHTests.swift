import XCTest
@testable import SQSurvival

/// cox.zph(fit, transform = "km", terms = TRUE) against R.
final class CoxZPHTests: XCTestCase {
    func check(_ name: String, ties: Ties = .efron, file: StaticString = #filePath, line: UInt = #line) throws {
        let golden = try CoxFixtures.load(name)
        let options = CoxOptions(ties: ties)
        let fit = try CoxModel.fit(golden.data, options: options)
        let count = try golden.integer("zph_terms")
        let terms: [[Int]] = try (1...count).map { i in
            let text = try XCTUnwrap(golden.expected["zph_columns.\(i)"])
            return text.split(separator: " ").compactMap { Int($0) }.map { $0 - 1 }
        }
        let zph = try ProportionalHazardsTest.test(fit, data: golden.data, terms: terms, options: options)
        XCTAssertEqual(zph.terms.count, count, file: file, line: line)
        var worst = 0.0
        for (i, term) in zph.terms.enumerated() {
            let chisq = try golden.value("zph_chisq.\(i + 1)"), p = try golden.value("zph_p.\(i + 1)")
            worst = max(worst, Tolerance.relativeError(term.statistic, chisq), Tolerance.relativeError(term.p, p))
            Tolerance.assertClose(term.statistic, chisq, "\(name) term \(i + 1) chisq", file: file, line: line)
            Tolerance.assertClose(term.p, p, "\(name) term \(i + 1) p", file: file, line: line)
            XCTAssertEqual(term.df, try golden.integer("zph_df.\(i + 1)"), file: file, line: line)
        }
        let chisq = try golden.value("zph_global_chisq"), p = try golden.value("zph_global_p")
        worst = max(worst, Tolerance.relativeError(zph.global.statistic, chisq), Tolerance.relativeError(zph.global.p, p))
        Tolerance.assertClose(zph.global.statistic, chisq, "\(name) global chisq", file: file, line: line)
        Tolerance.assertClose(zph.global.p, p, "\(name) global p", file: file, line: line)
        XCTAssertEqual(zph.global.df, try golden.integer("zph_global_df"), file: file, line: line)
        print("max relative error zph \(name): \(worst)")
    }

    func testPBCEfron() throws { try check("pbc") }
    func testPBCBreslow() throws { try check("pbc_breslow", ties: .breslow) }
    func testFactorTermGroupedEfron() throws { try check("veteran") }
    func testFactorTermGroupedBreslow() throws { try check("veteran_breslow", ties: .breslow) }
    func testStrata() throws { try check("lung_strata") }
    func testCountingProcess() throws { try check("heart") }

    func testRejectsColumnOutsideModel() throws {
        let golden = try CoxFixtures.load("pbc")
        let fit = try CoxModel.fit(golden.data)
        XCTAssertThrowsError(try ProportionalHazardsTest.test(fit, data: golden.data, terms: [[7]], options: .init()))
    }
}
