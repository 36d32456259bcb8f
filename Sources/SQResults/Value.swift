import SQBackend

/// A cell or a `by` value in a result: what JSON can hold. It is the backend's
/// value itself (`SQLValue`: null, integer, real, text), one type from the
/// database to the JSON document, under the name results use.
public typealias Value = SQLValue

extension SQLValue: Codable, CustomStringConvertible {

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let i = try? container.decode(Int64.self) { self = .integer(i) }
        else if let d = try? container.decode(Double.self) { self = .real(d) }
        else { self = .text(try container.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .integer(let i): try container.encode(i)
        case .real(let d):
            if d.isFinite { try container.encode(d) } else { try container.encodeNil() }
        case .text(let s): try container.encode(s)
        }
    }

    /// A number as R prints a factor level or stratum value: `1`, not `1.0`.
    public var description: String {
        switch self {
        case .null: return "NA"
        case .integer(let i): return String(i)
        case .real(let d):
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        case .text(let s): return s
        }
    }

    /// A number holding an integral value becomes `.integer`, so JSON shows `1` for trt=1.
    public static func number(_ d: Double) -> Value {
        if d == d.rounded(), abs(d) < 9e15 { return .integer(Int64(d)) }
        return .real(d)
    }

    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .text(let s): return Double(s)
        case .null: return nil
        }
    }
}

/// Named values in a fixed order (a stratum's `by`), encoded as a JSON object.
public struct NamedValues: Codable, Sendable, Equatable {
    public var pairs: [(name: String, value: Value)]

    public init(_ pairs: [(name: String, value: Value)]) { self.pairs = pairs }

    public subscript(name: String) -> Value? { pairs.first { $0.name == name }?.value }

    public static func == (a: NamedValues, b: NamedValues) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (name, value) in pairs { try c.encode(value, forKey: Key(stringValue: name)) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        pairs = try c.allKeys.map { ($0.stringValue, try c.decode(Value.self, forKey: $0)) }
    }
}
