import CSQLite
import SQBackend

/// Per-connection settings that keep a script or a crafted database file from
/// reaching SQLite's unsafe corners. The system SQLite may be built with the
/// two-argument `fts3_tokenizer()` (it takes and returns raw pointers: a heap
/// address leaks, a chosen one crashes the process) and with extension
/// loading; both are switched off here, as the SQLite docs advise for
/// untrusted input (https://www.sqlite.org/security.html).
enum SQLiteHardening {
    /// Each option and the value SQ wants; `apply` returns the options that did not take.
    static let options: [(name: String, option: Int32, on: Int32)] = [
        ("SQLITE_DBCONFIG_DEFENSIVE", SQLITE_DBCONFIG_DEFENSIVE, 1),
        ("SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER", SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0),
        ("SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION", SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0),
        ("SQLITE_DBCONFIG_TRUSTED_SCHEMA", SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0),
    ]

    /// The largest string, BLOB or row (bytes): SQLite's default is a billion,
    /// so `sql "select randomblob(1e9)"` would take a gigabyte per value.
    static let maximumLength: Int32 = 100_000_000

    @discardableResult
    static func apply(_ handle: OpaquePointer) -> [String] {
        sqlite3_limit(handle, SQLITE_LIMIT_LENGTH, maximumLength)
        return options.compactMap { entry in
            sq_sqlite_db_config_flag(handle, entry.option, entry.on) == entry.on ? nil : entry.name
        }
    }

    /// The value of one option now in force (-1 when SQLite does not know it), for tests.
    static func current(_ handle: OpaquePointer, _ option: Int32) -> Int32 {
        sq_sqlite_db_config_flag(handle, option, -1)
    }
}

/// The SQL functions raw `sql` may call: SQLite's core scalar, aggregate,
/// window, date, math and JSON functions, which include every function SQ's
/// own lowering emits (abs, exp, sqrt, ln, log10, log2, round, min, max,
/// coalesce, date, julianday, row_number, count). Anything else is refused
/// while the statement is prepared, by name: fts3_tokenizer, load_extension,
/// the FTS and R-Tree helpers, sqlite_compileoption_*, and whatever an
/// extension or a host application may have registered.
public enum RawSQLFunctions {
    public static let allowed: Set<String> = [
        // core scalar
        "abs", "changes", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex", "ifnull", "iif",
        "instr", "last_insert_rowid", "length", "like", "likelihood", "likely", "lower", "ltrim", "max", "min",
        "nullif", "octet_length", "printf", "quote", "random", "randomblob", "replace", "round", "rtrim", "sign",
        "soundex", "sqlite_version", "substr", "substring", "total_changes", "trim", "typeof", "unhex", "unicode",
        "unlikely", "upper", "zeroblob",
        // date and time
        "date", "time", "datetime", "julianday", "strftime", "unixepoch", "timediff",
        // math
        "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh", "degrees",
        "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power", "radians", "sin", "sinh",
        "sqrt", "tan", "tanh", "trunc",
        // aggregate
        "avg", "count", "group_concat", "string_agg", "sum", "total",
        // window
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
        "first_value", "last_value", "nth_value",
        // JSON
        "json", "json_array", "json_array_length", "json_extract", "json_insert", "json_object", "json_patch",
        "json_remove", "json_replace", "json_set", "json_type", "json_valid", "json_quote",
        "json_group_array", "json_group_object", "->", "->>",
    ]
}
