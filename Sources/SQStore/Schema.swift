import CSQLite
import SQBackend

extension Database {
    /// User tables and views of every attached database, without SQLite's own.
    public func tables() throws -> [TableInfo] {
        try withLock {
            let schemas = try query(SQL("PRAGMA database_list")).rows.compactMap { row -> String? in
                if case .text(let name) = row[1] { return name }
                return nil
            }
            var tables: [TableInfo] = []
            for schema in schemas {
                let master = schema == "temp" ? "sqlite_temp_master" : "\(Self.quote(schema)).sqlite_master"
                let rows = try query(SQL("SELECT name, type FROM \(master) WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")).rows
                for row in rows {
                    if case .text(let name) = row[0], case .text(let type) = row[1] {
                        tables.append(TableInfo(schema: schema, name: name, isView: type == "view"))
                    }
                }
            }
            return tables
        }
    }

    /// The columns of a table or view (found in any attached database), or nil when there is none.
    public func columns(of table: String) throws -> [ColumnInfo]? {
        try withLock {
            let rows = try query(SQL("SELECT name, type FROM pragma_table_info(?)", [.text(table)])).rows
            guard !rows.isEmpty else { return nil }
            return rows.map { row in
                var name = "", type = ""
                if case .text(let n) = row[0] { name = n }
                if case .text(let t) = row[1] { type = t }
                return ColumnInfo(name: name, declaredType: type)
            }
        }
    }

    func tableExists(_ table: String, schema: String) throws -> Bool {
        let master = schema == "temp" ? "sqlite_temp_master" : "\(Self.quote(schema)).sqlite_master"
        return !(try query(SQL("SELECT 1 FROM \(master) WHERE type IN ('table', 'view') AND lower(name) = lower(?)", [.text(table)])).rows.isEmpty)
    }
}
