import Foundation
import XCTest
import SQSyntax
import SQTestSupport
@testable import SQ

/// Mutated scripts never crash the parser or the session: they parse, or give
/// diagnostics. A small seeded mutation fuzzer over the grammar's examples and
/// the samples (a libFuzzer harness for long runs belongs to the reliability work).
final class RobustnessTests: XCTestCase {
    typealias Generator = SplitMix64

    /// SQ_FUZZ_SCALE=100 runs a hundred times more mutations (for a long local run).
    static let scale = Int(ProcessInfo.processInfo.environment["SQ_FUZZ_SCALE"] ?? "") ?? 1

    static let alphabet = Array("()[],;~+-*/:|=<>!\"'`$#\n .0123456789eyd abcxyz_é🙂\\\u{0}")

    func seeds() throws -> [String] {
        let grammar = try String(contentsOf: Repository.root.appendingPathComponent("Grammar/sq.ebnf"), encoding: .utf8)
        let examples = grammar.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "(* example: ") else { return nil }
            return String(line[range.upperBound...].dropLast(3))
        }
        let quickstart = try String(contentsOf: Repository.root.appendingPathComponent("samples/quickstart.sq"), encoding: .utf8)
        return examples + [quickstart]
    }

    func mutate(_ text: String, _ random: inout Generator) -> String {
        var chars = Array(text)
        for _ in 0..<(1 + random.below(4)) {
            let position = random.below(chars.count + 1)
            switch random.below(4) {
            case 0: chars.insert(Self.alphabet[random.below(Self.alphabet.count)], at: position)
            case 1: if position < chars.count { chars.remove(at: position) }
            case 2: if position < chars.count { chars[position] = Self.alphabet[random.below(Self.alphabet.count)] }
            default:
                let start = random.below(chars.count + 1), end = min(chars.count, start + random.below(12))
                chars.insert(contentsOf: chars[start..<end], at: position)
            }
        }
        return String(chars)
    }

    func testMutatedScriptsParseOrGiveDiagnostics() throws {
        var random = Generator(seed: 20261124)
        let seeds = try seeds()
        for _ in 0..<(3000 * Self.scale) {
            let source = mutate(seeds[random.below(seeds.count)], &random)
            let program = Parser.parse(source)
            for diagnostic in program.diagnostics {
                XCTAssertGreaterThanOrEqual(diagnostic.span.start, 0, source)
                XCTAssertLessThanOrEqual(diagnostic.span.end, source.utf8.count, source)
                _ = SourceFile(name: "fuzz", text: source).render(diagnostic)
            }
        }
    }

    func testMutatedStatementsAgainstARealTableNeverCrashTheSession() throws {
        var options = Session.Options()
        options.baseDirectory = Repository.root.path
        let session = try Session(options: options)
        try session.run("""
            import "samples/data/pm_cohort.csv" as pm
            define maxdiam2 = maxdiam_cm > 2
            endpoint os = surv(os_months, dead, unit = months)
            let m = fit cox os ~ maxdiam2
            """)
        let statements = ["km os by maxdiam2 at 1y, 2y", "fit cox os ~ maxdiam2 + histotype", "logrank os by sex",
                          "count by histotype where age > 50", "followup os", "check ph m", "list age, sex limit 3",
                          "each os ~ age, sex", "sql \"select count(*) from pm where age > ?\", 40"]
        var random = Generator(seed: 7)
        for _ in 0..<(600 * Self.scale) {
            let source = mutate(statements[random.below(statements.count)], &random)
            do { _ = try session.run(source, name: "fuzz") } catch is SQError {} // an error is a fine answer
        }
        XCTAssertEqual(try session.run("count").first.flatMap { r -> Value? in
            if case .table(let t) = r.value { return t.rows.first?.last } else { return nil }
        }, .integer(120), "the session still works")
    }

    func testHugeAndOddValuesGiveAnswersNotCrashes() throws {
        let session = try Session()
        try session.register(table: "t", columns: ["time", "status", "x"], rows: (1...50).map {
            [.real(Double($0)), .integer($0 % 3 == 0 ? 0 : 1), .real(Double($0 % 7) * 1e9)]
        })
        try session.run("endpoint e = surv(time, status)")
        let cox = try session.run("fit cox e ~ x").first
        if case .cox(let c)? = cox?.value {
            XCTAssertTrue(c.terms.allSatisfy { $0.coefficient?.isFinite ?? true })
        } else { XCTFail("no cox result") }
        XCTAssertThrowsError(try session.run("km e where time > 1000"))  // no rows: an error, not a crash
        XCTAssertThrowsError(try session.run("count where x / 0 > 1 and \(String(repeating: "(", count: 300))1\(String(repeating: ")", count: 300)) = 1"))
    }
}
