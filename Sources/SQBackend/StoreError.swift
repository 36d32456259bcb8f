/// An error from the data layer. `sql` carries the statement that failed (as
/// GRDB's DatabaseError does), so a report always says what was being run.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case fileNotFound
        /// SQLite reported this result code.
        case sqlite(Int32)
        /// A CSV file could not be read; `line` is the physical line (1-based).
        case csv(line: Int)
        /// The statement would write to a database opened read-only.
        case readOnly
        /// Raw SQL refused by the read-only guard (a write, ATTACH, PRAGMA, ...).
        case rejected
        /// `interrupt()` stopped it.
        case interrupted
        /// The table exists and `replace` was not given.
        case tableExists
        /// A data file (SPSS, Stata, SAS, Excel) that cannot be read: corrupt, truncated or not what its name says.
        case unreadable
        /// A value read as a number is text that is not one (result column index, the text).
        case notNumeric(column: Int, value: String)
    }

    public var kind: Kind
    public var message: String
    public var sql: String?

    public init(_ kind: Kind, _ message: String, sql: String? = nil) {
        self.kind = kind
        self.message = message
        self.sql = sql
    }

    public var isFileNotFound: Bool { kind == .fileNotFound }

    public var description: String { message }
}
