import SQSyntax
import SQBackend

/// SQLite's own limits, said in SQ's terms: the compiled SQL of a statement
/// can pass SQLite's parser stack (about 30 nested operands or calls), its
/// expression depth (1,000) or its number of bound values (32,766), and
/// SQLite's bare message ("parser stack overflow") would not say what to change.
enum SQLiteLimit {
    static func diagnostic(for error: StoreError, at span: Span) -> Diagnostic {
        let message = error.description
        if message.contains("parser stack overflow") {
            return Diagnostic.error("this statement's expressions nest too deeply for SQLite's parser (about 30 levels)", at: span,
                                    hints: ["each operand that is itself a parenthesised operation, and each function call inside another, adds a level;"
                                            + " write a long chain without parentheses (`a + b + c`), or split the expression"])
        }
        if message.contains("Expression tree is too large") {
            return Diagnostic.error("this statement's expressions are too deep for SQLite (at most 1,000 levels)", at: span,
                                    hints: ["each term of a chain of `+`, `and` or `or` adds a level; use fewer terms"])
        }
        if message.contains("too many SQL variables") {
            return Diagnostic.error("this statement has more values than SQLite can bind (32,766)", at: span,
                                    hints: ["a long `in (...)` list is easier as a column of a table: import it and `join`"])
        }
        return Diagnostic.error(message, at: span)
    }
}
