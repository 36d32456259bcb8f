/// An `Encoder` that builds a `JSONTree` from any `Encodable`, keeping keys in
/// encoding order (the order of `CodingKeys`). Unlike JSONEncoder, an optional
/// that is nil is written as `null` rather than left out, as docs/results.md asks
/// ("`null` where undefined"); a type that wants a key omitted says so by not
/// encoding it at all.
public struct TreeEncoder {
    public init() {}

    public func encode(_ value: some Encodable) throws -> JSONTree {
        let root = Node()
        try value.encode(to: TreeEncoderImpl(node: root, codingPath: []))
        return root.tree
    }
}

/// A mutable box the containers write into; turned into a `JSONTree` at the end.
final class Node {
    enum Content { case empty, value(JSONTree), object([(String, Node)]), array([Node]) }
    var content: Content = .empty

    var tree: JSONTree {
        switch content {
        case .empty: return .null
        case .value(let v): return v
        case .object(let members): return .object(members.map { ($0.0, $0.1.tree) })
        case .array(let items): return .array(items.map(\.tree))
        }
    }

    func member(_ key: String) -> Node {
        var members: [(String, Node)] = []
        if case .object(let existing) = content { members = existing }
        if let found = members.first(where: { $0.0 == key }) { return found.1 }
        let node = Node()
        members.append((key, node))
        content = .object(members)
        return node
    }

    func append() -> Node {
        var items: [Node] = []
        if case .array(let existing) = content { items = existing }
        let node = Node()
        items.append(node)
        content = .array(items)
        return node
    }
}

struct TreeEncoderImpl: Encoder {
    let node: Node
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([]) }
        return KeyedEncodingContainer(KeyedTree<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedTree(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleTree(node: node, codingPath: codingPath)
    }
}

/// Encodes a leaf value into `node`, or recurses for a nested Encodable.
func encodeValue(_ value: some Encodable, into node: Node, codingPath: [any CodingKey]) throws {
    switch value {
    case let v as String: node.content = .value(.string(v))
    case let v as Bool: node.content = .value(.bool(v))
    case let v as Double: node.content = .value(.number(v))
    case let v as Float: node.content = .value(.number(Double(v)))
    case let v as Int: node.content = .value(.integer(Int64(v)))
    case let v as Int64: node.content = .value(.integer(v))
    case let v as Int32: node.content = .value(.integer(Int64(v)))
    default: try value.encode(to: TreeEncoderImpl(node: node, codingPath: codingPath))
    }
}

struct KeyedTree<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, into: node.member(key.stringValue), codingPath: codingPath + [key])
    }
    // nil optionals are written as null (see TreeEncoder).
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoderImpl(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoderImpl(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { TreeEncoderImpl(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoderImpl(node: node.member(key.stringValue), codingPath: codingPath + [key])
    }
}

struct UnkeyedTree: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]
    var count: Int { if case .array(let items) = node.content { return items.count } else { return 0 } }

    mutating func encodeNil() throws { node.append().content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: node.append(), codingPath: codingPath) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoderImpl(node: node.append(), codingPath: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TreeEncoderImpl(node: node.append(), codingPath: codingPath).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { TreeEncoderImpl(node: node.append(), codingPath: codingPath) }
}

struct SingleTree: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]
    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encodeValue(value, into: node, codingPath: codingPath) }
}
