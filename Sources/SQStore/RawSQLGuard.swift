import CSQLite
import SQBackend

/// The user's raw `sql "..."`: exactly one statement, prepared under an
/// authorizer that allows reading (SELECT, reads, the functions of
/// `RawSQLFunctions.allowed`, recursive CTEs and a few read-only pragmas) and
/// INSERT, UPDATE and DELETE only in a database opened `writable`.
/// ATTACH/DETACH, VACUUM (INTO), DDL, transaction control, writes anywhere else
/// and any other function are denied while the statement is prepared.
extension Database {
    public func queryReadOnly(_ sql: SQL) throws -> QueryResult {
        try withLock {
            cancellation.reset()
            let refusal = AuthorizerRefusal(writable: writableSchemas)
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
            guard sqlite3_stmt_readonly(prepared.handle) != 0 || refusal.allowedWrite else {
                throw StoreError(.rejected, "`sql` changes only a database opened `writable`; this statement would change another",
                                 sql: sql.text)
            }
            try prepared.bind(sql.arguments)
            let before = sqlite3_total_changes64(handle)
            var result = try Self.collect(prepared)
            result.changedRows = Int(sqlite3_total_changes64(handle) - before)
            return result
        }
    }
}

/// The first function the authorizer refused, so the error can name it.
private final class AuthorizerRefusal {
    var function: String?
    /// Lower-cased names of the databases opened `writable`.
    let writable: Set<String>
    /// True once a write to one of them was allowed.
    var allowedWrite = false
    init(writable: Set<String>) { self.writable = writable }
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
    case SQLITE_INSERT, SQLITE_UPDATE, SQLITE_DELETE:
        // The database's name is the fifth argument; only one opened `writable` may change.
        guard let userData, let database else { return SQLITE_DENY }
        let refusal = Unmanaged<AuthorizerRefusal>.fromOpaque(userData).takeUnretainedValue()
        guard refusal.writable.contains(String(cString: database).lowercased()) else { return SQLITE_DENY }
        refusal.allowedWrite = true
        return SQLITE_OK
    case SQLITE_PRAGMA:
        guard let first else { return SQLITE_DENY }
        let name = String(cString: first).lowercased()
        return readOnlyPragmas.contains(name) && (second == nil || name.hasSuffix("info") || name.hasSuffix("list")) ? SQLITE_OK : SQLITE_DENY
    default:
        return SQLITE_DENY
    }
}
