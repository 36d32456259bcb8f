/// Names bound in nested scopes, innermost last. A lookup falls through from
/// the innermost scope outwards; a write or removal touches the innermost only,
/// so a child scope (a procedure's or a function's body) sees its parent's
/// names and may shadow them without changing the parent (the lexical scopes
/// of Lua's `lparser.c` and Crafting Interpreters' `Environment`).
public struct ScopedTable<Value: Sendable>: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    private var scopes: [[String: Value]]

    public init(_ names: [String: Value] = [:]) { scopes = [names] }

    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { $1 }))
    }

    public subscript(name: String) -> Value? {
        get {
            for scope in scopes.reversed() { if let value = scope[name] { return value } }
            return nil
        }
        set { scopes[scopes.count - 1][name] = newValue }
    }

    /// A table with one more (empty) scope inside this one.
    public func child() -> ScopedTable {
        var table = self
        table.scopes.append([:])
        return table
    }

    /// Whether `name` is bound in the innermost scope (not only inherited).
    public func isLocal(_ name: String) -> Bool { scopes[scopes.count - 1][name] != nil }

    /// Every visible name once, the innermost binding winning.
    public var visible: [String: Value] {
        scopes.reduce(into: [:]) { merged, scope in merged.merge(scope) { $1 } }
    }

    public var keys: [String] { Array(visible.keys) }
    public var values: [Value] { Array(visible.values) }
    public var isEmpty: Bool { scopes.allSatisfy(\.isEmpty) }

    public func makeIterator() -> Dictionary<String, Value>.Iterator { visible.makeIterator() }
}
