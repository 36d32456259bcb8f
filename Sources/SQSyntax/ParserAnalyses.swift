/// Analysis statements (docs/language.md, "Analyses"). Each takes the same trailing clauses:
/// `[from name] [where expression] [with option {, option}]`.
extension Parser {
    /// The built-in analysis words, and `from`, which may stand before one.
    static let analysisWords = Set(Keywords.analyses + ["from"])

    /// analysis_statement = [ "from" name ] analysis clauses ;  (clauses: ParserClauses.swift)
    mutating func analysisStatement() throws -> AnalysisStatement {
        let start = current.span
        var source = accept("from") ? try name("a table or cohort after `from`") : nil
        guard let word = current.keyword, isAnalysisWord(word), word != "from" else {
            throw error("expected an analysis (km, logrank, followup, fit cox, ...), found \(current.display)",
                        hints: current.keyword.map { NameSuggestion.hint(for: $0, in: registry.statementWords) } ?? [])
        }
        var path: StringLiteral?
        var analysis = try self.analysis(word, path: &path)
        if case .reconstruct = analysis {
            return AnalysisStatement(analysis: analysis, source: nil, filter: nil, options: reconstructOptions,
                                     span: start.merged(with: previousSpan))
        }
        var clauses = AnalysisClauses(source: source, path: path)
        clauses.seen = Self.clausesRead(analysis, path: path).union(source == nil ? [] : ["from"])
        try trailingClauses(&analysis, into: &clauses)
        source = clauses.source
        path = clauses.path
        let filter = clauses.filter
        let options = clauses.options
        if let path {
            switch analysis {
            case .plotKM(let endpoint, let by, _): analysis = .plotKM(endpoint: endpoint, by: by, path: path)
            case .plotForest(let model, _): analysis = .plotForest(model: model, path: path)
            case .plotCutpoint(let result, _): analysis = .plotCutpoint(result: result, path: path)
            default: throw Diagnostic.error("`to \"file\"` belongs to `plot`", at: path.span)
            }
        }
        return AnalysisStatement(analysis: analysis, source: source, filter: filter, options: options,
                                 span: start.merged(with: previousSpan))
    }

    /// options = option { "," option } ;  option = name "=" expression ;
    public mutating func optionList() throws -> [Argument] {
        var options: [Argument] = []
        repeat {
            let label = try name("an option name")
            try expectSymbol("=", "after the option `\(label.text)`")
            options.append(Argument(label: label, value: try optionValue()))
        } while acceptSymbol(",")
        return options
    }

    public mutating func endpoint(_ statement: String) throws -> Name {
        let endpoint = try name("an endpoint after `\(statement)`")
        if let habit = survHabit(endpoint) { throw habit }
        return endpoint
    }

    /// A built-in analysis word or a registered one.
    func isAnalysisWord(_ word: String) -> Bool {
        Self.analysisWords.contains(word) || registry.rule(for: word) != nil
    }

    mutating func analysis(_ word: String, path: inout StringLiteral?) throws -> Analysis {
        advance()
        if !Self.analysisWords.contains(word), let rule = registry.rule(for: word) {
            return .registered(word: rule.word, syntax: try rule.parse(&self))
        }
        switch word {
        case "km":
            // km = "km" name ;  its `by` and `at` are clauses (ParserClauses.swift)
            return .km(endpoint: try self.endpoint("km"), by: [], at: [])
        case "logrank":
            // logrank = "logrank" name "by" expression_list ;
            let endpoint = try self.endpoint("logrank")
            if let next = current.keyword, Self.clauseWords.contains(next), next != "by" { return .logrank(endpoint: endpoint, by: []) }
            try expect("by", "after `logrank \(endpoint.text)` (`logrank os by trt`)")
            return .logrank(endpoint: endpoint, by: try expressionList())
        case "followup":
            return .followup(endpoint: try self.endpoint("followup"))
        case "fit":
            // fit = "fit" "cox" name "~" formula ;
            guard accept("cox") else {
                throw error("expected `cox` after `fit`, found \(current.display)", hints: ["SQ fits Cox models: `fit cox os ~ age + sex`"])
            }
            let endpoint = try self.endpoint("fit cox")
            try expectSymbol("~", "after the endpoint in `fit cox` (`fit cox \(endpoint.text) ~ age + sex`)")
            return .cox(endpoint: endpoint, terms: try formula())
        case "check":
            // check = "check" "ph" [ name ] ;
            try expect("ph", "after `check` (`check ph m`)")
            return .checkPH(model: atClauseOrEnd ? nil : try name("a kept model"))
        case "each":
            // each = "each" name "~" term { ( "," | "+" ) term } ;  (`+` as in a formula, so a procedure can pass one)
            let endpoint = try self.endpoint("each")
            try expectSymbol("~", "after the endpoint in `each`")
            var terms = [try term()]
            while acceptSymbol(",") || acceptSymbol("+") { terms.append(try term()) }
            return .each(endpoint: endpoint, terms: terms)
        case "describe":
            // describe = "describe" expression_list [ "by" expression ] ;
            let variables = try expressionList()
            return .describe(variables: variables, by: accept("by") ? try expression() : nil)
        case "cutpoint":
            // cutpoint = "cutpoint" name "~" expression [ "by" expression ] [ "adjust" "~" formula ] ;
            let endpoint = try self.endpoint("cutpoint")
            try expectSymbol("~", "after the endpoint in `cutpoint`")
            let variable = try expression()
            let by = accept("by") ? try expression() : nil
            var adjust: [Term] = []
            if accept("adjust") {
                try expectSymbol("~", "after `adjust`")
                adjust = try formula()
            }
            return .cutpoint(endpoint: endpoint, variable: variable, by: by, adjust: adjust)
        case "interaction":
            // interaction = "interaction" name "~" primary "*" "(" expression_list ")" [ "adjust" "~" formula ] ;
            let endpoint = try self.endpoint("interaction")
            try expectSymbol("~", "after the endpoint in `interaction`")
            let group = try primary()
            try expectSymbol("*", "after the group in `interaction` (`interaction os ~ trt * (age60, sex)`)")
            try expectSymbol("(", "before the list of modifiers")
            let modifiers = try expressionList()
            try expectSymbol(")", "to close the list of modifiers")
            var adjust: [Term] = []
            if accept("adjust") {
                try expectSymbol("~", "after `adjust`")
                adjust = try formula()
            }
            return .interaction(endpoint: endpoint, group: group, modifiers: modifiers, adjust: adjust)
        case "subgroups":
            // subgroups = "subgroups" name "~" primary "by" primary ( { "*" primary } | { "," primary } ) ;
            let endpoint = try self.endpoint("subgroups")
            try expectSymbol("~", "after the endpoint in `subgroups`")
            let treatment = try primary()
            try expect("by", "after the treatment in `subgroups` (`subgroups os ~ trt by sex * age60`)")
            var by = [try primary()]
            var crossed = false
            if current.isSymbol("*") {
                crossed = true
                while acceptSymbol("*") { by.append(try primary()) }
            } else {
                while acceptSymbol(",") { by.append(try primary()) }
            }
            return .subgroups(endpoint: endpoint, treatment: treatment, by: by, crossed: crossed)
        case "plot": return try plot(path: &path)
        case "reconstruct": return try reconstruct()
        case "pool":
            // pool = "pool" ( "survival" [ name ] "at" expression_list "from" name { "," name }
            //               | option { "," option } ) ;
            if isKeyword("survival"), !peek().isSymbol("=") {
                advance()
                let endpoint = isKeyword("at") ? nil : try name("an endpoint or `at`")
                try expect("at", "after `pool survival` (`pool survival at 1y, 5y from a, b`)")
                let times = try expressionList()
                try expect("from", "before the studies' tables (`from a, b, c`)")
                var studies = [try name("a table")]
                while acceptSymbol(",") { studies.append(try name("a table")) }
                return .poolSurvival(endpoint: endpoint, at: times, studies: studies)
            }
            return .pool(arguments: try optionList())
        case "count":
            // count = "count" [ "by" expression_list ] ;
            return .count(by: accept("by") ? try expressionList() : [])
        case "list":
            // list = "list" expression_list [ "limit" number ] ;
            let columns = try expressionList()
            return .list(columns: columns, limit: accept("limit") ? try primary() : nil)
        default:
            throw error("unknown analysis `\(word)`")
        }
    }

    /// True at a trailing clause word or the end of the statement.
    public var atClauseOrEnd: Bool {
        atStatementEnd || ["from", "where", "with", "to"].contains(current.keyword ?? "")
    }

    /// plot = "plot" ( "km" name [ "by" expression_list ] | "forest" name | "cutpoint" name ) [ "to" string ] ;
    mutating func plot(path: inout StringLiteral?) throws -> Analysis {
        if accept("km") {
            let endpoint = try self.endpoint("plot km")
            let by = accept("by") ? try expressionList() : []
            if accept("to") { path = try stringLiteral("the output file") }
            return .plotKM(endpoint: endpoint, by: by, path: nil)
        }
        if accept("forest") {
            let model = try name("a kept model after `plot forest`")
            if accept("to") { path = try stringLiteral("the output file") }
            return .plotForest(model: model, path: nil)
        }
        if accept("cutpoint") {
            let result = try name("a kept `cutpoint` result after `plot cutpoint`")
            if accept("to") { path = try stringLiteral("the output file") }
            return .plotCutpoint(result: result, path: nil)
        }
        throw error("expected `km`, `forest` or `cutpoint` after `plot`, found \(current.display)")
    }

    /// reconstruct = "reconstruct" "ipd" "from" string "with" options "as" name ;
    mutating func reconstruct() throws -> Analysis {
        try expect("ipd", "after `reconstruct`")
        try expect("from", "after `reconstruct ipd`")
        let curve = try stringLiteral("the digitised curve file")
        reconstructOptions = accept("with") ? try optionList() : []
        try expect("as", "before the name of the reconstructed table")
        return .reconstruct(curve: curve, table: try name("a table name"))
    }
}
