/// Errors that teach: what an R user types out of habit (`coxph(...)`,
/// `survfit(...)`, `Surv(time, status)`, `1 year`, `==` where a name gets its
/// value, `age / 10` in a formula) is answered with the SQ spelling.
extension Parser {
    /// R functions and words that are statements in SQ.
    static let rStatementHabits: [String: String] = [
        "coxph": "SQ fits a Cox model with `fit cox os ~ age + sex` (define `os` first: `endpoint os = surv(time, status)`)",
        "survfit": "SQ's Kaplan–Meier is `km os by sex at 1y` (define `os` first: `endpoint os = surv(time, status)`)",
        "survdiff": "SQ's log-rank test is `logrank os by sex` (`with strata = inst` for a stratified test)",
        "cox.zph": "SQ's test of proportional hazards is `check ph m` (a model kept with `let m = fit cox ...`)",
        "surv": "a survival outcome is named once: `endpoint os = surv(time, status)`, then `km os`, `fit cox os ~ ...`",
        "kaplan": "Kaplan–Meier is `km`: `km os by sex at 1y`",
        "kaplanmeier": "Kaplan–Meier is `km`: `km os by sex at 1y`",
        "kaplan_meier": "Kaplan–Meier is `km`: `km os by sex at 1y`",
        "cox": "a Cox model is `fit cox os ~ age + sex`",
        "summary": "every statement prints its summary; `show m` prints a kept result again",
        "library": "nothing to load: `km`, `fit cox`, `logrank` and the rest are built in",
        "head": "`list age, sex limit 6` shows the first rows",
        "table": "`count by sex` counts rows per group",
        "str": "`schema` lists the columns of the table in use",
        "help": "in the REPL, `.help km` (or `help km`, `?km`) shows a statement's syntax, options, an example and the R equivalent",
    ]

    /// The hint for an unknown statement word, R's spelling first.
    func statementHints(for word: String) -> [String] {
        if let habit = Self.rStatementHabits[word.lowercased()] { return [habit] }
        return NameSuggestion.hint(for: word, in: registry.statementWords)
    }

    /// Words a number is followed by in R code or prose (`1 year`): SQ writes `1y`.
    static let durationWords: [String: String] = [
        "day": "d", "days": "d", "week": "w", "weeks": "w", "wk": "w", "month": "mo", "months": "mo",
        "mon": "mo", "year": "y", "years": "y", "yr": "y", "yrs": "y",
    ]

    /// `1 year` → an error at `year` saying to write `1y`.
    func durationHabit(after number: Token) -> Diagnostic? {
        guard let word = current.keyword, let suffix = Self.durationWords[word], !peek().isSymbol("(") else { return nil }
        let written: String
        if case .number(let value, let isInteger) = number.kind {
            written = isInteger ? (Int64(exactly: value).map(String.init) ?? String(value)) : String(value)
        } else { return nil }
        return Diagnostic.error("a duration is written without a space: `\(written)\(suffix)`", at: number.span.merged(with: current.span),
                                hints: ["durations: 30d, 2w, 6mo, 5y"])
    }

    /// `fit cox Surv(time, status) ~ age`: the endpoint is defined once, by name.
    func survHabit(_ name: Name) -> Diagnostic? {
        guard name.text.lowercased() == "surv", current.isSymbol("(") else { return nil }
        return Diagnostic.error("SQ names the survival outcome before using it", at: name.span,
                                hints: ["write `endpoint os = surv(time, status)` once, then `fit cox os ~ age`, `km os`"])
    }

    /// `fit cox os ~ Surv(time, status) ~ age` or `~ age / 10`: what a model term cannot hold, said at the operator.
    func formulaHabit(after expr: Expr) -> Diagnostic? {
        if case .call(let name, _) = expr.kind, name.text.lowercased() == "surv" {
            return Diagnostic.error("`surv(...)` is an endpoint, not a model term", at: expr.span,
                                    hints: ["write `endpoint os = surv(time, status)` and then `fit cox os ~ age`"])
        }
        guard case .symbol(let op) = current.kind, ["/", "-", "^"].contains(op) else { return nil }
        let right: String
        switch peek().kind {
        case .number, .word, .duration: right = String(peek().display.dropFirst().dropLast())
        default: right = "…"
        }
        let left: String
        switch expr.kind {
        case .identifier(let text): left = text
        case .number(let value, _): left = HintNumber.text(value)
        default: left = "…"
        }
        return Diagnostic.error("arithmetic in a model term goes in parentheses", at: current.span,
                                hints: ["write `(\(left) \(op) \(right))`: inside parentheses a term is any expression, as R's `I()`"])
    }

    /// `with ties == breslow`, `define x == 1`: a name gets its value with a single `=`.
    func equalsHabit(expected symbol: String) -> [String] {
        guard symbol == "=", current.isSymbol("==") else { return [] }
        return ["a name or an option gets its value with a single `=`; `==` (or `=`) compares inside an expression"]
    }

    /// An error at `span` (a dangling operator) that still marks the input as unfinished when it ended there.
    func error(_ message: String, at span: Span, hints: [String]) -> Diagnostic {
        var diagnostic = error(message, hints: hints)
        diagnostic.span = span
        return diagnostic
    }
}

/// Numbers as they read in a hint (`10`, not `10.0`).
enum HintNumber {
    static func text(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
