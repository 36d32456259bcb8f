import Foundation
import XCTest
@testable import SQStore

/// Pass 2 of the import on two threads (`CSVInsertPipeline`): rows in blocks of
/// 4,096, inserted 64 to a statement and the rest one by one. Every value of
/// every type, NULLs and unescaped quotes included, must land in its row, in
/// SQLite and in the columnar copy the session keeps.
final class CSVInsertPipelineTests: XCTestCase {
    /// 9,001 rows: two full blocks and a part one, whose rows end in a part batch.
    static let rows = 9_001

    func expected(_ i: Int) -> [SQLValue] {
        let id = SQLValue.integer(Int64(i) * 3_000_000_000)
        let x: SQLValue = i % 7 == 0 ? .null : .real(Double(i) / 8 - 500)
        let note: SQLValue = i % 11 == 0 ? .null : .text(i % 5 == 0 ? "said \"\(i)\", left" : "n\(i)")
        let when: SQLValue = i % 13 == 0 ? .null : .text(String(format: "2020-%02d-%02d", 1 + i % 12, 1 + i % 28))
        let flag: SQLValue = i % 17 == 0 ? .null : .integer(i % 2 == 0 ? 1 : 0)
        return [id, x, note, when, flag]
    }

    func csv() -> String {
        var text = "id,x,note,when,flag\n"
        for i in 0..<Self.rows {
            let values = expected(i)
            let fields = values.enumerated().map { column, value -> String in
                switch value {
                case .null: return column == 1 ? "NA" : ""
                case .integer(let n): return column == 4 ? (n == 1 ? "TRUE" : "false") : String(n)
                case .real(let d): return String(d)
                case .text(let s): return s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
                }
            }
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    func testEveryRowLandsInSQLiteAndInTheColumnarCopy() throws {
        let db = try Database()
        let report = try db.importCSV(path: try writeTemporary(csv()), table: "t")
        XCTAssertEqual(report.rowCount, Self.rows)
        XCTAssertEqual(report.columns.map(\.declaredType), ["INTEGER", "REAL", "TEXT", "DATE", "BOOLEAN"])
        let stored = try db.rows("select id, x, note, \"when\", flag from t order by rowid")
        XCTAssertEqual(stored.count, Self.rows)
        for i in 0..<Self.rows where stored[i] != expected(i) {
            XCTFail("row \(i): \(stored[i]) is not \(expected(i))")
            break
        }
        // The session's copy holds what a fetch would read: numbers as reals, NULLs marked.
        XCTAssertEqual(report.data.count, 5)
        guard case .real(let ids, let idNull) = report.data[0], case .real(let xs, let xNull) = report.data[1],
              case .text(let notes) = report.data[2], case .text(let dates) = report.data[3],
              case .real(let flags, let flagNull) = report.data[4] else { return XCTFail("columns of the wrong kind: \(report.data)") }
        for i in 0..<Self.rows {
            let row = expected(i)
            XCTAssertEqual(ids[i], Double(Int64(i) * 3_000_000_000)); XCTAssertFalse(idNull[i])
            if case .real(let x) = row[1] { XCTAssertEqual(xs[i], x); XCTAssertFalse(xNull[i]) } else { XCTAssertTrue(xNull[i]) }
            if case .text(let s) = row[2] { XCTAssertEqual(notes[i], s) } else { XCTAssertNil(notes[i]) }
            if case .text(let s) = row[3] { XCTAssertEqual(dates[i], s) } else { XCTAssertNil(dates[i]) }
            if case .integer(let f) = row[4] { XCTAssertEqual(flags[i], Double(f)); XCTAssertFalse(flagNull[i]) } else { XCTAssertTrue(flagNull[i]) }
        }
    }

    /// A record unlike what pass 1 saw (the file changed under the mapping) ends
    /// the pass with an error at its line; nothing is written past a row's slots.
    func testARowThatChangedSinceTheTypePassIsAnError() throws {
        let db = try Database()
        try db.execute(SQL("CREATE TABLE t (a INTEGER, b INTEGER)"))
        let inserts = CSVInsertPipeline.Inserts(single: try Statement(database: db, sql: "INSERT INTO t VALUES (?, ?)"),
                                                batch: try Statement(database: db, sql: "INSERT INTO t VALUES (?, ?), (?, ?)"),
                                                batchRows: 2)
        let text = "1,2\n3,4\n5,6,7\n8,9\n"
        try Array(text.utf8).withUnsafeBufferPointer { bytes in
            let pipeline = CSVInsertPipeline(scanner: CSVScanner(bytes: bytes, delimiter: 0x2C, start: 0), types: [.integer, .integer],
                                             imported: ImportedColumns(types: [.integer, .integer], capacity: 4))
            XCTAssertThrowsError(try pipeline.run(inserts: inserts, stop: { false })) { error in
                XCTAssertEqual((error as? CSVError)?.line, 3)
                XCTAssertTrue((error as? CSVError)?.message.hasPrefix("the file changed while it was imported") == true, "\(error)")
            }
        }
    }

    /// A stop while the reader thread is ahead of the inserts must stop the
    /// reader too: the import returns, rolled back, and the connection is usable at once.
    func testAStopWhileBothThreadsRunLeavesNothingBehind() throws {
        let path = try writeTemporary(csv())
        let db = try Database()
        for stopAfter in 1...2 {
            final class Polls: @unchecked Sendable { var count = 0 }
            let polls = Polls()
            XCTAssertThrowsError(try db.importCSV(path: path, table: "t", shouldStop: {
                polls.count += 1
                return polls.count == 2 + stopAfter   // two polls in the type pass, then one after each full block
            })) { XCTAssertEqual(($0 as? StoreError)?.kind, .interrupted) }
            XCTAssertFalse(try db.tableExists("t", schema: "main"))
        }
        XCTAssertEqual(try db.importCSV(path: path, table: "t").rowCount, Self.rows)
    }
}
