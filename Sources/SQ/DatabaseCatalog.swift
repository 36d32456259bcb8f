import SQCompiler
import SQBackend

/// The compiler's view of the schema, read from the backend when asked.
struct DatabaseCatalog: Catalog {
    let backend: any Backend

    func tableNames() -> [String] {
        ((try? backend.tables()) ?? []).map(\.name)
    }

    func table(named name: String) -> TableSchema? {
        guard let columns = (try? backend.columns(of: name)) ?? nil else { return nil }
        let resolved = tableNames().first { $0 == name } ?? tableNames().first { $0.lowercased() == name.lowercased() } ?? name
        return TableSchema(name: resolved, columns: columns.map { ColumnSchema(name: $0.name, type: ValueType(declaredType: $0.declaredType)) })
    }
}
