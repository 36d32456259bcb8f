/// How much a diagnostic matters: an error stops the statement, a warning and
/// a note accompany its result.
public enum Severity: String, Sendable { case error, warning, note }
