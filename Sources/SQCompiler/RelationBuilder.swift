import SQSyntax
import SQBackend

/// Builds the relations analyses read: a table, a `use ... join ... using (...)`,
/// or a cohort (a filtered or `first per` subset of another relation).
public struct RelationBuilder {
    public let catalog: any Catalog
    public let environment: Environment
    public let dialect: any SQLDialect

    public init(catalog: any Catalog, environment: Environment, dialect: any SQLDialect) {
        self.catalog = catalog
        self.environment = environment
        self.dialect = dialect
    }

    /// `from name`: a cohort first, then a table or view.
    public func source(_ name: Name) throws -> Relation {
        if let cohort = environment.cohorts[name.text] { return cohort }
        return try table(name)
    }

    public func table(_ name: Name) throws -> Relation {
        guard let schema = catalog.table(named: name.text) else {
            let candidates = catalog.tableNames() + Array(environment.cohorts.keys)
            throw Diagnostic.error("unknown table `\(name.text)`", at: name.span,
                                   hints: NameSuggestion.hint(for: name.text, in: candidates)
                                       + (candidates.isEmpty ? ["load data first: `import \"file.csv\" as \(name.text)` or `open \"cohort.db\"`"] : []))
        }
        return Relation(name: schema.name, from: .identifier(schema.name), columns: schema.columns)
    }

    /// The analysis's relation: `from` if given, else the current `use` table.
    public func relation(for source: Name?, at span: Span) throws -> Relation {
        if let source { return try self.source(source) }
        guard let current = environment.current else {
            throw Diagnostic.error("no table in use", at: span,
                                   hints: ["start with `use <table>` or add `from <table>`"] + tableHint())
        }
        return current
    }

    private func tableHint() -> [String] {
        let names = catalog.tableNames()
        return names.isEmpty ? [] : ["tables: " + names.prefix(8).joined(separator: ", ")]
    }

    /// `use a join b using (k, ...)`: columns of `a`, then those of `b` not in `using`.
    public func join(_ base: Relation, _ other: Relation, using keys: [Name]) throws -> Relation {
        for key in keys {
            guard base.column(named: key.text) != nil else {
                throw Diagnostic.error("`\(base.name)` has no column `\(key.text)` to join on", at: key.span,
                                       hints: NameSuggestion.hint(for: key.text, in: base.columns.map(\.name)))
            }
            guard other.column(named: key.text) != nil else {
                throw Diagnostic.error("`\(other.name)` has no column `\(key.text)` to join on", at: key.span,
                                       hints: NameSuggestion.hint(for: key.text, in: other.columns.map(\.name)))
            }
        }
        let keyNames = Set(keys.map { $0.text.lowercased() })
        let extra = other.columns.filter { !keyNames.contains($0.name.lowercased()) }
        if let clash = extra.first(where: { base.column(named: $0.name) != nil }) {
            throw Diagnostic.error("column `\(clash.name)` is in both `\(base.name)` and `\(other.name)`",
                                   at: keys.first?.span ?? .none,
                                   hints: ["add it to `using (...)` if it is a key, or rename it in one table"])
        }
        let from = dialect.join(base.from, other.from, using: keys.map(\.text))
        return Relation(name: "\(base.name) join \(other.name)", from: from, columns: base.columns + extra)
    }

    /// `cohort name = [from src] [where cond]` or `first per key order by ... [where cond]`.
    /// The subquery lists its columns so nested cohorts never see helper columns.
    public func cohort(named name: String, _ definition: CohortDefinition, at span: Span) throws -> Relation {
        let base = try relation(for: definition.source, at: span)
        let lowering = ExpressionLowering(relation: base, environment: environment, dialect: dialect)
        let columns = base.columns.map { SQLFragment.identifier($0.name) }
        let condition = try definition.filter.map(lowering.lowerCondition)
        let alias = "cohort_" + name
        guard let first = definition.firstPer else {
            let select = dialect.select(columns, from: base.from, where: condition, limit: nil)
            return Relation(name: name, from: dialect.subquery(select, alias: alias), columns: base.columns)
        }
        let key = try lowering.lower(first.key)
        let order = try first.orderBy.map { dialect.ordering(try lowering.lower($0.expr), descending: $0.descending) }
        // The rank of each row in its partition, then the first of each; arguments stay where they are written.
        let rank = "sq_row_rank"
        let ranked = dialect.select(columns + [dialect.alias(dialect.rowNumber(partitionBy: key, orderBy: order), as: rank)],
                                    from: base.from, where: condition, limit: nil)
        let firsts = dialect.select(columns, from: dialect.subquery(ranked, alias: nil),
                                    where: "\(identifier: rank) = 1", limit: nil)
        return Relation(name: name, from: dialect.subquery(firsts, alias: alias), columns: base.columns)
    }
}
