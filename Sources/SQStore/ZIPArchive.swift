import CSystemZlib
import SQBackend
import Foundation

/// The entries of a ZIP archive, read from the file mapped into memory (PKWARE's
/// APPNOTE.TXT 6.3: §4.3.16 end of central directory record, §4.3.12 central
/// directory header, §4.3.7 local file header). Every offset and size is checked
/// against the file's length before it is read, so a damaged archive is an
/// `ImportProblem` naming the part, never a read past the end. Parts are stored
/// (method 0) or deflated (method 8, inflated by zlib); split, encrypted and ZIP64
/// archives are refused.
struct ZIPArchive {
    struct Entry {
        var name: String
        /// 0 stored, 8 deflate (§4.4.5).
        var method: UInt16
        /// Bit 0: encrypted (§4.4.4).
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    private let file: MappedFile
    /// In central directory order; a name listed twice keeps its first entry.
    let entries: [Entry]
    private let index: [String: Int]

    /// Bytes inflated or copied between two polls of `shouldStop`.
    static let chunk = 1 << 20

    init(path: String) throws {
        file = try MappedFile(path: path)
        entries = try Self.centralDirectory(file.bytes)
        var index: [String: Int] = [:]
        for (i, entry) in entries.enumerated() where index[entry.name] == nil { index[entry.name] = i }
        self.index = index
    }

    subscript(name: String) -> Entry? { index[name].map { entries[$0] } }

    // MARK: - The directory

    static let endSignature: UInt32 = 0x0605_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    static let centralSignature: UInt32 = 0x0201_4B50
    static let localSignature: UInt32 = 0x0403_4B50

    static func centralDirectory(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [Entry] {
        let notZIP = ImportProblem("not an Excel workbook (.xlsx): the file is not a ZIP archive")
        // The record is 22 bytes and a comment of at most 65535 follows it: search back from the end.
        guard bytes.count >= 22 else { throw notZIP }
        var end: Int?
        var at = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        while at >= lowest {
            if read32(bytes, at) == endSignature, at + 22 + Int(read16(bytes, at + 20)) <= bytes.count { end = at; break }
            at -= 1
        }
        guard let end else { throw notZIP }
        if end >= 20, read32(bytes, end - 20) == zip64LocatorSignature {
            throw ImportProblem("the workbook is a ZIP64 archive (for parts or files over 4 GiB), which SQ does not read; save it again from Excel")
        }
        let disk = read16(bytes, end + 4), directoryDisk = read16(bytes, end + 6)
        let onDisk = Int(read16(bytes, end + 8)), count = Int(read16(bytes, end + 10))
        let size = Int(read32(bytes, end + 12)), offset = Int(read32(bytes, end + 16))
        guard disk == 0, directoryDisk == 0, onDisk == count else {
            throw ImportProblem("the workbook is a ZIP archive split over several files, which SQ does not read")
        }
        guard offset <= end, size <= end - offset else {
            throw ImportProblem("the workbook is damaged: its ZIP central directory lies outside the file")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(min(count, size / 46))
        var position = offset
        let limit = offset + size
        for number in 0..<count {
            guard position + 46 <= limit, read32(bytes, position) == centralSignature else {
                throw ImportProblem("the workbook is damaged: its ZIP central directory ends after \(number) of its \(count) entries")
            }
            let nameLength = Int(read16(bytes, position + 28)), extraLength = Int(read16(bytes, position + 30))
            let commentLength = Int(read16(bytes, position + 32))
            let next = position + 46 + nameLength + extraLength + commentLength
            guard next <= limit else {
                throw ImportProblem("the workbook is damaged: its ZIP central directory ends inside entry \(number + 1) of \(count)")
            }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(position + 46)..<(position + 46 + nameLength)]), as: UTF8.self)
            let compressed = read32(bytes, position + 20), uncompressed = read32(bytes, position + 24)
            let local = read32(bytes, position + 42)
            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
                throw ImportProblem("the workbook is a ZIP64 archive (\(name) has 64-bit sizes), which SQ does not read; save it again from Excel")
            }
            entries.append(Entry(name: name, method: read16(bytes, position + 10), flags: read16(bytes, position + 8),
                                 crc32: read32(bytes, position + 16), compressedSize: Int(compressed),
                                 uncompressedSize: Int(uncompressed), localHeaderOffset: Int(local)))
            position = next
        }
        return entries
    }

    /// Where the entry's data starts, after its local header (whose name and
    /// extra field lengths may differ from the central directory's).
    func dataStart(_ entry: Entry) throws -> Int {
        let bytes = file.bytes
        let at = entry.localHeaderOffset
        guard at <= bytes.count - 30, Self.read32(bytes, at) == Self.localSignature else {
            throw ImportProblem("the workbook is damaged: the ZIP header of \(entry.name) is missing (offset \(at) in a file of \(bytes.count) bytes)")
        }
        let start = at + 30 + Int(Self.read16(bytes, at + 26)) + Int(Self.read16(bytes, at + 28))
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            throw ImportProblem("the workbook is damaged: the compressed data of \(entry.name) (\(entry.compressedSize) bytes) runs past the end of the file")
        }
        return start
    }

    // MARK: - A part's bytes

    /// The entry's bytes, at most `limit` of them, checked against its CRC-32.
    /// `shouldStop` is polled between chunks; true throws `StoreError(.interrupted)`.
    func contents(of entry: Entry, limit: Int, shouldStop: () -> Bool) throws -> Data {
        if entry.flags & 1 != 0 { throw ImportProblem("\(entry.name) is encrypted (the workbook has a password); save it without one") }
        guard entry.uncompressedSize <= limit else { throw ImportProblem("\(entry.name) is larger than \(limit >> 20) MiB") }
        let start = try dataStart(entry)
        let input = UnsafeBufferPointer(rebasing: file.bytes[start..<(start + entry.compressedSize)])
        let data: Data
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw ImportProblem("the workbook is damaged: \(entry.name) is stored uncompressed in \(entry.compressedSize) bytes but declares \(entry.uncompressedSize)")
            }
            var copy = Data(capacity: input.count)
            var offset = 0
            while offset < input.count {
                if shouldStop() { throw StoreError(.interrupted, "import interrupted") }
                let end = min(input.count, offset + Self.chunk)
                copy.append(UnsafeBufferPointer(rebasing: input[offset..<end]))
                offset = end
            }
            data = copy
        case 8:
            data = try Self.inflate(input, entry: entry, shouldStop: shouldStop)
        default:
            throw ImportProblem("\(entry.name) is compressed with ZIP method \(entry.method), which SQ does not read (only stored and deflate); save the workbook again from Excel")
        }
        let crc = data.withUnsafeBytes { raw -> UInt32 in
            var crc = CSystemZlib.crc32(0, nil, 0)
            var offset = 0
            while offset < raw.count {
                let length = min(raw.count - offset, Self.chunk)
                crc = CSystemZlib.crc32(crc, raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset, uInt(length))
                offset += length
            }
            return UInt32(truncatingIfNeeded: crc)
        }
        guard crc == entry.crc32 else {
            throw ImportProblem("the workbook is damaged: \(entry.name) fails its CRC-32 check")
        }
        return data
    }

    /// Raw deflate (RFC 1951) through zlib, bounded on both sides: zlib sees only
    /// the entry's compressed bytes, and may write one byte past the declared size
    /// so that a stream inflating further is caught. Every round either consumes
    /// input, writes output or stops, so a damaged stream ends in an error.
    static func inflate(_ input: UnsafeBufferPointer<UInt8>, entry: Entry, shouldStop: () -> Bool) throws -> Data {
        let damaged = { (why: String) in ImportProblem("the workbook is damaged: \(entry.name) cannot be decompressed (\(why))") }
        var stream = z_stream()
        guard sq_inflate_init_raw(&stream) == Z_OK else { throw damaged("zlib could not start") }
        defer { inflateEnd(&stream) }
        var output = Data(capacity: min(entry.uncompressedSize, 16 << 20))
        var buffer = [UInt8](repeating: 0, count: chunk)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = uInt(input.count)
        while true {
            if shouldStop() { throw StoreError(.interrupted, "import interrupted") }
            let room = min(chunk, entry.uncompressedSize - output.count + 1)
            let (status, written, consumed) = buffer.withUnsafeMutableBufferPointer { out -> (Int32, Int, Int) in
                let availableBefore = Int(stream.avail_in)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(room)
                let status = CSystemZlib.inflate(&stream, Z_NO_FLUSH)
                return (status, room - Int(stream.avail_out), availableBefore - Int(stream.avail_in))
            }
            output.append(contentsOf: buffer[0..<written])
            if output.count > entry.uncompressedSize {
                throw damaged("it inflates past its declared \(entry.uncompressedSize) bytes")
            }
            switch status {
            case Z_STREAM_END:
                guard output.count == entry.uncompressedSize else {
                    throw damaged("it inflates to \(output.count) bytes, not the declared \(entry.uncompressedSize)")
                }
                return output
            case Z_OK:
                if written == 0, consumed == 0 { throw damaged("zlib made no progress") }
            case Z_BUF_ERROR:
                throw damaged(stream.avail_in == 0 ? "its deflate stream ends early" : "zlib made no progress")
            case Z_NEED_DICT:
                throw damaged("its deflate stream asks for a preset dictionary")
            case Z_DATA_ERROR:
                throw damaged(stream.msg.map { String(cString: $0) } ?? "invalid deflate data")
            default:
                throw damaged("zlib error \(status)")
            }
        }
    }

    // MARK: - Little-endian fields (callers check the bounds)

    static func read16(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func read32(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
