/// An error from the PostgreSQL connection. `sql` carries the statement that
/// failed (as GRDB's DatabaseError does). No message ever holds the password:
/// connection errors are scrubbed of it and URLs are shown redacted.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The server could not be reached or refused the login.
        case connection
        /// The connection broke during a statement.
        case connectionLost
        /// The statement would write while the connection is read-only
        /// (SQLSTATE 25006, raised by PostgreSQL itself).
        case readOnly
        /// `cancel()` stopped the statement.
        case cancelled
        /// `statement_timeout` stopped the statement.
        case timedOut
        /// The number of values does not match the statement's parameters, or of
        /// columns the columns asked for.
        case misuse
        /// A value read as a number is text that is not one (result column index, the text).
        case notNumeric(column: Int, value: String)
        /// Any other error the server reported, by its five-character SQLSTATE.
        case server(sqlstate: String)
    }

    public var kind: Kind
    public var message: String
    public var sql: String?

    public init(_ kind: Kind, _ message: String, sql: String? = nil) {
        self.kind = kind
        self.message = message
        self.sql = sql
    }

    /// The SQLSTATE of a server error (`25006` read-only, `57014` cancelled or timed out, …).
    public var sqlstate: String? {
        switch kind {
        case .server(let code): return code
        case .readOnly: return "25006"
        case .cancelled, .timedOut: return "57014"
        default: return nil
        }
    }

    public var description: String { message }
}
