import SQBackend
/// A byte-level RFC 4180 reader: quoted fields, doubled quotes, quoted
/// newlines, CRLF or LF. It hands out each record's fields as byte ranges into
/// the file buffer, so nothing is copied until a value is stored.
struct CSVScanner {
    struct Field {
        var start: Int
        var end: Int
        /// Quoted fields may contain `""`, which `bytes(of:)` unescapes.
        var quoted: Bool
        var hasEscapedQuote: Bool
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    var position: Int
    /// Physical line (1-based) where the next record starts.
    var line = 1

    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, start: Int) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.position = start
    }

    var atEnd: Bool { position >= bytes.count }

    /// A scanner with this one's delimiter and missing values, reading from
    /// `start` (counting lines from `line`) up to `end` (the whole buffer when nil).
    func part(from start: Int, line: Int, to end: Int? = nil) -> CSVScanner {
        var part = CSVScanner(bytes: end.map { UnsafeBufferPointer(rebasing: bytes[..<$0]) } ?? bytes, delimiter: delimiter, start: start)
        part.line = line
        part.missingTokens = missingTokens
        return part
    }

    /// Reads the next record into `fields` (reused to avoid allocation).
    /// Returns the record's starting line, or nil at end of input.
    mutating func nextRecord(into fields: inout [Field]) throws -> Int? {
        fields.removeAll(keepingCapacity: true)
        // Skip empty lines (a trailing newline, blank lines between records).
        while position < bytes.count, bytes[position] == 0x0A || bytes[position] == 0x0D {
            if bytes[position] == 0x0A { line += 1 }
            position += 1
        }
        guard position < bytes.count else { return nil }
        let recordLine = line
        let quote: UInt8 = 0x22
        while true {
            if position < bytes.count, bytes[position] == quote {
                let quoteLine = line
                var i = position + 1
                var escaped = false
                while true {
                    guard i < bytes.count else {
                        throw CSVError(line: quoteLine, message: "a quoted field is never closed")
                    }
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < bytes.count, bytes[i + 1] == quote { escaped = true; i += 2; continue }
                        break
                    }
                    if b == 0x0A { line += 1 }
                    i += 1
                }
                fields.append(Field(start: position + 1, end: i, quoted: true, hasEscapedQuote: escaped))
                position = i + 1
                guard position >= bytes.count || bytes[position] == delimiter || bytes[position] == 0x0A || bytes[position] == 0x0D else {
                    throw CSVError(line: line, message: "unexpected text after a closing quote")
                }
            } else {
                var i = position
                while i < bytes.count {
                    let b = bytes[i]
                    if b == delimiter || b == 0x0A || b == 0x0D { break }
                    i += 1
                }
                fields.append(Field(start: position, end: i, quoted: false, hasEscapedQuote: false))
                position = i
            }
            guard position < bytes.count else { return recordLine }
            let b = bytes[position]
            if b == delimiter { position += 1; continue }
            // End of record: CRLF or LF (a lone CR also ends it).
            if b == 0x0D { position += 1 }
            if position < bytes.count, bytes[position] == 0x0A { position += 1 }
            line += 1
            return recordLine
        }
    }

    /// The field's bytes with `""` turned into `"`.
    func bytes(of field: Field) -> [UInt8] {
        let raw = Array(bytes[field.start..<field.end])
        guard field.hasEscapedQuote else { return raw }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            out.append(raw[i])
            i += raw[i] == 0x22 && i + 1 < raw.count && raw[i + 1] == 0x22 ? 2 : 1
        }
        return out
    }

    func string(of field: Field) -> String {
        String(decoding: bytes(of: field), as: UTF8.self)
    }

    /// Empty cells and an unquoted `NA` are missing values.
    /// Further values that mean missing (`import ... with na = ".", "unknown"`).
    var missingTokens: [[UInt8]] = []

    func isMissing(_ field: Field) -> Bool {
        let length = field.end - field.start
        if length == 0 { return true }
        if !field.quoted && length == 2 && bytes[field.start] == 0x4E && bytes[field.start + 1] == 0x41 { return true }
        for token in missingTokens where token.count == length {
            var same = true
            for k in 0..<length where bytes[field.start + k] != token[k] { same = false; break }
            if same { return true }
        }
        return false
    }
}

struct CSVError: Error {
    var line: Int
    var message: String
}

/// UTF-8 validation with the line of the first bad byte (RFC 3629 well-formed sequences).
enum UTF8Check {
    static func firstInvalidLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let bad = firstInvalidOffset(bytes) else { return nil }
        var line = 1
        for i in 0..<bad where bytes[i] == 0x0A { line += 1 }
        return line
    }

    /// Where the first byte of an ill-formed sequence is, or nil for valid UTF-8.
    static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var i = 0
        let n = bytes.count
        while i < n {
            // ASCII eight bytes at a time (no high bit set in any of them).
            while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minimum: UInt32
            if b & 0xE0 == 0xC0 { length = 2; minimum = 0x80 }
            else if b & 0xF0 == 0xE0 { length = 3; minimum = 0x800 }
            else if b & 0xF8 == 0xF0 { length = 4; minimum = 0x10000 }
            else { return i }
            guard i + length <= n else { return i }
            var scalar = UInt32(b) & (0xFF >> (length + 1))
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }
}
