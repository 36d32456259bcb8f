import Foundation

/// A `postgresql://user[:password]@host[:port][/db][?param=value…]` connection
/// URL, read only as far as SQ needs to show it without the password. libpq
/// parses the URL itself (`expand_dbname`), so every form it accepts (several
/// hosts, `sslmode`, …) still works; when the URL carries no password libpq
/// takes it from `PGPASSWORD` or `~/.pgpass`.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// The URL exactly as given (holds the password if it has one: never print it).
    let raw: String
    /// The URL's passwords, as written and percent-decoded (only to scrub them from messages).
    let passwords: [String]
    /// The URL with its password replaced by `***`.
    public let redacted: String

    public init(_ url: String) throws {
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
            throw PostgresError(.connection, "a PostgreSQL URL starts with postgresql:// (as in postgresql://user@host:5432/registry), found `\(Self.redact(url).0)`")
        }
        raw = url
        (redacted, passwords) = Self.redact(url)
    }

    public var description: String { redacted }

    /// Hides the password of the user info (after its first `:`, up to the last
    /// `@` of the authority; RFC 3986 §3.2.1) and the value of every `password=`
    /// query parameter, which libpq accepts too.
    static func redact(_ url: String) -> (String, [String]) {
        guard let schemeEnd = url.range(of: "://") else { return (url, []) }
        var passwords: [String] = []
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        var authority = String(rest[..<authorityEnd])
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            passwords.append(String(authority[authority.index(after: colon)..<at]))
            authority = authority[..<colon] + ":***" + authority[at...]
        }
        var tail = String(rest[authorityEnd...])
        if let question = tail.firstIndex(of: "?") {
            let query = tail[tail.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false).map { parameter -> String in
                guard parameter.lowercased().hasPrefix("password=") else { return String(parameter) }
                passwords.append(String(parameter.dropFirst("password=".count)))
                return "password=***"
            }
            tail = tail[...question] + query.joined(separator: "&")
        }
        let decoded = passwords.flatMap { [$0, $0.removingPercentEncoding ?? $0] }
        return (String(url[..<schemeEnd.upperBound]) + authority + tail, Array(Set(decoded)).filter { !$0.isEmpty })
    }

    /// The message with every password (as written or percent-decoded) replaced by `***`.
    func scrub(_ message: String) -> String {
        var out = message.replacingOccurrences(of: raw, with: redacted)
        // Longest first, so a password's encoded form is not half replaced by its decoded one.
        for password in passwords.sorted(by: { $0.count > $1.count }) {
            out = out.replacingOccurrences(of: password, with: "***")
        }
        return out
    }
}
