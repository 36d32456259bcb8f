import SQCompiler
import SQStore

/// The compiler's view of the schema, read from SQLite when asked.
struct DatabaseCatalog: Catalog {
    let database: Database

    func tableNames() -> [String] {
        ((try? database.tables()) ?? []).map(\.name)
    }

    func table(named name: String) -> TableSchema? {
        guard let columns = (try? database.columns(of: name)) ?? nil else { return nil }
        let resolved = tableNames().first { $0 == name } ?? tableNames().first { $0.lowercased() == name.lowercased() } ?? name
        return TableSchema(name: resolved, columns: columns.map { ColumnSchema(name: $0.name, type: ValueType(declaredType: $0.declaredType)) })
    }
}
