import Foundation
import SQSyntax
import SQCompiler
import SQStore

/// Data statements that talk to the backend directly: open, import, sql, tables, schema.
extension StatementExecutor {
    func open(_ path: StringLiteral, writable: Bool, alias: Name?) throws -> StatementResult? {
        let resolved = try requireFile(path)
        let schemaName = alias?.text ?? Self.schemaName(for: path.value)
        if dryRun { return nil }
        try session.backend.attach(path: resolved, as: schemaName, writable: writable)
        if !session.dataFiles.contains(resolved) { session.dataFiles.append(resolved) }
        // The tables of this schema, not names new to the session: a file opened
        // a second time under another name has the same table names.
        let added = try session.backend.tables().filter { $0.schema == schemaName }.map(\.name)
        if session.environment.current == nil, added.count == 1, let only = added.first {
            session.environment.current = try relations.table(Name(only, span: path.span))
        }
        let mode = writable ? "writable" : "read-only"
        return info("opened \(path.value) (\(mode)) as \(schemaName): \(added.isEmpty ? "no tables" : added.joined(separator: ", "))")
    }

    static func schemaName(for path: String) -> String {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let cleaned = String(stem.map { $0.isLetter || $0.isNumber ? $0 : "_" })
        return cleaned.first?.isLetter == true ? cleaned : "db_" + cleaned
    }

    /// `with na = ".", "unknown"`: the values that mean missing besides empty and NA.
    static func missingTokens(_ options: [Argument]) throws -> [String] {
        var tokens: [String] = []
        for option in options {
            guard let label = option.label, label.text.lowercased() == "na" else {
                throw Diagnostic.error("`import` has no option `\(option.label?.text ?? "")`", at: option.label?.span ?? option.span,
                                       hints: ["`import \"f.csv\" as t with na = \".\", \"unknown\"` reads those values as missing"])
            }
            switch option.value.kind {
            case .string(let text): tokens.append(text)
            case .number(let value, let isInteger): tokens.append(isInteger && abs(value) < 1e15 ? String(Int64(value)) : String(value))
            case .unary(.negate, let inner):
                guard case .number(let value, let isInteger) = inner.kind else { fallthrough }
                tokens.append("-" + (isInteger && abs(value) < 1e15 ? String(Int64(value)) : String(value)))
            default:
                throw Diagnostic.error("`na` takes the values that mean missing, as strings: `na = \".\", \"unknown\"`", at: option.value.span)
            }
        }
        return tokens
    }

    func importFile(_ path: StringLiteral, table: Name, replace: Bool, options: [Argument] = []) throws -> StatementResult? {
        var importOptions = try Self.importOptions(options)
        importOptions.replace = replace || dryRun
        let missing = try Self.missingTokens(options.filter { $0.label?.text != "sheet" })
        importOptions.missing = missing
        let resolved = try requireFile(path)
        // `sq check` imports too (it only reads the file): later names resolve against the table.
        if !replace, !dryRun, catalog.table(named: table.text) != nil {
            throw Diagnostic.error("table `\(table.text)` already exists", at: table.span,
                                   hints: ["write `import \"\(path.value)\" as \(table.text) replace` to overwrite it"])
        }
        let changesBefore = (session.backend as? SQLiteBackend)?.totalChanges
        importOptions.shouldStop = { [session] in session.isCancelled }
        let report = try session.backend.importFile(path: resolved, table: table.text, options: importOptions)
        session.columnCache.stored(report, backend: session.backend, before: changesBefore)
        session.keepLabels(of: report)
        if !session.dataFiles.contains(resolved) { session.dataFiles.append(resolved) }
        // Every import makes its table the current one, so the next analysis
        // runs on the data just imported, and says so.
        session.environment.current = try relations.table(table)
        if dryRun { return nil }
        let columns = report.columns.map { "\($0.name) \($0.declaredType.lowercased())" }.joined(separator: ", ")
        return info("imported \(report.rowCount) \(report.rowCount == 1 ? "row" : "rows") into \(table.text) (\(columns)); now in use", warnings: report.warnings.map { Warning($0) })
    }

    func rawSQL(_ query: StringLiteral, arguments: [Expr]) throws -> StatementResult? {
        var values: [SQLValue] = []
        for argument in arguments {
            switch argument.kind {
            case .number(let n, let isInteger): values.append(Self.sqlNumber(n, isInteger: isInteger))
            case .string(let s): values.append(.text(s))
            case .boolean(let b): values.append(.integer(b ? 1 : 0))
            case .null: values.append(.null)
            case .unary(.negate, let inner):
                guard case .number(let n, let isInteger) = inner.kind else {
                    throw Diagnostic.error("arguments of `sql` are values: numbers, strings, `$params`", at: argument.span)
                }
                values.append(Self.sqlNumber(-n, isInteger: isInteger))
            case .parameter(let name):
                guard let text = session.environment.parameters[name] else {
                    throw Diagnostic.error("no value for parameter `$\(name)`", at: argument.span)
                }
                values.append(Int64(text).map(SQLValue.integer) ?? Double(text).map(SQLValue.real) ?? .text(text))
            default:
                throw Diagnostic.error("arguments of `sql` are values: numbers, strings, `$params`", at: argument.span)
            }
        }
        if dryRun { return nil }
        let output = try session.backend.queryReadOnly(SQL(query.value, values))
        if output.columnNames.isEmpty {
            // A write to a database opened `writable`; the column cache sees it by the change count.
            return info("sql changed \(output.changedRows) \(output.changedRows == 1 ? "row" : "rows")")
        }
        return result(.table(TableResult(columns: output.columnNames, rows: output.rows)))
    }

    /// A whole number binds as an integer when it fits in 64 bits, else as a real (as SQLite reads such a literal).
    static func sqlNumber(_ n: Double, isInteger: Bool) -> SQLValue {
        guard isInteger, let exact = Int64(exactly: n) else { return .real(n) }
        return .integer(exact)
    }

    func tables() throws -> StatementResult? {
        if dryRun { return nil }
        let rows: [[Value]] = try session.backend.tables().map { table in
            let columns = (try session.backend.columns(of: table.name)) ?? []
            return [.text(table.name), .text(table.schema), .text(table.isView ? "view" : "table"), .integer(Int64(columns.count))]
        }
        let cohorts: [[Value]] = session.environment.cohorts.keys.sorted().map {
            [.text($0), .text(""), .text("cohort"), .integer(Int64(session.environment.cohorts[$0]?.columns.count ?? 0))]
        }
        return result(.table(TableResult(title: "tables", columns: ["name", "schema", "kind", "columns"], rows: rows + cohorts)))
    }

    func schema(_ table: Name?) throws -> StatementResult? {
        if dryRun { return nil }
        let relation: Relation
        if let table { relation = try relations.source(table) }
        else if let current = session.environment.current { relation = current }
        else { throw Diagnostic.error("`schema` needs a table: `schema patients`", at: statement.span) }
        var rows: [[Value]] = relation.columns.map { [.text($0.name), .text($0.type.rawValue), .text("column")] }
        var membership = SchemaMembership(columns: relation.columns.map(\.name))
        for name in membership.defines(of: session.environment) { rows.append([.text(name), .text("defined"), .text("define")]) }
        for (name, endpoint) in session.environment.endpoints.sorted(by: { $0.key < $1.key }) where membership.belongs(endpoint) {
            rows.append([.text(name), .text("surv"), .text("endpoint")])
        }
        // Variable labels and value-label levels of an SPSS, Stata or SAS import, as a fourth and fifth column.
        let labels = session.labels(forRelation: relation.name)
        if !labels.isEmpty {
            for i in rows.indices {
                guard case .text(let name) = rows[i][0], i < relation.columns.count else { rows[i] += [.null, .null]; continue }
                rows[i].append(labels.variables[name.lowercased()].map(Value.text) ?? .null)
                rows[i].append(labels.levels[name.lowercased()].map { .text($0.joined(separator: ", ")) } ?? .null)
            }
            return result(.table(TableResult(title: relation.name, columns: ["name", "type", "kind", "label", "levels"], rows: rows)))
        }
        return result(.table(TableResult(title: relation.name, columns: ["name", "type", "kind"], rows: rows)))
    }
}

