import CSQLite
import Foundation

/// Pass 2 of the CSV import on two cores. A reader thread turns records into
/// typed values, a block of rows at a time, and fills the session's columnar
/// copy; the calling thread, which owns the SQLite connection, binds each
/// block's rows to the prepared INSERT and steps it. The two meet at a ring of
/// `depth` blocks guarded by two semaphores (free and filled blocks), so a
/// block is only ever touched by one thread at a time and each handoff orders
/// the writes before the reads. Pass 1 has already checked every record's
/// shape and type, so the reader meets no bad row; if it does (the file changed
/// under the mapping), its error ends the import as pass 1's would.
final class CSVInsertPipeline: @unchecked Sendable {
    /// One block of parsed rows: a 64-bit word and a length per field.
    final class Block {
        let width: Int
        let capacity: Int
        var rows = 0
        var isLast = false
        /// Integers and booleans as Int64 bits, reals as Double bits, text as
        /// a byte offset into the file (or into `arena`, with `arenaFlag` set).
        let words: UnsafeMutablePointer<UInt64>
        /// -1 for NULL, else the text's byte count (0 for numbers).
        let lengths: UnsafeMutablePointer<Int32>
        /// Text fields with doubled quotes, unescaped.
        var arena: [UInt8] = []
        static let arenaFlag: UInt64 = 1 << 63

        init(width: Int, capacity: Int) {
            self.width = width
            self.capacity = capacity
            words = .allocate(capacity: max(width * capacity, 1))
            lengths = .allocate(capacity: max(width * capacity, 1))
        }

        deinit {
            words.deallocate()
            lengths.deallocate()
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let scanner: CSVScanner
    private let types: [CSVType]
    private let imported: ImportedColumns
    private let blocks: [Block]
    private let free: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var abandoned = false
    /// Set by the reader before it marks its last block; read after that block is taken.
    private var failure: Error?
    private(set) var columns: [FetchedColumn] = []

    init(scanner: CSVScanner, types: [CSVType], imported: ImportedColumns, blockRows: Int = 4096, depth: Int = 4) {
        self.bytes = scanner.bytes
        self.scanner = scanner
        self.types = types
        self.imported = imported
        blocks = (0..<depth).map { _ in Block(width: types.count, capacity: blockRows) }
        free = DispatchSemaphore(value: depth)
    }

    /// Inserts every remaining record through `insert`, polling `stop` after
    /// each block; returns the number of rows inserted. On any error the reader
    /// is told to stop and waited for before the error is rethrown.
    func run(inserts: Inserts, stop: () -> Bool) throws -> Int {
        let reader = Thread { [self] in read(); finished.signal() }
        reader.stackSize = 1 << 20
        reader.start()
        var inserted = 0
        var next = 0
        do {
            while true {
                filled.wait()
                let block = blocks[next % blocks.count]
                next += 1
                try insertRows(of: block, into: inserts)
                inserted += block.rows
                let last = block.isLast
                free.signal()
                if last { break }
                if stop() { throw StoreError(.interrupted, "import interrupted") }
            }
        } catch {
            abandon()
            throw error
        }
        finished.wait()
        if let failure { throw failure }
        return inserted
    }

    private func abandon() {
        lock.withLock { abandoned = true }
        // Enough free blocks for the reader to pass every wait and see the flag.
        for _ in blocks { free.signal() }
        finished.wait()
    }

    private var isAbandoned: Bool { lock.withLock { abandoned } }

    // MARK: The reader thread

    private func read() {
        // The reader works on its own copy of the scanner and counts rows in a local:
        // writing either in place, per record, would bounce cache lines the inserting thread reads.
        var scanner = self.scanner
        var fields: [CSVScanner.Field] = []
        var scratch = [CChar](repeating: 0, count: 64)
        var next = 0
        while true {
            free.wait()
            if isAbandoned { return }
            let block = blocks[next % blocks.count]
            next += 1
            block.arena.removeAll(keepingCapacity: true)
            var rows = 0
            do {
                while rows < block.capacity, let line = try scanner.nextRecord(into: &fields) {
                    // Pass 1 checked every record; one that differs now means the file changed under the mapping.
                    guard fields.count == block.width, !fields.contains(where: { $0.end - $0.start > Int(SQLiteHardening.maximumLength) }) else {
                        throw CSVError(line: line, message: "the file changed while it was imported (this row differs from when its types were read); import it again")
                    }
                    parse(fields, of: scanner, into: block, row: rows, scratch: &scratch)
                    imported.finishRow()
                    rows += 1
                }
                block.isLast = rows < block.capacity
            } catch {
                failure = error
                block.isLast = true
            }
            block.rows = rows
            if block.isLast { columns = imported.columns }
            filled.signal()
            if block.isLast { return }
        }
    }

    private func parse(_ fields: [CSVScanner.Field], of scanner: CSVScanner, into block: Block, row: Int, scratch: inout [CChar]) {
        let base = row * block.width
        for (i, field) in fields.enumerated() {
            let slot = base + i
            if scanner.isMissing(field) {
                block.lengths[slot] = -1
                imported.appendNull(i)
                continue
            }
            block.lengths[slot] = 0
            switch types[i] {
            case .integer:
                let value = CSVType.parseInteger(bytes, field.start, field.end) ?? 0
                block.words[slot] = UInt64(bitPattern: value)
                imported.append(i, number: Double(value))
            case .real:
                let value = CSVType.parseReal(bytes, field.start, field.end, scratch: &scratch)
                block.words[slot] = value.bitPattern
                imported.append(i, number: value)
            case .boolean:
                let value: Int64 = CSVType.booleanValue(bytes, field.start, field.end) == true ? 1 : 0
                block.words[slot] = UInt64(bitPattern: value)
                imported.append(i, number: Double(value))
            case .date, .text, .empty:
                if field.hasEscapedQuote {
                    let unescaped = scanner.bytes(of: field)
                    block.words[slot] = UInt64(block.arena.count) | Block.arenaFlag
                    block.lengths[slot] = Int32(unescaped.count)
                    block.arena.append(contentsOf: unescaped)
                    imported.append(i, text: String(decoding: unescaped, as: UTF8.self))
                } else {
                    block.words[slot] = UInt64(field.start)
                    block.lengths[slot] = Int32(field.end - field.start)
                    imported.append(i, text: String(decoding: UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]), as: UTF8.self))
                }
            }
        }
    }

    // MARK: The SQLite thread

    /// The rows of a block, `batch.rows` at a time through the many-row
    /// INSERT (one step, one cursor, for that many rows), the rest one by one.
    private func insertRows(of block: Block, into inserts: Inserts) throws {
        let file = UnsafeRawPointer(bytes.baseAddress)
        try block.arena.withUnsafeBufferPointer { arena in
            let arenaBase = UnsafeRawPointer(arena.baseAddress)
            var row = 0
            while row < block.rows {
                let (statement, count) = block.rows - row >= inserts.batchRows ? (inserts.batch, inserts.batchRows) : (inserts.single, 1)
                let handle = statement.handle
                for r in 0..<count {
                    let base = (row + r) * block.width
                    let first = Int32(r * block.width + 1)
                    for i in 0..<block.width {
                        let code = bind(block.words[base + i], length: block.lengths[base + i], type: types[i], to: handle,
                                        at: first + Int32(i), file: file, arena: arenaBase)
                        // A value SQLite refuses (too long, out of memory) must not leave the last row's in its place.
                        guard code == SQLITE_OK else { throw statement.database.error(code, sql: statement.sql) }
                    }
                }
                _ = try statement.step()
                sqlite3_reset(handle)
                row += count
            }
        }
    }

    @inline(__always)
    private func bind(_ word: UInt64, length: Int32, type: CSVType, to handle: OpaquePointer, at index: Int32,
                      file: UnsafeRawPointer?, arena: UnsafeRawPointer?) -> Int32 {
        if length < 0 { return sqlite3_bind_null(handle, index) }
        switch type {
        case .integer, .boolean:
            return sqlite3_bind_int64(handle, index, Int64(bitPattern: word))
        case .real:
            return sqlite3_bind_double(handle, index, Double(bitPattern: word))
        case .date, .text, .empty:
            let origin = word & Block.arenaFlag != 0 ? arena : file
            guard let origin else { return sqlite3_bind_text(handle, index, "", 0, sq_sqlite_transient()) }
            // The bytes stay put until the row is stepped (SQLITE_STATIC: no copy);
            // every parameter is bound again before the next step.
            let text = (origin + Int(word & ~Block.arenaFlag)).assumingMemoryBound(to: CChar.self)
            return sqlite3_bind_text(handle, index, text, length, nil)
        }
    }

    /// The prepared INSERTs: one row, and `batchRows` rows in one VALUES list.
    struct Inserts {
        var single: Statement
        var batch: Statement
        var batchRows: Int
    }
}
