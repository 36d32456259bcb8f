import SQSyntax
import SQBackend

/// The columns one analysis needs from its cohort: one SELECT, each column
/// an expression lowered over the relation, the filter in WHERE.
public struct DataRequest: Sendable {
    public struct Selection: Sendable {
        /// The expression as the user wrote it (for messages and labels).
        public var label: String
        public var fragment: SQLFragment
        public var kind: ColumnKind
    }

    public var relation: Relation
    public var filter: SQLFragment?
    /// `list ... limit n`.
    public var limit: Int?
    public private(set) var columns: [Selection] = []

    public init(relation: Relation, filter: SQLFragment?) {
        self.relation = relation
        self.filter = filter
    }

    /// Adds a column (reusing an identical one) and returns its index.
    public mutating func add(_ fragment: SQLFragment, label: String, kind: ColumnKind) -> Int {
        if let existing = columns.firstIndex(where: { $0.fragment.pieces == fragment.pieces && $0.kind == kind }) {
            return existing
        }
        columns.append(Selection(label: label, fragment: fragment, kind: kind))
        return columns.count - 1
    }

    /// `SELECT e0 AS c0, ... FROM relation [WHERE filter] [LIMIT n]`, as a value:
    /// the backend's dialect renders it, numbering placeholders in order.
    public func statement(dialect: any SQLDialect) -> SQLFragment {
        let select = columns.isEmpty ? [SQLFragment(sql: "1")] : columns.enumerated()
            .map { dialect.alias($0.element.fragment, as: "c\($0.offset)") }
        return dialect.select(select, from: relation.from, where: filter, limit: limit)
    }

    /// The statement rendered by `dialect`.
    public func sql(dialect: any SQLDialect) -> SQL {
        statement(dialect: dialect).rendered(by: dialect)
    }
}
