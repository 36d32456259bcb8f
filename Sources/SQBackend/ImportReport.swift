/// How to read one file: which sheet of a workbook, which values mean missing.
public struct ImportOptions: Sendable {
    public var replace = false
    /// `with na = ".", "unknown"` (CSV and Excel text cells).
    public var missing: [String] = []
    /// `sheet "LAT"` or `sheet 2` (Excel only).
    public var sheetName: String?
    public var sheetPosition: Int?
    /// Polled while reading (Ctrl-C, `cancel()`, the time limit): true stops the import and leaves no table.
    public var shouldStop: (@Sendable () -> Bool)?
    public init() {}
}

/// What an import created.
public struct ImportReport: Sendable {
    public var table: String
    public var schema: String
    public var rowCount: Int
    public var columns: [ColumnInfo]
    /// What the analyst should know about how the file was read (a numeric
    /// column made text by a few stray values, ...).
    public var warnings: [String] = []
    /// The table's values as analyses fetch them (numbers as `.real`, text and dates as `.text`), in rowid order.
    public var data: [FetchedColumn] = []
    /// Per column of a typed file: its variable label and its value labels' level order.
    public var labelPairs: [(column: String, label: String?, levels: [String]?)] = []

    public init(table: String, schema: String, rowCount: Int, columns: [ColumnInfo], warnings: [String] = [],
                data: [FetchedColumn] = [], labelPairs: [(column: String, label: String?, levels: [String]?)] = []) {
        self.table = table
        self.schema = schema
        self.rowCount = rowCount
        self.columns = columns
        self.warnings = warnings
        self.data = data
        self.labelPairs = labelPairs
    }
}
