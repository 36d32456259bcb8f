import SQSyntax
import SQPostgres

/// `open postgres "postgresql://…" [writable]`: the session's database becomes
/// a PostgreSQL server's. The URL is shown redacted (`PostgresURL`) in the
/// result, in its statement text and in an error's source line.
extension StatementExecutor {
    func openPostgres(_ url: StringLiteral, writable: Bool) throws -> StatementResult? {
        let redacted: String
        do { redacted = try PostgresURL(url.value).redacted } catch {
            throw Diagnostic.error("\(error)", at: url.span,
                                   hints: ["write `open postgres \"postgresql://user@host:5432/database\"`"])
        }
        // `sq check` connects too: later names resolve against the server's tables.
        let backend: PostgresBackend
        do { backend = try PostgresBackend.connect(to: url.value, writable: writable) } catch {
            let diagnostic = Diagnostic.error("\(error)", at: url.span,
                                              hints: ["the password comes from the URL, PGPASSWORD or ~/.pgpass"])
            let shown = SourceFile(name: source.name, text: source.text.replacingOccurrences(of: url.value, with: redacted), id: source.id)
            throw SQError([diagnostic], source: shown, kind: .missingInput)
        }
        session.replaceBackend(with: backend)
        if dryRun { return nil }
        let tables = try backend.tables()
        let names = tables.map { $0.schema == "public" ? $0.name : "\($0.schema).\($0.name)" }
        if tables.count == 1, let only = tables.first {
            session.environment.current = try relations.table(Name(only.name, span: url.span))
        }
        let mode = writable ? "writable" : "read-only"
        var opened = info("opened PostgreSQL \(redacted) (\(mode)): \(names.isEmpty ? "no tables" : names.joined(separator: ", "))")
        opened.statement = opened.statement.replacingOccurrences(of: url.value, with: redacted)
        return opened
    }
}
