import SQSyntax
import SQStore

/// The columns one analysis needs from its cohort: one SELECT, each column
/// an expression lowered over the relation, the filter in WHERE.
public struct DataRequest: Sendable {
    public struct Column: Sendable {
        /// The expression as the user wrote it (for messages and labels).
        public var label: String
        public var fragment: SQLFragment
        public var kind: ColumnKind
    }

    public var relation: Relation
    public var filter: SQLFragment?
    /// `list ... limit n`.
    public var limit: Int?
    public private(set) var columns: [Column] = []

    public init(relation: Relation, filter: SQLFragment?) {
        self.relation = relation
        self.filter = filter
    }

    /// Adds a column (reusing an identical one) and returns its index.
    public mutating func add(_ fragment: SQLFragment, label: String, kind: ColumnKind) -> Int {
        if let existing = columns.firstIndex(where: { $0.fragment.text == fragment.text && $0.fragment.arguments == fragment.arguments && $0.kind == kind }) {
            return existing
        }
        columns.append(Column(label: label, fragment: fragment, kind: kind))
        return columns.count - 1
    }

    /// `SELECT e0 AS c0, ... FROM relation [WHERE filter]`, placeholders in order.
    public func sql(dialect: any SQLDialect = SQLiteDialect()) -> SQL {
        let select = columns.isEmpty ? "1" : columns.enumerated()
            .map { "\($0.element.fragment.text) AS \(dialect.quoteIdentifier("c\($0.offset)"))" }
            .joined(separator: ", ")
        var text = "SELECT \(select) FROM \(relation.from.text)"
        var arguments = columns.flatMap(\.fragment.arguments) + relation.from.arguments
        if let filter {
            text += " WHERE \(filter.text)"
            arguments += filter.arguments
        }
        if let limit { text += " LIMIT \(limit)" }
        return SQL(text, arguments)
    }
}
