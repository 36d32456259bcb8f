/// Data and session statements (docs/language.md, "Data and cohorts").
extension Parser {
    /// statement = open | import | use | define | endpoint | cohort | let | sql
    ///           | "tables" | "schema" [name] | "show" name [ "random" ] | set
    ///           | function | procedure | procedure_call | analysis_statement ;
    mutating func statement() throws -> Statement {
        let start = current.span
        guard let word = current.keyword else {
            throw error("expected a statement, found \(current.display)",
                        hints: ["statements start with a word such as `km`, `fit`, `define` or `import`"])
        }
        let kind: StatementKind
        switch word {
        case "open": kind = try openStatement()
        case "import": kind = try importStatement()
        case "use": kind = try useStatement()
        case "define":
            advance()
            let name = try self.name("a name for the defined column")
            try expectSymbol("=", "after `define \(name.text)`")
            kind = .define(name: name, value: try expression())
        case "endpoint":
            advance()
            let name = try self.name("a name for the endpoint")
            try expectSymbol("=", "after `endpoint \(name.text)`")
            kind = .endpoint(name: name, value: try expression())
        case "cohort": kind = try cohortStatement()
        case "let":
            advance()
            let name = try self.name("a name to keep the result under")
            try expectSymbol("=", "after `let \(name.text)`")
            kind = .bind(name: name, analysis: try analysisStatement())
        case "sql":
            advance()
            let query = try stringLiteral("the SQL text")
            var arguments: [Expr] = []
            while acceptSymbol(",") { arguments.append(try expression()) }
            kind = .sql(query: query, arguments: arguments)
        case "tables":
            advance()
            kind = .tables
        case "schema":
            advance()
            kind = .schema(table: atStatementEnd ? nil : try name("a table name"))
        case "show":
            advance()
            let shown = try name("the name of a kept result")
            if !atStatementEnd, case .word(let word, quoted: false) = current.kind, word.lowercased() == "random" {
                advance()
                kind = .showRandom(name: shown)
            } else {
                kind = .show(name: shown)
            }
        case "set":
            advance()
            let name = try self.name("a setting name")
            try expectSymbol("=", "after `set \(name.text)`")
            kind = .set(name: name, value: try expression())
        case "function" where peek().keyword != nil: kind = try functionStatement()
        case "procedure" where peek().keyword != nil: kind = try procedureStatement()
        case _ where canNameProcedure(word) && peek().isSymbol("("): kind = try procedureCall()
        default:
            guard isAnalysisWord(word) else {
                throw error("unknown statement `\(word)`", hints: statementHints(for: word))
            }
            kind = .analysis(try analysisStatement())
        }
        return Statement(kind: kind, span: start.merged(with: previousSpan))
    }

    /// open = "open" string [ "writable" ] [ "as" name ]
    ///      | "open" "postgres" string [ "writable" ] ;
    mutating func openStatement() throws -> StatementKind {
        advance()
        if accept("postgres") {
            let url = try stringLiteral("the PostgreSQL URL (`open postgres \"postgresql://user@host:5432/registry\"`)")
            return .openPostgres(url: url, writable: accept("writable"))
        }
        let path = try stringLiteral("the database file name")
        let writable = accept("writable")
        let alias = accept("as") ? try name("a name for the database") : nil
        return .open(path: path, writable: writable, alias: alias)
    }

    /// import = "import" string "as" name [ "sheet" ( string | number ) ] [ "replace" ] [ "with" import_option { "," import_option } ] ;
    /// import_option = name "=" expression { "," expression } ;  (`na = ".", "unknown"`)
    /// `sheet "LAT"` (Excel) travels as the option `sheet`, first in the list.
    mutating func importStatement() throws -> StatementKind {
        advance()
        let path = try stringLiteral("the data file name")
        try expect("as", "after the file name (`import \"file.csv\" as patients`)")
        let table = try name("a table name")
        var options: [Argument] = []
        if let sheet = try sheetClause() { options.append(sheet) }
        let replace = accept("replace")
        if !options.contains(where: { $0.label?.text == "sheet" }), let sheet = try sheetClause() { options.append(sheet) }
        if accept("with") {
            repeat {
                let label = try name("an option name, such as `na`")
                try expectSymbol("=", "after the option `\(label.text)`")
                options.append(Argument(label: label, value: try expression()))
                // Further values of the same option, until the next `name =`.
                while current.isSymbol(","), !(peek().keyword != nil && peek(2).isSymbol("=")) {
                    advance()
                    options.append(Argument(label: label, value: try expression()))
                }
            } while acceptSymbol(",")
        }
        return .importFile(path: path, table: table, replace: replace, options: options)
    }

    /// `sheet "LAT"` or `sheet 2`: a workbook's sheet by name or position.
    mutating func sheetClause() throws -> Argument? {
        guard isKeyword("sheet") else { return nil }
        let word = advance()
        let label = Name("sheet", span: word.span)
        return Argument(label: label, value: try primaryForSheet())
    }

    mutating func primaryForSheet() throws -> Expr {
        let value = try expression()
        switch value.kind {
        case .string, .number: return value
        default:
            throw Diagnostic.error("`sheet` takes a sheet's name or position: `sheet \"LAT\"` or `sheet 2`", at: value.span)
        }
    }

    /// use = "use" name { "join" name "using" "(" name { "," name } ")" } ;
    mutating func useStatement() throws -> StatementKind {
        advance()
        let table = try name("a table name")
        var joins: [Join] = []
        while isKeyword("join") {
            let start = advance().span
            let other = try name("a table to join")
            try expect("using", "after `join \(other.text)` (`join t using (id)`)")
            try expectSymbol("(", "after `using`")
            var keys = [try name("a key column")]
            while acceptSymbol(",") { keys.append(try name("a key column")) }
            try expectSymbol(")", "to close the `using` list")
            joins.append(Join(table: other, using: keys, span: start.merged(with: previousSpan)))
        }
        return .use(table: table, joins: joins)
    }

    /// cohort = "cohort" name "=" [ "from" name ] [ "first" "per" expression "order" "by" order_item { "," order_item } ]
    ///          [ "where" expression ] ;
    mutating func cohortStatement() throws -> StatementKind {
        advance()
        let name = try self.name("a name for the cohort")
        try expectSymbol("=", "after `cohort \(name.text)`")
        let source = accept("from") ? try self.name("a table or cohort") : nil
        var firstPer: FirstPer?
        if accept("first") {
            try expect("per", "after `first` (`first per patient_id order by date`)")
            let key = try expression()
            try expect("order", "after `first per ...` (`order by date`)")
            try expect("by", "after `order`")
            var items: [OrderItem] = []
            repeat {
                let expr = try expression()
                let descending = accept("desc")
                if !descending { _ = accept("asc") }
                items.append(OrderItem(expr: expr, descending: descending))
            } while acceptSymbol(",")
            firstPer = FirstPer(key: key, orderBy: items)
        }
        let filter = accept("where") ? try expression() : nil
        guard source != nil || firstPer != nil || filter != nil else {
            throw error("a cohort needs `where ...`, `from ...` or `first per ...`",
                        hints: ["e.g. `cohort lung = where site = \"lung\"`"])
        }
        return .cohort(name: name, definition: CohortDefinition(source: source, filter: filter, firstPer: firstPer))
    }
}
