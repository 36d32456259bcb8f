/// The clauses after an analysis — `by`, `at`, `from`, `where`, `with`, `to`,
/// `limit` — in any order, each at most once (R users write
/// `km os with conf_type = log-log at 6mo`). An analysis's parse rule reads
/// what belongs to it; this loop reads the rest, and says which clauses an
/// analysis takes, or where one has to stand, when it finds another.
struct AnalysisClauses {
    var source: Name?
    var filter: Expr?
    var options: [Argument] = []
    var path: StringLiteral?
    /// Clause words already read (by the analysis's own rule or by the loop).
    var seen: Set<String> = []
}

extension Parser {
    static let clauseWords: Set<String> = ["by", "at", "from", "where", "with", "to", "limit"]

    /// The statement word as written in messages (`fit cox`, `plot km`).
    public static func statementName(_ analysis: Analysis) -> String {
        switch analysis {
        case .km: return "km"
        case .logrank: return "logrank"
        case .followup: return "followup"
        case .cox: return "fit cox"
        case .checkPH: return "check ph"
        case .each: return "each"
        case .describe: return "describe"
        case .cutpoint: return "cutpoint"
        case .interaction: return "interaction"
        case .subgroups: return "subgroups"
        case .plotKM: return "plot km"
        case .plotForest: return "plot forest"
        case .plotCutpoint: return "plot cutpoint"
        case .reconstruct: return "reconstruct"
        case .pool, .poolSurvival: return "pool"
        case .count: return "count"
        case .list: return "list"
        case .registered(let word, _): return word
        }
    }

    /// Clauses an analysis takes besides `from`, `where` and `with`, read by this loop.
    static func ownClauses(_ analysis: Analysis) -> [String] {
        switch analysis {
        case .km: return ["by", "at"]
        case .logrank, .count: return ["by"]
        case .describe: return ["by"]
        case .plotKM: return ["by", "to"]
        case .plotForest, .plotCutpoint: return ["to"]
        case .list: return ["limit"]
        default: return []
        }
    }

    /// Clauses an analysis's own rule reads at a fixed place (`cutpoint os ~ x by g`).
    static func fixedClauses(_ analysis: Analysis) -> [String: String] {
        switch analysis {
        case .cutpoint: return ["by": "`by` comes right after the variable: `cutpoint os ~ x by g adjust ~ ...`"]
        case .subgroups: return ["by": "`by` comes right after the treatment: `subgroups os ~ trt by a * b`"]
        case .poolSurvival: return ["at": "`at` comes right after `pool survival [endpoint]`: `pool survival at 1y from a, b`"]
        default: return [:]
        }
    }

    /// Which clauses the analysis's own rule has already read.
    static func clausesRead(_ analysis: Analysis, path: StringLiteral?) -> Set<String> {
        var seen: Set<String> = path == nil ? [] : ["to"]
        switch analysis {
        case .km(_, let by, let at):
            if !by.isEmpty { seen.insert("by") }
            if !at.isEmpty { seen.insert("at") }
        case .logrank(_, let by), .count(let by), .plotKM(_, let by, _):
            if !by.isEmpty { seen.insert("by") }
        case .describe(_, let by): if by != nil { seen.insert("by") }
        case .list(_, let limit): if limit != nil { seen.insert("limit") }
        default: break
        }
        return seen
    }

    /// option_value = "(" expression "," expression { "," expression } ")" | expression ;
    /// A list (`labels = ("≤ 2 cm", "> 2 cm")`) is read as R's `c(...)`, which is also accepted.
    mutating func optionValue() throws -> Expr {
        guard current.isSymbol("(") else { return try expression() }
        var depth = 0, index = position
        while index < tokens.count {
            let token = tokens[index]
            if token.isSymbol("(") { depth += 1 } else if token.isSymbol(")") { depth -= 1; if depth == 0 { break } }
            if token.isSymbol(","), depth == 1 { break }
            if case .end = token.kind { break }
            index += 1
        }
        guard index < tokens.count, tokens[index].isSymbol(","), depth == 1 else { return try expression() }
        let open = advance().span
        let items = try expressionList()
        try expectSymbol(")", "to close the list")
        return Expr(.call(name: Name("c", span: open), arguments: items.map { Argument(label: nil, value: $0) }),
                    span: open.merged(with: previousSpan))
    }

    /// clauses = { "by" expression_list | "at" expression_list | "from" name
    ///           | "where" expression | "with" options | "to" string | "limit" primary } ;
    mutating func trailingClauses(_ analysis: inout Analysis, into clauses: inout AnalysisClauses) throws {
        let statement = Self.statementName(analysis)
        while let word = current.keyword, Self.clauseWords.contains(word) {
            let clauseSpan = current.span
            guard !clauses.seen.contains(word) else {
                let hint = ["by", "at"].contains(word) ? ["give every value in one clause: `\(word) a, b`"] : []
                throw Diagnostic.error("`\(word)` given twice in `\(statement)`", at: clauseSpan, hints: hint)
            }
            let own = Self.ownClauses(analysis)
            guard ["from", "where", "with"].contains(word) || own.contains(word) else {
                if let order = Self.fixedClauses(analysis)[word] {
                    throw Diagnostic.error("`\(word)` cannot stand here in `\(statement)`", at: clauseSpan, hints: [order])
                }
                let accepted = (own + ["from", "where", "with"]).map { "`\($0)`" }.joined(separator: ", ")
                throw Diagnostic.error("`\(statement)` takes no `\(word)` clause", at: clauseSpan,
                                       hints: ["its clauses, in any order: \(accepted)"])
            }
            clauses.seen.insert(word)
            advance()
            switch word {
            case "from":
                guard clauses.source == nil else { throw Diagnostic.error("`from` given twice", at: clauseSpan) }
                clauses.source = try name("a table or cohort after `from`")
            case "where": clauses.filter = try expression()
            case "with": clauses.options = try optionList()
            case "to": clauses.path = try stringLiteral("the output file")
            case "limit":
                if case .list(let columns, _) = analysis { analysis = .list(columns: columns, limit: try primary()) }
            case "at":
                if case .km(let endpoint, let by, _) = analysis { analysis = .km(endpoint: endpoint, by: by, at: try expressionList()) }
            default:  // "by"
                switch analysis {
                case .km(let endpoint, _, let at): analysis = .km(endpoint: endpoint, by: try expressionList(), at: at)
                case .logrank(let endpoint, _): analysis = .logrank(endpoint: endpoint, by: try expressionList())
                case .count: analysis = .count(by: try expressionList())
                case .describe(let variables, _): analysis = .describe(variables: variables, by: try expression())
                case .plotKM(let endpoint, _, let path): analysis = .plotKM(endpoint: endpoint, by: try expressionList(), path: path)
                default: break
                }
            }
        }
    }
}
