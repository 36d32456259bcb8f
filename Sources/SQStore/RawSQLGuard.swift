import CSQLite

/// The user's raw `sql "..."` runs read-only: exactly one statement, which
/// SQLite reports as read-only, prepared under an authorizer that allows only
/// reading (SELECT, reads, functions, recursive CTEs and a few read-only
/// pragmas). ATTACH/DETACH, VACUUM (INTO), writes, DDL and transaction
/// control are denied while the statement is prepared.
extension Database {
    public func queryReadOnly(_ sql: SQL) throws -> QueryResult {
        try withLock {
            cancellation.reset()
            sqlite3_set_authorizer(handle, readOnlyAuthorizer, nil)
            let prepared: Statement
            do {
                prepared = try Statement(database: self, sql: sql.text)
            } catch {
                sqlite3_set_authorizer(handle, nil, nil)
                throw error
            }
            sqlite3_set_authorizer(handle, nil, nil)
            guard sqlite3_stmt_readonly(prepared.handle) != 0 else {
                throw StoreError(.rejected, "`sql` runs read-only queries; this statement would change the database", sql: sql.text)
            }
            try prepared.bind(sql.arguments)
            return try Self.collect(prepared)
        }
    }
}

/// Pragmas that only report; anything else (and any pragma with a value) is denied.
private let readOnlyPragmas: Set<String> = [
    "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "database_list", "collation_list", "function_list", "table_list",
]

private func readOnlyAuthorizer(_ userData: UnsafeMutableRawPointer?, _ action: Int32,
                                _ first: UnsafePointer<CChar>?, _ second: UnsafePointer<CChar>?,
                                _ database: UnsafePointer<CChar>?, _ trigger: UnsafePointer<CChar>?) -> Int32 {
    switch action {
    case SQLITE_SELECT, SQLITE_READ, SQLITE_FUNCTION, SQLITE_RECURSIVE:
        return SQLITE_OK
    case SQLITE_PRAGMA:
        guard let first else { return SQLITE_DENY }
        let name = String(cString: first).lowercased()
        return readOnlyPragmas.contains(name) && (second == nil || name.hasSuffix("info") || name.hasSuffix("list")) ? SQLITE_OK : SQLITE_DENY
    default:
        return SQLITE_DENY
    }
}
