import Foundation
import XCTest
@testable import SQ
@testable import SQRender

/// `fit cox ... + (1 | g)`, `frailty(g)` and `show m random` end to end: from a
/// script through the session to every output format, against R's numbers.
final class RandomEffectSessionTests: XCTestCase {
    /// The committed coxme / coxph output (Tests/Fixtures/R/coxme_reference.R).
    func expected(_ name: String) throws -> [String: Double] {
        let text = try String(contentsOfFile: Repository.path("Tests/Fixtures/R/coxme_\(name)_expected.txt"), encoding: .utf8)
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ",", maxSplits: 1)
            if parts.count == 2, let v = Double(parts[1]) { values[String(parts[0])] = v }
        }
        return values
    }

    func session() throws -> Session {
        let s = try Session()
        try s.run("""
            import "\(Repository.path("Tests/Fixtures/data/seedlike_cohort.csv"))" as treatments
            endpoint pfs = surv(pfs_months, progressed, unit = months)
            """)
        return s
    }

    func testMixedEffectsModelFromAScriptIsCoxme() throws {
        let s = try session()
        let results = try s.run("let m = fit cox pfs ~ margin + size_cm + rt + age + (1 | patient_id)")
        guard case .cox(let cox) = results[0].value, let frailty = cox.frailty else { return XCTFail("no frailty") }
        let r = try expected("cohort")
        for (j, term) in cox.terms.enumerated() {
            assertClose(term.coefficient, r, "coef.\(j + 1)", tolerance: 1e-4)
            assertClose(term.standardError, r, "se.\(j + 1)", tolerance: 1e-4)
        }
        assertClose(frailty.variance, r, "variance", tolerance: 1e-3)
        assertClose(frailty.logLikelihood.integrated, r, "loglik_integrated", tolerance: 1e-6)
        assertClose(frailty.lrt.statistic, r, "lrt", tolerance: 1e-3)
        XCTAssertEqual(frailty.groups, 250)
        XCTAssertEqual(frailty.method, "laplace")

        let tree = try ResultDocument.tree(results[0])
        let json = try XCTUnwrap(tree["frailty"])
        XCTAssertEqual(json["dist"], .string("gaussian"))
        XCTAssertEqual(json["method"], .string("laplace"))
        XCTAssertEqual(json["group"], .string("patient_id"))
        XCTAssertEqual(json["groups"], .integer(250))
        for key in ["null", "integrated", "penalized"] { XCTAssertNotNil(json["loglik"]?[key], key) }
        for key in ["stat", "df", "p"] { XCTAssertNotNil(json["lrt"]?[key], key) }
        XCTAssertNotNil(json["sd"])
        XCTAssertNil(json["effects"], "the random effects are shown by `show m random`, not in the fit")

        let text = try Renderer(format: .text).render(results[0])
        XCTAssertTrue(text.contains("Random effects"), text)
        XCTAssertTrue(text.contains("Gaussian random intercept per patient_id (250 groups)"), text)
    }

    func testShowRandomListsEachGroupSortedInEveryFormat() throws {
        let s = try session()
        _ = try s.run("let m = fit cox pfs ~ margin + size_cm + rt + age + (1 | patient_id)")
        let shown = try XCTUnwrap(s.run("show m random").first)
        guard case .table(let table) = shown.value else { return XCTFail("not a table") }
        XCTAssertEqual(table.columns, ["patient_id", "b", "exp(b)"])
        XCTAssertEqual(table.rows.count, 250)
        XCTAssertEqual(table.rows.map { $0[0].doubleValue ?? .nan }, (1...250).map(Double.init))
        let r = try expected("cohort")
        for k in [1, 17, 250] {
            XCTAssertEqual(table.rows[k - 1][1].doubleValue ?? .nan, r["b.\(k)"] ?? .nan, accuracy: 1e-4)
            XCTAssertEqual(table.rows[k - 1][2].doubleValue ?? .nan, exp(r["b.\(k)"] ?? .nan), accuracy: 1e-4)
        }
        for format in [OutputFormat.text, .csv, .markdown, .json] {
            let out = try Renderer(format: format).render(shown)
            XCTAssertTrue(out.contains("250"), "\(format)")
        }
    }

    func testGammaAndGaussianFrailtyAreCoxph() throws {
        let s = try session()
        for (statement, name) in [("fit cox pfs ~ margin + size_cm + rt + age + frailty(patient_id)", "gamma_cohort"),
                                  ("fit cox pfs ~ margin + size_cm + rt + age + frailty(patient_id, dist = gaussian)", "gauss_cohort")] {
            let result = try XCTUnwrap(s.run(statement).first)
            guard case .cox(let cox) = result.value, let frailty = cox.frailty else { return XCTFail("no frailty") }
            let r = try expected(name)
            assertClose(frailty.theta, r, "theta", tolerance: 1e-3)
            for (j, term) in cox.terms.enumerated() {
                assertClose(term.coefficient, r, "coef.\(j + 1)", tolerance: 1e-4)
                assertClose(term.standardError, r, "se.\(j + 1)", tolerance: 1e-4)
            }
        }
    }

    func testFixedVarianceAndTheta() throws {
        let s = try Session()
        try s.run("""
            import "\(Repository.path("Tests/Fixtures/R/coxme_kidney_input.csv"))" as kidney
            endpoint t = surv(time, status)
            """)
        let mixed = try XCTUnwrap(s.run("fit cox t ~ x1 + x2 + (1 | group) with variance = 0.5").first)
        guard case .cox(let m) = mixed.value, let mf = m.frailty else { return XCTFail("no frailty") }
        let r = try expected("kidney_fixed")
        XCTAssertEqual(mf.variance, 0.5)
        XCTAssertTrue(mf.fixed)
        assertClose(m.terms[1].coefficient, r, "coef.2", tolerance: 1e-6)
        assertClose(mf.logLikelihood.integrated, r, "loglik_integrated", tolerance: 1e-9)
        let gamma = try XCTUnwrap(s.run("fit cox t ~ x1 + x2 + frailty(group) with theta = 0.5").first)
        guard case .cox(let g) = gamma.value else { return XCTFail("not cox") }
        assertClose(g.terms[1].coefficient, try expected("gamma_kidney_fixed"), "coef.2", tolerance: 1e-6)
    }

    func testRowsWithAMissingGroupAreDroppedAndCounted() throws {
        let dir = try temporaryDirectory()
        let source = try String(contentsOfFile: Repository.path("Tests/Fixtures/data/seedlike_cohort.csv"), encoding: .utf8)
        var lines = source.split(separator: "\n").map(String.init)
        for i in [3, 10, 50] {   // blank the patient_id of three treatments
            lines[i] = "," + lines[i].split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)[1]
        }
        try lines.joined(separator: "\n").write(toFile: dir + "/c.csv", atomically: true, encoding: .utf8)
        let s = try Session()
        try s.run("import \"\(dir)/c.csv\" as c\nendpoint pfs = surv(pfs_months, progressed)")
        let result = try XCTUnwrap(s.run("fit cox pfs ~ margin + (1 | patient_id)").first)
        guard case .cox(let cox) = result.value else { return XCTFail("not cox") }
        XCTAssertEqual(cox.nDropped, 3)
        XCTAssertEqual(cox.n, 828)
        XCTAssertTrue(result.warnings.contains("3 rows with missing values dropped"), "\(result.warnings)")
    }

    func testMisplacedOptionsAndShowRandomWithoutRandomEffectsSaySo() throws {
        let s = try session()
        XCTAssertThrowsError(try s.run("fit cox pfs ~ margin with variance = 0.5")) { error in
            XCTAssertTrue((error as? SQError)?.message.contains("this model has none") == true, "\(error)")
        }
        XCTAssertThrowsError(try s.run("fit cox pfs ~ margin + (1 | patient_id) with theta = 0.5")) { error in
            XCTAssertTrue((error as? SQError)?.rendered.contains("takes `with variance = ...`") == true, "\(error)")
        }
        _ = try s.run("let plain = fit cox pfs ~ margin")
        XCTAssertThrowsError(try s.run("show plain random")) { error in
            XCTAssertEqual((error as? SQError)?.message, "`plain` has no random effects")
        }
        XCTAssertThrowsError(try s.run("fit cox pfs ~ margin + (1 | treatment) where patient_id = 3")) { error in
            XCTAssertTrue((error as? SQError)?.message.contains("every group has one row") == true, "\(error)")
        }
    }

    func testCheckPHOnARandomEffectModelSaysSo() throws {
        let s = try session()
        _ = try s.run("let plain = fit cox pfs ~ margin")
        _ = try s.run("let m = fit cox pfs ~ margin + (1 | patient_id)")
        for statement in ["check ph m", "check ph"] {
            XCTAssertThrowsError(try s.run(statement), statement) { error in
                XCTAssertTrue((error as? SQError)?.message.contains("has a random effect") == true, "\(error)")
            }
        }
        XCTAssertNoThrow(try s.run("check ph plain"))
    }

    /// A long random-effect fit stops between iterations: `session.cancel()` from
    /// another task, and `set time_limit`; the session goes on.
    func testCancelAndTimeLimitStopALongFit() async throws {
        // The cohort ten times over (2,500 patients): seconds of work in a debug build.
        let text = try String(contentsOfFile: Repository.path("Tests/Fixtures/data/seedlike_cohort.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { Double($0) ?? 0 } }
        var rows: [[Value]] = []
        for copy in 0..<10 {
            for f in lines {
                rows.append([.integer(Int64(f[0]) + Int64(1000 * copy)), .real(f[3]), .integer(Int64(f[4])),
                             .real(f[6]), .integer(Int64(f[7]))])
            }
        }
        let s = try Session()
        try s.register(table: "big", columns: ["patient_id", "size_cm", "margin", "pfs_months", "progressed"], rows: rows)
        _ = try s.run("endpoint pfs = surv(pfs_months, progressed)")
        let task = Task.detached {
            try s.run("fit cox pfs ~ margin + size_cm + (1 | patient_id)")
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        s.cancel()
        do {
            _ = try await task.value
            XCTFail("the fit should have been cancelled")
        } catch let error as SQError {
            XCTAssertEqual(error.kind, .cancelled)
        }
        _ = try s.run("set time_limit = 0.2")
        let started = Date()
        XCTAssertThrowsError(try s.run("fit cox pfs ~ margin + size_cm + frailty(patient_id)")) { error in
            XCTAssertEqual((error as? SQError)?.kind, .timeLimit)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertNoThrow(try s.run("set time_limit = 0\nfit cox pfs ~ margin + (1 | patient_id) with variance = 0.5"))
    }
}
