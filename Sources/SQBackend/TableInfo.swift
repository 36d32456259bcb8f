/// A table or view the user can name.
public struct TableInfo: Sendable, Equatable {
    /// `main`, `temp`, or the name an attached database was opened as.
    public var schema: String
    public var name: String
    public var isView: Bool

    public init(schema: String, name: String, isView: Bool) {
        self.schema = schema
        self.name = name
        self.isView = isView
    }
}

/// A column and its declared type (DATE for ISO dates from CSV import).
public struct ColumnInfo: Sendable, Equatable {
    public var name: String
    public var declaredType: String

    public init(name: String, declaredType: String) {
        self.name = name
        self.declaredType = declaredType
    }
}

/// Rows returned by a query.
public struct QueryResult: Sendable, Equatable {
    public var columnNames: [String]
    public var rows: [[SQLValue]]
    /// Rows an INSERT, UPDATE or DELETE changed (raw `sql` on a writable database).
    public var changedRows = 0

    public init(columnNames: [String], rows: [[SQLValue]], changedRows: Int = 0) {
        self.columnNames = columnNames
        self.rows = rows
        self.changedRows = changedRows
    }
}
