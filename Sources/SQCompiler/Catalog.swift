import SQBackend

/// What the resolver may ask the database about. The session answers from
/// SQLite; tests answer from a dictionary.
public protocol Catalog {
    func tableNames() -> [String]
    func table(named name: String) -> TableSchema?
}

/// A fixed catalog, for tests and for embedding hosts that describe their tables.
public struct StaticCatalog: Catalog {
    public var tables: [TableSchema]
    public init(_ tables: [TableSchema]) { self.tables = tables }
    public func tableNames() -> [String] { tables.map(\.name) }
    public func table(named name: String) -> TableSchema? {
        tables.first { $0.name == name } ?? tables.first { $0.name.lowercased() == name.lowercased() }
    }
}
