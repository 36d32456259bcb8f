import SQPostgres

/// Text that may hold PostgreSQL connection URLs — a REPL line on its way to
/// the history file — with each URL's password replaced by `***`
/// (`PostgresURL.redacted`): the user info after its first `:` and every
/// `password=` parameter. A URL runs from `postgresql://` (or `postgres://`)
/// to the next quote or blank (or one of `alsoEndingAt`: a history file
/// spells a blank `\040`, so a backslash ends a URL there).
public enum PasswordRedaction {
    public static func redacting(_ text: String, alsoEndingAt extra: Set<Character> = []) -> String {
        guard text.contains("postgres") else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = [rest.range(of: "postgresql://"), rest.range(of: "postgres://")].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }) {
            out += rest[..<start.lowerBound]
            let end = rest[start.lowerBound...].firstIndex(where: { $0 == "\"" || $0 == "'" || $0.isWhitespace || extra.contains($0) }) ?? rest.endIndex
            let url = String(rest[start.lowerBound..<end])
            out += (try? PostgresURL(url))?.redacted ?? url
            rest = rest[end...]
        }
        return out + rest
    }
}
