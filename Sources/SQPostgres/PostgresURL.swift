import Foundation

/// A `postgresql://user[:password]@host[:port][/db][?param=value…]` connection
/// URL, read only as far as SQ needs to show it without the password. libpq
/// parses the URL itself (`expand_dbname`), so every form it accepts (several
/// hosts, `sslmode`, …) still works; when the URL carries no password libpq
/// takes it from `PGPASSWORD` or `~/.pgpass`.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// The URL exactly as given (holds the password if it has one: never print it).
    let raw: String
    /// The percent-decoded password of the URL, if any (only to scrub it from messages).
    let password: String?
    /// The URL with its password replaced by `***`.
    public let redacted: String

    public init(_ url: String) throws {
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
            throw PostgresError(.connection, "a PostgreSQL URL starts with postgresql:// (as in postgresql://user@host:5432/registry), found `\(Self.redact(url).0)`")
        }
        raw = url
        (redacted, password) = Self.redact(url)
    }

    public var description: String { redacted }

    /// Splits the authority's user info at its first `:`: what follows, up to
    /// the last `@` of the authority, is the password (RFC 3986 §3.2.1).
    static func redact(_ url: String) -> (String, String?) {
        guard let schemeEnd = url.range(of: "://") else { return (url, nil) }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return (url, nil) }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return (url, nil) }
        let password = String(userInfo[userInfo.index(after: colon)...])
        let shown = String(url[..<schemeEnd.upperBound]) + userInfo[..<colon] + ":***" + authority[at...] + rest[authorityEnd...]
        return (shown, password.removingPercentEncoding ?? password)
    }

    /// The message with the password (raw or percent-encoded) replaced by `***`.
    func scrub(_ message: String) -> String {
        guard let password, !password.isEmpty else { return message }
        var out = message.replacingOccurrences(of: raw, with: redacted)
        out = out.replacingOccurrences(of: password, with: "***")
        if let encoded = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics), encoded != password {
            out = out.replacingOccurrences(of: encoded, with: "***")
        }
        return out
    }
}
