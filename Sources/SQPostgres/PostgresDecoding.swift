import CLibPQ
import Foundation

/// PostgreSQL's types (text format) read into the SQLite store's four kinds:
/// int2/4/8, oid and bool as integers (true = 1, as SQLite keeps booleans);
/// float4/8 as reals; numeric as an integer when it has no fraction and fits 64
/// bits (a `sum` of integers), else a real; date, timestamp and everything else
/// as their text, which the connection's `DateStyle = ISO` makes `YYYY-MM-DD`
/// and `YYYY-MM-DD HH:MM:SS[.ffffff]`.
enum PostgresDecoding {
    // Type OIDs, fixed in PostgreSQL's catalog (src/include/catalog/pg_type.dat).
    static let bool: UInt32 = 16, int8: UInt32 = 20, int2: UInt32 = 21, int4: UInt32 = 23, oid: UInt32 = 26
    static let float4: UInt32 = 700, float8: UInt32 = 701, numeric: UInt32 = 1700

    static func value(_ result: OpaquePointer, row: Int, column: Int, type: UInt32) -> PostgresValue {
        let r = Int32(row), c = Int32(column)
        if PQgetisnull(result, r, c) == 1 { return .null }
        let text = String(cString: PQgetvalue(result, r, c))
        switch type {
        case int2, int4, int8, oid:
            return Int64(text).map(PostgresValue.integer) ?? .text(text)
        case bool:
            return .integer(text == "t" ? 1 : 0)
        case float4, float8:
            return Double(text).map(PostgresValue.real) ?? .text(text)
        case numeric:
            if let integer = Int64(text) { return .integer(integer) }
            return Double(text).map(PostgresValue.real) ?? .text(text)
        default:
            return .text(text)
        }
    }

    /// The value as a number for a `real` column: nil for NULL; throws for text that is not one.
    static func real(_ result: OpaquePointer, row: Int32, column: Int32, type: UInt32, sql: String) throws -> Double? {
        if PQgetisnull(result, row, column) == 1 { return nil }
        let pointer = PQgetvalue(result, row, column)!
        if type == bool { return pointer.pointee == 0x74 /* t */ ? 1 : 0 }
        let isNumber = type == numeric || type == float4 || type == float8 || type == int2 || type == int4 || type == int8
        // PostgreSQL's own number text: read in place, no String per value.
        if isNumber, let value = number(pointer) { return value }
        let text = String(cString: pointer)
        if let value = Double(isNumber ? text : text.trimmingCharacters(in: .whitespaces)) {
            return value
        }
        throw PostgresError(.notNumeric(column: Int(column), value: text), "`\(text)` is not a number", sql: sql)
    }

    /// The whole text as a number (strtod's grammar, which covers PostgreSQL's
    /// output, `NaN` and `Infinity` included), or nil.
    static func number(_ pointer: UnsafePointer<CChar>) -> Double? {
        var end: UnsafeMutablePointer<CChar>?
        let value = sq_pq_strtod(pointer, &end)   // in the C locale
        guard let end, end != UnsafeMutablePointer(mutating: pointer), end.pointee == 0 else { return nil }
        return value
    }

    /// The value as text for a `text` column (booleans as `1`/`0`, as SQLite gives them).
    static func text(_ result: OpaquePointer, row: Int32, column: Int32, type: UInt32) -> String? {
        if PQgetisnull(result, row, column) == 1 { return nil }
        let pointer = PQgetvalue(result, row, column)!
        if type == bool { return pointer.pointee == 0x74 /* t */ ? "1" : "0" }
        return String(cString: pointer)
    }

    /// A float8 parameter's text, read back exactly by PostgreSQL's float8in
    /// (Swift prints the shortest text that round-trips).
    static func text(of value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return "\(value)"
    }

    /// Bytes of value text in a result (what crossed the network, less framing).
    static func payloadBytes(_ result: OpaquePointer) -> Int {
        var total = 0
        let columns = PQnfields(result)
        for row in 0..<PQntuples(result) {
            for column in 0..<columns { total += Int(PQgetlength(result, row, column)) }
        }
        return total
    }
}
