import Foundation

/// Pieces of PostgreSQL SQL text that are not values (values are always bound).
public enum PostgresSQLBuilder {
    /// A double-quoted identifier, inner quotes doubled (PostgreSQL's quote_ident, always quoting).
    public static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
