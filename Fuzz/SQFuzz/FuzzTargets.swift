// The inputs SQ fuzzes: a script (lexer, parser, resolver and, on a small
// registered table, the engines) and a CSV file (scanner, type inference,
// import). Built two ways by Fuzz/run.sh:
//  - with `-sanitize=fuzzer,address -DFUZZING`: libFuzzer drives
//    LLVMFuzzerTestOneInput (FuzzEntry.swift);
//  - as a plain `sq-fuzz` executable: it replays the files it is given, which is
//    how the committed corpus and every past finding run as regression tests.
import Foundation
import SQ
import SQStore
import SQSyntax

enum FuzzTarget: String {
    case script, csv, readstat, xlsx

    /// `SQ_FUZZ_TARGET=csv` picks the CSV target; the script target is the default.
    static var selected: FuzzTarget {
        ProcessInfo.processInfo.environment["SQ_FUZZ_TARGET"].flatMap(FuzzTarget.init(rawValue:)) ?? .script
    }

    func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        switch self {
        case .script: ScriptTarget.run(String(decoding: bytes, as: UTF8.self))
        case .csv: CSVTarget.run(bytes)
        case .readstat: TypedFileTarget.run(bytes, readstat: true)
        case .xlsx: TypedFileTarget.run(bytes, readstat: false)
        }
    }
}

enum ScriptTarget {
    /// A small cohort with every column kind, so resolution and the engines
    /// have something real to work on.
    static let columns = ["id", "time", "status", "age", "sex", "grp", "start", "size"]
    static let rows: [[Value]] = (0..<40).map(row)

    static func row(_ i: Int) -> [Value] {
        let time = Double((i * 37) % 23 + 1)
        let status: Int64 = i % 3 == 0 ? 0 : 1
        let age = Int64(40 + (i * 7) % 30)
        let size: Value = i % 9 == 0 ? .null : .real(Double(i % 11) * 1.5)
        return [.integer(Int64(i / 2)), .real(time), .integer(status), .integer(age),
                .text(i % 2 == 0 ? "m" : "f"), .integer(Int64(i % 4)), .real(Double(i % 5) / 10), size]
    }

    static func run(_ source: String) {
        let program = Parser.parse(source)
        let file = SourceFile(name: "fuzz.sq", text: source)
        for diagnostic in program.diagnostics { _ = file.render(diagnostic) }
        _ = program.isIncomplete
        guard program.diagnostics.isEmpty, program.statements.allSatisfy(staysInMemory) else { return }
        // Raw `sql` runs too (it is where SQLite's own functions are reachable);
        // the time limit stops a recursive CTE that would spin forever.
        var options = Session.Options()
        options.timeLimit = 0.5
        guard let session = try? Session(options: options) else { return }
        do {
            try session.register(table: "t", columns: columns, rows: rows)
        } catch {
            return
        }
        if let error = session.check("use t\n" + source) { _ = error.description }
        guard let checked = try? Session(options: options) else { return }
        try? checked.register(table: "t", columns: columns, rows: rows)
        do {
            _ = try checked.run("use t\n" + source)
        } catch {
            _ = "\(error)"
        }
    }

    /// Statements that read or write files are parsed but never executed by the fuzzer.
    static func staysInMemory(_ statement: Statement) -> Bool {
        switch statement.kind {
        // A procedure call runs a body that may write files (the prelude's reports draw figures).
        case .open, .openPostgres, .importFile, .call: return false
        case .analysis(let analysis), .bind(_, let analysis):
            switch analysis.analysis {
            case .plotKM(_, _, let path), .plotForest(_, let path), .plotCutpoint(_, let path): return path == nil
            case .reconstruct: return false
            default: return true
            }
        default: return true
        }
    }
}

enum CSVTarget {
    static let directory: String = {
        let path = NSTemporaryDirectory() + "sq-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let path = directory + "/input.csv"
        guard FileManager.default.createFile(atPath: path, contents: Data(buffer: bytes)) else { return }
        guard let database = try? Database() else { return }
        do {
            let report = try database.importCSV(path: path, table: "t")
            let result = try database.query(SQL("SELECT COUNT(*) FROM \"t\""))
            precondition(result.rows.first?.first == .integer(Int64(report.rowCount)),
                         "import reported \(report.rowCount) rows, the table holds \(result.rows)")
        } catch let error as StoreError {
            _ = error.description
        } catch {
            preconditionFailure("import threw an unexpected error: \(error)")
        }
    }
}

/// SPSS, Stata and SAS files through ReadStat (the first byte picks the
/// format, the rest is the file), and Excel workbooks through the ZIP and XML
/// readers: whatever the bytes, an import either succeeds, with the row count
/// it reports, or is a StoreError that names the file.
enum TypedFileTarget {
    static let extensions = ["sav", "dta", "sas7bdat", "xpt", "por"]

    static func run(_ bytes: UnsafeBufferPointer<UInt8>, readstat: Bool) {
        var body = bytes[...]
        var name = "input.xlsx"
        if readstat {
            guard let selector = bytes.first else { return }
            name = "input." + extensions[Int(selector) % extensions.count]
            body = bytes.dropFirst()
        }
        let path = CSVTarget.directory + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(body)) else { return }
        guard let database = try? Database() else { return }
        do {
            let report = try database.importFile(path: path, table: "t", options: ImportOptions())
            let result = try database.query(SQL("SELECT COUNT(*) FROM \"t\""))
            precondition(result.rows.first?.first == .integer(Int64(report.rowCount)),
                         "import reported \(report.rowCount) rows, the table holds \(result.rows)")
        } catch let error as StoreError {
            precondition(error.message.contains(path) || error.kind == .tableExists, "an import error that does not name the file: \(error)")
        } catch {
            preconditionFailure("import threw an unexpected error: \(error)")
        }
    }
}
