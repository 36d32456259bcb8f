/// The output formats of `sq run --format` and the REPL's `.format`.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, csv, markdown
    /// One self-contained HTML page for the whole run (`HTMLReport`); per result, nothing.
    case html
}
