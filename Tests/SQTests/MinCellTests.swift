import Foundation
import XCTest
@testable import SQ
@testable import SQRender

/// `set min_cell = 5` for every kind of result: on a cohort of 30 where some
/// counts are 1–4, text and Markdown show `<5` and no small count, JSON has
/// `null` and `"suppressed": true`, CSV (written from that JSON) has no small
/// count, and after `set min_cell = 0` the exact counts are back.
final class MinCellTests: XCTestCase {
    var session: Session!
    let footnote = "counts from 1 to 4 are shown as <5 (set min_cell = 5)"

    /// 30 patients: arm A (14), B (13), C (3: rows 27–29, 2 events); trt alternating;
    /// x missing in 2 rows (n_dropped = 2); g = 1 in rows 0–3 (2 treated, 2 control);
    /// `rare` has 4 events.
    override func setUpWithError() throws {
        session = try Session()
        let rows: [[Value]] = (0..<30).map { (i: Int) -> [Value] in
            let arm: String = i < 14 ? "A" : (i < 27 ? "B" : "C")
            let time: Double = Double(i + 1) * 1.5 + Double(i % 3)
            let x: Value = i == 5 || i == 12 ? .null : .real(Double((i * 7) % 30) + 0.5)
            let rare: Int64 = [2, 9, 17, 24].contains(i) ? 1 : 0
            let row: [Value] = [.text(arm), .integer(Int64(i % 2)), .real(time), .integer(i % 4 == 3 ? 0 : 1), x,
                                .integer(i < 4 ? 1 : 0), .integer(i % 3 == 0 ? 1 : 0), .integer(rare)]
            return row
        }
        try session.register(table: "t", columns: ["arm", "trt", "time", "status", "x", "g", "h", "status2"], rows: rows)
        try session.run("""
            use t
            endpoint os = surv(time, status)
            endpoint rare = surv(time, status2)
            set min_cell = 5
            """)
    }

    override func tearDown() {
        session = nil
        super.tearDown()
    }

    // MARK: - Helpers

    func run(_ statement: String) throws -> StatementResult {
        try XCTUnwrap(session.run(statement).last, statement)
    }

    func render(_ r: StatementResult, _ format: OutputFormat) -> String {
        do { return try Renderer(format: format).render(r) } catch { XCTFail("\(error)"); return "" }
    }
    func text(_ r: StatementResult) -> String { render(r, .text) }
    func markdown(_ r: StatementResult) -> String { render(r, .markdown) }
    func csv(_ r: StatementResult) -> String { render(r, .csv) }
    func json(_ r: StatementResult) -> JSONTree {
        do { return try ResultDocument.tree(r) } catch { XCTFail("\(error)"); return .null }
    }

    static func isSmall(_ value: Double) -> Bool { value >= 1 && value < 5 && value == value.rounded() }

    /// Paths of count fields in the JSON that still hold a count from 1 to 4.
    func smallCounts(_ tree: JSONTree, _ path: String = "") -> [String] {
        switch tree {
        case .object(let members):
            return members.flatMap { key, value -> [String] in
                let at = path + "." + key
                if CountSuppression.countKeys.contains(key) { return numbers(value).contains(where: Self.isSmall) ? [at] : [] }
                return smallCounts(value, at)
            }
        case .array(let items):
            return items.enumerated().flatMap { smallCounts($1, path + "[\($0)]") }
        default:
            return []
        }
    }

    func numbers(_ tree: JSONTree) -> [Double] {
        switch tree {
        case .integer(let i): return [Double(i)]
        case .number(let d): return [d]
        case .array(let items): return items.flatMap(numbers)
        default: return []
        }
    }

    /// How many `"suppressed": true` the JSON holds (for a table result: rows flagged in its `suppressed` column).
    func suppressedFlags(_ tree: JSONTree) -> Int {
        switch tree {
        case .object(let members):
            if case .array(let columns)? = tree["columns"], columns.contains(.string("suppressed")) {
                return array(tree["rows"]).filter { array($0).last == .bool(true) }.count
            }
            return members.reduce(0) { $0 + ($1.0 == "suppressed" && $1.1 == .bool(true) ? 1 : suppressedFlags($1.1)) }
        case .array(let items):
            return items.reduce(0) { $0 + suppressedFlags($1) }
        default:
            return 0
        }
    }

    /// RFC 4180 CSV, one table per blank-line separated block: header and rows.
    func parseCSV(_ text: String) -> [(header: [String], rows: [[String]])] {
        var tables: [(header: [String], rows: [[String]])] = []
        var records: [[String]] = []
        var field = "", record: [String] = [], quoted = false
        var chars = Array(text)[...]
        func endRecord() {
            record.append(field); field = ""
            if record == [""] {
                if let header = records.first { tables.append((header, Array(records.dropFirst()))) }
                records = []
            } else {
                records.append(record)
            }
            record = []
        }
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { record.append(field); field = "" }
            else if c == "\n" { endRecord() }
            else { field.append(c) }
        }
        if !field.isEmpty || !record.isEmpty { endRecord() }
        if let header = records.first { tables.append((header, Array(records.dropFirst()))) }
        return tables
    }

    /// CSV cells of count columns (`strata.n`, `at_risk.2`, `scan.n_below`) that hold a count from 1 to 4.
    func smallCSVCounts(_ csv: String) -> [String] {
        var found: [String] = []
        for table in parseCSV(csv) {
            for (j, name) in table.header.enumerated() {
                var parts = name.split(separator: ".").map(String.init)
                while let last = parts.last, Int(last) != nil { parts.removeLast() }
                guard let key = parts.last, CountSuppression.countKeys.contains(key) else { continue }
                for row in table.rows where j < row.count {
                    let cell = row[j]
                    let values: [Double]
                    if cell.hasPrefix("["), let data = cell.data(using: .utf8),
                       let array = try? JSONSerialization.jsonObject(with: data) as? [Any] {
                        values = array.compactMap { ($0 as? NSNumber)?.doubleValue }
                    } else {
                        values = Double(cell).map { [$0] } ?? []
                    }
                    if values.contains(where: Self.isSmall) { found.append("\(name)=\(cell)") }
                }
            }
        }
        return found
    }

    /// Counts from 1 to 4 in running text (`n = 3`, `3 rows`, `(2 dropped`, `(1/2)`).
    func smallInlineCounts(_ text: String) -> [String] {
        let patterns = ["\\b(n|events) = [1-4]\\b", "\\b[1-4] (rows?|patients|events?|dropped)\\b", "\\(([1-4]/[0-9]+|[0-9]+/[1-4])\\)"]
        return patterns.flatMap { pattern -> [String] in
            let regex = try! NSRegularExpression(pattern: pattern)
            return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
        }
    }

    /// The cells of count columns in the tables text shows (by header, by
    /// `TableView.countColumns`, and both halves of the subgroup `n trt 1 / 0` cells).
    func shownCountCells(_ r: StatementResult) -> [String] {
        let tables = CountSuppression.apply(Renderer.tables(for: r), r.disclosure)
        var cells: [String] = []
        for t in tables {
            let counted = t.countColumns ?? Set(t.columns.indices.filter {
                CountSuppression.countColumns.contains(t.columns[$0]) || t.columns[$0].hasPrefix("n trt")
            })
            for row in t.rows { for j in counted.sorted() where j < row.count { cells += row[j].display.components(separatedBy: " / ") } }
        }
        return cells
    }

    /// The checks every result kind shares while `min_cell = 5`. `shown`: the
    /// text shows a hidden count (not only the footnote's `<5`).
    func assertSuppressed(_ r: StatementResult, minFlags: Int = 1, shown: Bool = true,
                          file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(r.minCell, 5, file: file, line: line)
        let text = text(r)
        if shown { XCTAssertTrue(text.replacingOccurrences(of: footnote, with: "").contains("<5"), text, file: file, line: line) }
        XCTAssertTrue(text.contains(footnote), text, file: file, line: line)
        XCTAssertEqual(smallInlineCounts(text), [], text, file: file, line: line)
        let cells = shownCountCells(r)
        XCTAssertEqual(cells.filter { Double($0.trimmingCharacters(in: .whitespaces)).map(Self.isSmall) ?? false }, [],
                       "count cells shown: \(cells)", file: file, line: line)
        let md = markdown(r)
        XCTAssertTrue(md.contains(footnote), md, file: file, line: line)
        if shown { XCTAssertTrue(md.replacingOccurrences(of: footnote, with: "").contains("<5"), md, file: file, line: line) }
        let tree = json(r)
        XCTAssertEqual(smallCounts(tree), [], tree.serialized(), file: file, line: line)
        XCTAssertGreaterThanOrEqual(suppressedFlags(tree), minFlags, tree.serialized(), file: file, line: line)
        XCTAssertEqual(smallInlineCounts(tree.serialized()), [], tree.serialized(), file: file, line: line)
        let csv = csv(r)
        XCTAssertEqual(smallCSVCounts(csv), [], csv, file: file, line: line)
        XCTAssertEqual(smallInlineCounts(csv), [], csv, file: file, line: line)
        XCTAssertTrue(csv.contains("suppressed"), csv, file: file, line: line)
    }

    /// With `min_cell = 0`: no `<5`, no footnote, no `suppressed`.
    func assertOff(_ r: StatementResult, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(r.minCell, 0, file: file, line: line)
        let text = text(r)
        XCTAssertFalse(text.contains("<5") || text.contains("min_cell"), text, file: file, line: line)
        let tree = json(r)
        XCTAssertEqual(suppressedFlags(tree), 0, tree.serialized(), file: file, line: line)
        XCTAssertFalse(csv(r).contains("suppressed"), file: file, line: line)
    }

    /// Runs `statement` with `min_cell = 5`, then again with `min_cell = 0`.
    func onAndOff(_ statement: String) throws -> (on: StatementResult, off: StatementResult) {
        let on = try run(statement)
        try session.run("set min_cell = 0")
        let off = try run(statement)
        try session.run("set min_cell = 5")
        return (on, off)
    }

    func array(_ tree: JSONTree?) -> [JSONTree] {
        if case .array(let items)? = tree { return items }
        XCTFail("not an array: \(tree?.serialized() ?? "nil")")
        return []
    }

    // MARK: - One test per kind of result

    func testCount() throws {
        let (on, off) = try onAndOff("count by arm")
        guard case .table(let typed) = on.value else { return XCTFail("not a table") }
        XCTAssertEqual(typed.rows.last, [.text("C"), .integer(3)], "the typed result keeps the exact count")
        try assertSuppressed(on)
        let tree = json(on)
        XCTAssertEqual(array(tree["columns"]), [.string("arm"), .string("n"), .string("suppressed")])
        let rows = array(tree["rows"])
        XCTAssertEqual(rows.last, .array([.string("C"), .null, .bool(true)]), "null, not the string \"<5\"")
        XCTAssertEqual(rows.first, .array([.string("A"), .integer(14), .bool(false)]))
        XCTAssertTrue(csv(on).contains("count,C,,true"), csv(on))
        XCTAssertNotNil(text(on).range(of: "\nC +<5\n", options: .regularExpression), text(on))

        try assertOff(off)
        XCTAssertEqual(array(json(off)["rows"]).last, .array([.string("C"), .integer(3)]))
        XCTAssertTrue(csv(off).contains("count,C,3"), csv(off))
        XCTAssertNotNil(text(off).range(of: "\nC +3\n", options: .regularExpression), text(off))
    }

    func testSQLAndListShowDataAsItIs() throws {
        let r = try run("sql \"select arm, count(*) as n from t group by arm\"")
        XCTAssertEqual(array(json(r)["rows"]).last, .array([.string("C"), .integer(3)]))
        XCTAssertFalse(text(r).contains("<5"), "min_cell does not reach raw SQL (documented), and no footnote says it does")
        let list = try run("list arm, x limit 2")
        XCTAssertEqual(array(json(list)["rows"]).first, .array([.string("A"), .number(0.5)]))
        XCTAssertFalse(text(list).contains("min_cell"), text(list))
    }

    func testKaplanMeierAndItsPlot() throws {
        let (on, off) = try onAndOff("km os by arm at 10, 40")
        try assertSuppressed(on)
        let strata = array(json(on)["strata"])
        XCTAssertEqual(strata[2]["n"], .null)
        XCTAssertEqual(strata[2]["events"], .null)
        XCTAssertEqual(strata[2]["suppressed"], .bool(true))
        XCTAssertEqual(strata[0]["n"], .integer(14))
        let atC = array(strata[2]["at"])
        XCTAssertEqual(atC[0]["n_risk"], .null)
        XCTAssertEqual(atC[0]["suppressed"], .bool(true))
        let offStrata = array(json(off)["strata"])
        XCTAssertEqual(offStrata[2]["n"], .integer(3))
        XCTAssertEqual(offStrata[2]["events"], .integer(2))
        XCTAssertEqual(array(offStrata[2]["at"])[0]["n_risk"], .integer(3))
        try assertOff(off)
        XCTAssertNotNil(text(off).range(of: "arm=C +3 +2 ", options: .regularExpression), text(off))

        let dir = try temporaryDirectory()
        let plot = try run("plot km os by arm to \"\(dir)/km.svg\"")
        let svg = try String(contentsOfFile: "\(dir)/km.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains(">&lt;5<") || svg.contains("><5<"), svg)
        XCTAssertTrue(svg.contains("Numbers at risk from 1 to 4 shown as"), svg)
        let tree = json(plot)
        XCTAssertEqual(smallCounts(tree), [], tree.serialized())
        XCTAssertEqual(smallCSVCounts(csv(plot)), [])
        XCTAssertTrue(array(tree["at_risk"]).contains { numbers($0).count < array($0).count }, "hidden numbers at risk are null")
        try session.run("set min_cell = 0")
        _ = try run("plot km os by arm to \"\(dir)/km0.svg\"")
        let svg0 = try String(contentsOfFile: "\(dir)/km0.svg", encoding: .utf8)
        XCTAssertFalse(svg0.contains("&lt;5") || svg0.contains("min_cell"))
    }

    func testLogRank() throws {
        let (on, off) = try onAndOff("logrank os by arm")
        try assertSuppressed(on)
        let groups = array(json(on)["groups"])
        XCTAssertEqual(groups[2]["n"], .null)
        XCTAssertEqual(groups[2]["observed"], .null)
        XCTAssertEqual(groups[2]["suppressed"], .bool(true))
        try assertOff(off)
        XCTAssertEqual(array(json(off)["groups"])[2]["n"], .integer(3))
        XCTAssertEqual(array(json(off)["groups"])[2]["observed"], .integer(2))
    }

    func testFollowUp() throws {
        let (on, off) = try onAndOff("followup os where arm = \"C\"")
        try assertSuppressed(on)
        XCTAssertTrue(text(on).contains("n = <5"), text(on))
        XCTAssertEqual(json(on)["n"], .null)
        try assertOff(off)
        XCTAssertTrue(text(off).contains("n = 3"), text(off))
        XCTAssertEqual(json(off)["n"], .integer(3))
    }

    func testCoxNAndEventsAndDroppedRows() throws {
        let (on, off) = try onAndOff("fit cox os ~ trt where arm = \"C\"")
        try assertSuppressed(on)
        XCTAssertTrue(text(on).contains("n = <5, events = <5"), text(on))
        XCTAssertEqual(json(on)["n"], .null)
        XCTAssertEqual(json(on)["events"], .null)
        try assertOff(off)
        XCTAssertTrue(text(off).contains("n = 3, events = 2"), text(off))

        // n_dropped is a number of patients too: hidden in the header, the warning, JSON and CSV.
        let (dropped, kept) = try onAndOff("fit cox os ~ x")
        try assertSuppressed(dropped)
        let shown = text(dropped)
        XCTAssertTrue(shown.contains("(<5 dropped for missing values)"), shown)
        XCTAssertTrue(shown.contains("warning: <5 rows with missing values dropped"), shown)
        let tree = json(dropped)
        XCTAssertEqual(tree["n_dropped"], .null)
        XCTAssertEqual(tree["n"], .integer(28))
        XCTAssertTrue(tree.serialized().contains("<5 rows with missing values dropped"), tree.serialized())
        try assertOff(kept)
        XCTAssertEqual(json(kept)["n_dropped"], .integer(2))
        XCTAssertTrue(text(kept).contains("(2 dropped for missing values)"), text(kept))
        XCTAssertTrue(text(kept).contains("warning: 2 rows with missing values dropped"), text(kept))
    }

    func testEach() throws {
        let (on, off) = try onAndOff("each os ~ trt, x where arm = \"C\"")
        try assertSuppressed(on)
        let rows = array(json(on)["terms"])
        XCTAssertEqual(rows.map { $0["n"] }, [.null, .null])
        XCTAssertEqual(rows.map { $0["suppressed"] }, [.bool(true), .bool(true)])
        try assertOff(off)
        XCTAssertEqual(array(json(off)["terms"]).map { $0["n"] }, [.integer(3), .integer(3)])

        let dropped = array(json(try run("each os ~ trt, x"))["terms"])
        XCTAssertEqual(dropped[0]["n_dropped"], .integer(0), "zero discloses no patient")
        XCTAssertEqual(dropped[1]["n_dropped"], .null)
        XCTAssertEqual(dropped[1]["suppressed"], .bool(true))
    }

    func testCheckPHHasNoCountsToHide() throws {
        try session.run("let m = fit cox os ~ trt where arm = \"C\" or arm = \"B\"")
        let (on, off) = try onAndOff("check ph m")
        XCTAssertEqual(suppressedFlags(json(on)), 0, "chi-squares and df are not counts")
        XCTAssertEqual(json(on).serialized(), json(off).serialized())
        XCTAssertTrue(text(on).contains(footnote), "the footnote says suppression is on")
        try assertOff(off)
    }

    func testShowAndPlotForestOfAKeptModelFollowTheSettingInForce() throws {
        try session.run("set min_cell = 0")
        try session.run("let m = fit cox os ~ trt where arm = \"C\"")
        try session.run("set min_cell = 5")
        let shown = try run("show m")
        try assertSuppressed(shown)
        let dir = try temporaryDirectory()
        let plot = try run("plot forest m to \"\(dir)/forest.svg\"")
        let svg = try String(contentsOfFile: "\(dir)/forest.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains("n = &lt;5, events = &lt;5") || svg.contains("n = <5, events = <5"), svg)
        XCTAssertTrue(svg.contains("counts from 1 to 4 are shown as"), svg)
        XCTAssertEqual(smallInlineCounts(svg), [])
        XCTAssertEqual(plot.minCell, 5)
        try session.run("set min_cell = 0")
        _ = try run("plot forest m to \"\(dir)/forest0.svg\"")
        let svg0 = try String(contentsOfFile: "\(dir)/forest0.svg", encoding: .utf8)
        XCTAssertTrue(svg0.contains("n = 3, events = 2"), svg0)
    }

    func testPool() throws {
        try session.register(table: "studies", columns: ["study", "yi", "sei"], rows: [
            [.text("s1"), .real(0.1), .real(0.2)], [.text("s2"), .real(0.3), .real(0.1)], [.text("s3"), .real(-0.2), .real(0.3)],
            [.text("s4"), .real(0.2), .null], [.text("s5"), .real(0.5), .null],
        ])
        try session.run("use studies")
        let (on, off) = try onAndOff("pool estimate = yi, se = sei, label = study")
        try assertSuppressed(on, shown: false)
        XCTAssertEqual(json(on)["n_dropped"], .null)
        XCTAssertEqual(json(on)["suppressed"], .bool(true))
        try assertOff(off)
        XCTAssertEqual(json(off)["n_dropped"], .integer(2))
    }

    func testDescribe() throws {
        let (on, off) = try onAndOff("describe trt, x by arm")
        try assertSuppressed(on)
        XCTAssertTrue(text(on).contains("C (n = <5)"), text(on))
        let groups = array(json(on)["groups"])
        XCTAssertEqual(groups[2]["n"], .null)
        XCTAssertEqual(groups[2]["suppressed"], .bool(true))
        try assertOff(off)
        XCTAssertTrue(text(off).contains("C (n = 3)"), text(off))
    }

    func testCutpointMaxstat() throws {
        let (on, off) = try onAndOff("cutpoint os ~ x")
        guard case .cutpoint(let typed) = on.value else { return XCTFail("not a cutpoint") }
        let smallRows = typed.scan.indices.filter { Self.isSmall(Double(typed.scan[$0].nBelow)) }
        XCTAssertFalse(smallRows.isEmpty, "the cohort has scan rows with 1–4 rows below the cutoff")
        try assertSuppressed(on)
        let tree = json(on)
        XCTAssertEqual(tree["n_dropped"], .null)
        let scan = array(tree["scan"])
        for i in smallRows {
            XCTAssertEqual(scan[i]["n_below"], .null)
            XCTAssertEqual(scan[i]["suppressed"], .bool(true))
        }
        XCTAssertTrue(shownCountCells(on).contains("<5"), "\(shownCountCells(on))")
        try assertOff(off)
        let offScan = array(json(off)["scan"])
        for i in smallRows { XCTAssertEqual(offScan[i]["n_below"], .integer(Int64(typed.scan[i].nBelow))) }
        XCTAssertEqual(json(off)["n_dropped"], .integer(2))
    }

    func testCutpointResultSidesAreHidden() throws {
        let view = CutpointResult(endpoint: "os", variable: "x", method: "maxstat", treatment: nil, adjust: [], n: 30, events: 20,
                                  nDropped: 0, cutoff: 2.5, statistic: 2, p: 0.2, pAdjusted: true, candidates: 1, nBelow: 3,
                                  nAbove: 27, minprop: 0.1, maxprop: 0.9, lowerQuantile: nil, upperQuantile: nil,
                                  interaction: nil, conf: 0.95, scan: [.init(cutoff: 2.5, nBelow: 3, statistic: 2, p: nil)])
        let on = StatementResult(line: 1, statement: "cutpoint os ~ x", value: .cutpoint(view), minCell: 5)
        try assertSuppressed(on)
        let tree = json(on)
        XCTAssertEqual(tree["n_below"], .null)
        XCTAssertEqual(tree["n_above"], .integer(27))
        XCTAssertEqual(tree["suppressed"], .bool(true))
        let cells = CountSuppression.apply(Renderer.tables(for: on), on.disclosure)[0].rows[0].map(\.display)
        XCTAssertEqual(Array(cells[1...2]), ["<5", "27"])
        let off = StatementResult(line: 1, statement: "cutpoint os ~ x", value: .cutpoint(view), minCell: 0)
        XCTAssertEqual(json(off)["n_below"], .integer(3))
        XCTAssertEqual(CountSuppression.apply(Renderer.tables(for: off), off.disclosure)[0].rows[0][1].display, "3")
    }

    func testCutpointInteractionScan() throws {
        let (on, off) = try onAndOff("cutpoint os ~ x by trt")
        guard case .cutpoint(let typed) = on.value else { return XCTFail("not a cutpoint") }
        XCTAssertTrue(typed.scan.contains { Self.isSmall(Double($0.nBelow)) })
        try assertSuppressed(on)
        try assertOff(off)
        XCTAssertEqual(array(json(off)["scan"]).first?["n_below"], .integer(Int64(typed.scan[0].nBelow)))
    }

    func testInteraction() throws {
        let (on, off) = try onAndOff("interaction rare ~ trt * (g, x)")
        try assertSuppressed(on)
        let factors = array(json(on)["factors"])
        XCTAssertEqual(factors.map { $0["events"] }, [.null, .null], "4 events")
        XCTAssertEqual(factors[1]["n_dropped"], .null)
        XCTAssertEqual(factors[0]["n"], .integer(30))
        XCTAssertEqual(shownCountCells(on).filter { $0 == "<5" }.count, 2, "the events of each factor")
        try assertOff(off)
        XCTAssertEqual(array(json(off)["factors"]).map { $0["events"] }, [.integer(4), .integer(4)])
        XCTAssertEqual(array(json(off)["factors"])[1]["n_dropped"], .integer(2))
    }

    func testSubgroupsTablesAndForestPlot() throws {
        for statement in ["subgroups os ~ trt by g", "subgroups os ~ trt by g * h", "subgroups os ~ trt by g, h"] {
            let (on, off) = try onAndOff(statement)
            guard case .subgroups(let typed) = on.value else { return XCTFail("not subgroups") }
            XCTAssertTrue(typed.blocks.flatMap(\.rows).contains { Self.isSmall(Double($0.nTreated)) }, statement)
            try assertSuppressed(on)
            XCTAssertTrue(text(on).contains("<5 / <5"), text(on))
            let small = array(array(json(on)["blocks"]).first?["rows"]).filter { $0["suppressed"] == .bool(true) }
            XCTAssertFalse(small.isEmpty, statement)
            XCTAssertTrue(small.allSatisfy { $0["n_treated"] == .null && $0["n_control"] == .null }, statement)
            try assertOff(off)
            XCTAssertNotNil(text(off).range(of: "\\b[1-4] / [1-4]\\b", options: .regularExpression), text(off))
        }
        try session.run("let s = subgroups os ~ trt by g, h")
        let dir = try temporaryDirectory()
        let plot = try run("plot forest s to \"\(dir)/subgroups.svg\"")
        let svg = try String(contentsOfFile: "\(dir)/subgroups.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains("(&lt;5/&lt;5)") || svg.contains("(<5/<5)"), svg)
        XCTAssertTrue(svg.contains("counts from 1 to 4 are shown as"), svg)
        XCTAssertEqual(smallInlineCounts(svg), [])
        let series = array(json(plot)["series"]).map { $0.serialized() }
        XCTAssertEqual(smallInlineCounts(series.joined(separator: " ")), [], "\(series)")
        try session.run("set min_cell = 0")
        _ = try run("plot forest s to \"\(dir)/subgroups0.svg\"")
        let svg0 = try String(contentsOfFile: "\(dir)/subgroups0.svg", encoding: .utf8)
        XCTAssertTrue(svg0.contains("(2/2)"), svg0)
        XCTAssertFalse(svg0.contains("min_cell"))
    }

    func testCohortSize() throws {
        let cohort = try run("cohort small = where arm = \"C\"")
        XCTAssertTrue(text(cohort).contains("cohort small: <5 rows"), text(cohort))
        XCTAssertTrue(text(cohort).contains(footnote), text(cohort))
        XCTAssertEqual(json(cohort)["message"], .string("cohort small: <5 rows"))
        XCTAssertFalse(csv(cohort).contains("3 rows"), csv(cohort))
        try session.run("set min_cell = 0")
        XCTAssertTrue(text(try run("cohort small2 = where arm = \"C\"")).contains("cohort small2: 3 rows"))
    }

    func testBlankCountCellsStayBlank() {
        let table = TableView(title: nil, columns: ["factor", "n"], rows: [[.init("a"), .init("3")], [.init(""), .init("", raw: "3")]])
        let shown = CountSuppression.apply([table], MinCell(5))[0]
        XCTAssertEqual(shown.rows.map { $0[1].display }, ["<5", ""])
        XCTAssertEqual(shown.notes, [footnote])
    }

    func testInlineCountsInNotes() {
        let on = MinCell(5)
        XCTAssertEqual(CountSuppression.inline("reconstructed 3 patients (2 events) into t", on), "reconstructed <5 patients (<5 events) into t")
        XCTAssertEqual(CountSuppression.inline("n = 12, events = 4 (1 dropped for missing values)", on),
                       "n = 12, events = <5 (<5 dropped for missing values)")
        XCTAssertEqual(CountSuppression.inline("1 row with a missing `arm` left out", on), "<5 row with a missing `arm` left out")
        XCTAssertEqual(CountSuppression.inline("n = 0; 12 candidate cutoffs; 3 of 9 cutoffs", on), "n = 0; 12 candidate cutoffs; 3 of 9 cutoffs")
        XCTAssertEqual(CountSuppression.inline("n = 3", MinCell(0)), "n = 3")
    }
}
