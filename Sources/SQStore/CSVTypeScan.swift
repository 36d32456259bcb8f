import Foundation

/// Pass 1 of the CSV import: every record's field count and every column's
/// type (`CSVType`), with the values that would keep a numeric column from
/// being numeric (`StrayValues`) and whole numbers past 64 bits.
///
/// A large file without quotes is scanned on both cores: its records split at
/// a newline, each half scanned from nothing, the halves joined by
/// `followed(by:)`, which gives exactly what one scan of the whole file gives
/// — the same types, warnings, line numbers and first error — or, where it
/// cannot tell without reading the second half again (stray values after
/// numbers in both halves), nil; the second half is then scanned again from
/// the first half's state, as one scan would have gone on.
struct CSVTypeScan {
    var types: [CSVType]
    var strays: [StrayValues]
    /// Values noted as strays, by column (a scan's own count, for joining halves).
    var notes: [Int]
    /// Whole numbers past Int64, in file order; each makes its column text.
    var beyond: [BeyondInteger] = []
    var rows = 0

    struct BeyondInteger {
        var column: Int
        var value: String
        var line: Int
        /// The column's type just before the value (for joining halves).
        var before: CSVType
    }

    /// The longest value a field may hold, in bytes.
    var maximumFieldLength = Int(SQLiteHardening.maximumLength)

    init(width: Int) {
        types = Array(repeating: .empty, count: width)
        strays = Array(repeating: StrayValues(), count: width)
        notes = Array(repeating: 0, count: width)
    }

    /// Scans the records from `scanner`'s position to its end, polling `stop` every 4,096 rows.
    mutating func scan(_ scanner: inout CSVScanner, stop: () -> Bool) throws {
        let bytes = scanner.bytes
        let width = types.count
        var fields: [CSVScanner.Field] = []
        while let line = try scanner.nextRecord(into: &fields) {
            guard fields.count == width else {
                throw CSVError(line: line, message: "row has \(fields.count) field\(fields.count == 1 ? "" : "s"), header has \(width)")
            }
            // SQLite stores no longer value (`SQLiteHardening.maximumLength`): refused here with its line.
            if let long = fields.firstIndex(where: { $0.end - $0.start > maximumFieldLength }) {
                throw CSVError(line: line, message: "the value in column \(long + 1) is \(fields[long].end - fields[long].start) bytes long; the longest a value may be is \(maximumFieldLength) bytes")
            }
            for (i, field) in fields.enumerated() where types[i] != .text && !scanner.isMissing(field) {
                // A whole number past Int64: text, so no digit of the column changes (not a stray: no `na =` hint).
                if CSVType.isBeyondInteger(bytes, field.start, field.end) {
                    beyond.append(BeyondInteger(column: i, value: scanner.string(of: field), line: line, before: types[i]))
                    types[i] = .text
                    continue
                }
                let kind = CSVType.classify(bytes, field.start, field.end)
                if kind == .text {
                    notes[i] += 1
                    if strays[i].note(scanner.string(of: field)) { continue }
                } else {
                    strays[i].typed += 1
                }
                types[i] = types[i].joined(with: kind)
            }
            rows += 1
            if rows & 0xFFF == 0, stop() { throw StoreError(.interrupted, "import interrupted") }
        }
    }

    /// This scan followed by `next`, a scan from nothing of the records after
    /// this one's (its lines counted from 1, `lineOffset` before the file's):
    /// the scan one pass over both would have made, or nil when that depends on
    /// the order of `next`'s values, which it did not keep.
    func followed(by next: CSVTypeScan, lineOffset: Int) -> CSVTypeScan? {
        var joined = self
        joined.rows += next.rows
        var nextBeyond: [Int: BeyondInteger] = [:]
        for event in next.beyond { nextBeyond[event.column] = event }
        var kept: Set<Int> = []
        for i in types.indices where types[i] != .text {
            // Once a column is text, one pass looks at none of its later values.
            let event = nextBeyond[i]
            if next.notes[i] == 0 {
                if let event {
                    // One pass meets the value with the column at `self ⊔ before`: a warning unless that is text already.
                    if types[i].joined(with: event.before) != .text { kept.insert(i) }
                    joined.types[i] = .text
                } else {
                    // Only typed values (and missing ones) follow: their join, and their count while not text.
                    joined.types[i] = types[i].joined(with: next.types[i])
                    joined.strays[i].typed += next.strays[i].typed
                }
            } else if event == nil, strays[i].typed == 0, next.strays[i].typed == 0 {
                // Strays and no typed value in either half: text, whatever one pass's stray count did, and no warning.
                joined.types[i] = .text
            } else {
                return nil
            }
        }
        joined.beyond += next.beyond.filter { kept.contains($0.column) }.map {
            var event = $0
            event.line += lineOffset
            return event
        }
        return joined
    }

    /// The warnings, in file order, and the final types: a column whose few
    /// stray values kept it from being numeric is text, and says so.
    func finished(names: [String], path: String, table: String) -> (types: [CSVType], warnings: [String]) {
        var types = self.types
        var warnings = beyond.map { event in
            "column `\(names[event.column])` is imported as text: \(event.value) (line \(event.line)) is a whole number beyond 64 bits, and read as numbers the column's values past 2^53 would change; as text every digit is kept (right for ids; for a measurement, correct that value in the file)"
        }
        for i in types.indices where !strays[i].values.isEmpty && types[i] != .text {
            if let warning = strays[i].warning(column: names[i], type: types[i], path: path, table: table) { warnings.append(warning) }
            types[i] = .text
        }
        return (types, warnings)
    }

    // MARK: One pass or two halves

    /// Files smaller than this are scanned in one pass.
    static let splitThreshold = 1 << 22

    /// Pass 1 over the records from `scanner`'s position (just past the header).
    /// `splitAtLeast`: the bytes of records from which the file is halved (tests halve small files).
    static func run(_ scanner: CSVScanner, width: Int, splitAtLeast: Int = splitThreshold, stop: () -> Bool) throws -> CSVTypeScan {
        let bytes = scanner.bytes
        guard ProcessInfo.processInfo.activeProcessorCount > 1 || splitAtLeast == 0, bytes.count - scanner.position >= splitAtLeast,
              let split = splitPoint(bytes, from: scanner.position) else {
            var whole = scanner
            var scan = CSVTypeScan(width: width)
            try scan.scan(&whole, stop: stop)
            return scan
        }
        // First half: the file cut at `split` (positions stay those of the whole file).
        let halves = Halves(first: scanner.part(from: scanner.position, line: scanner.line, to: split),
                            second: scanner.part(from: split, line: 1), width: width)
        withoutActuallyEscaping(stop) { stop in
            // The import's stop test reads a lock-guarded flag and an atomic one: safe from either worker.
            let poll = UncheckedStop(test: stop)
            DispatchQueue.concurrentPerform(iterations: 2) { half in halves.scan(half, stop: poll.test) }
        }

        let head = try halves.firstResult.get()
        let lineOffset = halves.firstEndLine - 1
        let tail: CSVTypeScan
        do {
            tail = try halves.secondResult.get()
        } catch var error as CSVError {
            error.line += lineOffset
            throw error
        }
        if let joined = head.followed(by: tail, lineOffset: lineOffset) { return joined }
        // Scan the second half again, going on from the first half's state.
        var again = scanner.part(from: split, line: halves.firstEndLine)
        var scan = head
        try scan.scan(&again, stop: stop)
        return scan
    }

    /// Just past the first newline after the middle of the records, when the
    /// file has no quote (so every newline ends a record or a blank line).
    static func splitPoint(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, memchr(base + start, 0x22, bytes.count - start) == nil else { return nil }
        let middle = start + (bytes.count - start) / 2
        guard let newline = memchr(base + middle, 0x0A, bytes.count - middle) else { return nil }
        let split = UnsafeRawPointer(newline) - UnsafeRawPointer(base) + 1
        return split < bytes.count ? split : nil
    }

    private struct UncheckedStop: @unchecked Sendable { let test: () -> Bool }

    /// The two halves' scanners and results; each worker touches only its own.
    private final class Halves: @unchecked Sendable {
        private var first: CSVScanner
        private var second: CSVScanner
        private let width: Int
        private(set) var firstResult: Result<CSVTypeScan, Error>
        private(set) var secondResult: Result<CSVTypeScan, Error>
        /// The line the first half's scanner stopped at: the second half's line 1.
        private(set) var firstEndLine = 1

        init(first: CSVScanner, second: CSVScanner, width: Int) {
            self.first = first
            self.second = second
            self.width = width
            firstResult = .success(CSVTypeScan(width: width))
            secondResult = .success(CSVTypeScan(width: width))
        }

        func scan(_ half: Int, stop: () -> Bool) {
            // Each worker reads on a copy of its scanner: the two share this object, and
            // writing the scanners in place would bounce its cache line between the cores.
            var scan = CSVTypeScan(width: width)
            var scanner = half == 0 ? first : second
            let result = Result { try scan.scan(&scanner, stop: stop); return scan }
            if half == 0 {
                firstResult = result
                firstEndLine = scanner.line
            } else {
                secondResult = result
            }
        }
    }
}
