import CSQLite

/// The user's raw `sql "..."` runs read-only: exactly one statement, which
/// SQLite reports as read-only, prepared under an authorizer that allows only
/// reading (SELECT, reads, the functions of `RawSQLFunctions.allowed`,
/// recursive CTEs and a few read-only pragmas). ATTACH/DETACH, VACUUM (INTO),
/// writes, DDL, transaction control and any other function are denied while
/// the statement is prepared.
extension Database {
    public func queryReadOnly(_ sql: SQL) throws -> QueryResult {
        try withLock {
            cancellation.reset()
            let refusal = AuthorizerRefusal()
            let context = Unmanaged.passUnretained(refusal).toOpaque()
            sqlite3_set_authorizer(handle, readOnlyAuthorizer, context)
            let prepared: Statement
            do {
                prepared = try withExtendedLifetime(refusal) { try Statement(database: self, sql: sql.text) }
            } catch {
                sqlite3_set_authorizer(handle, nil, nil)
                if let function = refusal.function {
                    throw StoreError(.rejected, "`sql` may not call the SQL function `\(function)`; it may call SQLite's core, date, math, aggregate, window and JSON functions",
                                     sql: sql.text)
                }
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

/// The first function the authorizer refused, so the error can name it.
private final class AuthorizerRefusal {
    var function: String?
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
    case SQLITE_SELECT, SQLITE_READ, SQLITE_RECURSIVE:
        return SQLITE_OK
    case SQLITE_FUNCTION:
        // SQLITE_FUNCTION passes the function's name as the fourth argument.
        guard let second else { return SQLITE_DENY }
        let name = String(cString: second)
        if RawSQLFunctions.allowed.contains(name.lowercased()) { return SQLITE_OK }
        if let userData {
            let refusal = Unmanaged<AuthorizerRefusal>.fromOpaque(userData).takeUnretainedValue()
            if refusal.function == nil { refusal.function = name }
        }
        return SQLITE_DENY
    case SQLITE_PRAGMA:
        guard let first else { return SQLITE_DENY }
        let name = String(cString: first).lowercased()
        return readOnlyPragmas.contains(name) && (second == nil || name.hasSuffix("info") || name.hasSuffix("list")) ? SQLITE_OK : SQLITE_DENY
    default:
        return SQLITE_DENY
    }
}
