/// SQ's keywords. They are contextual: statement words are recognised at the
/// start of a statement, clause words where a clause may stand; only the
/// expression words are reserved inside expressions.
public enum Keywords {
    /// The built-in analysis words (a session's registered ones: `StatementRegistry.statementWords`).
    public static let analyses = [
        "km", "logrank", "followup", "fit", "check", "each", "describe", "cutpoint", "interaction", "subgroups",
        "plot", "reconstruct", "pool", "count", "list",
    ]
    public static let statements = ["open", "import", "use", "define", "endpoint", "cohort", "let", "sql", "tables", "schema", "show", "set"]
        + analyses + ["from", "function", "procedure"]
    public static let clauses = [
        "by", "at", "where", "with", "from", "to", "as", "adjust", "limit", "order", "per", "desc", "asc",
        "join", "using", "replace", "writable", "first", "cox", "ph", "ipd", "forest",
    ]
    /// Reserved inside expressions (write a column with such a name in backquotes).
    public static let expression: Set<String> = ["and", "or", "not", "in", "between", "is", "null", "true", "false"]
    public static let functions = [
        "surv", "factor", "strata", "cluster", "frailty", "log", "log10", "log2", "exp", "sqrt", "abs", "round",
        "min", "max", "coalesce", "if", "date", "days", "months", "years",
    ]

    /// Every keyword, for completion.
    public static var all: [String] {
        Array(Set(statements + clauses + Array(expression) + functions)).sorted()
    }
}
