/// The value type of a column or expression, as far as resolution needs it.
/// SQLite is loosely typed; SQ decides numeric vs categorical vs date from the
/// declared column type and the expression's shape.
public enum ValueType: String, Sendable {
    case integer, real, text, date
    /// The result of a comparison or `and`/`or`/`not`: 0/1 (or NULL) in SQLite.
    case boolean
    case unknown

    public var isNumeric: Bool { self == .integer || self == .real || self == .boolean }

    /// The type of a column with this declared SQLite type (SQLite's affinity rules,
    /// plus DATE, which SQ's CSV import declares for ISO dates).
    public init(declaredType: String) {
        let t = declaredType.uppercased()
        if t.contains("DATE") || t.contains("TIME") { self = .date }
        else if t.contains("INT") { self = .integer }
        else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") { self = .text }
        else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") || t.contains("NUM") || t.contains("DEC") { self = .real }
        else if t.contains("BOOL") { self = .boolean }
        else { self = .unknown }
    }
}

public struct ColumnSchema: Hashable, Sendable {
    public var name: String
    public var type: ValueType
    public init(name: String, type: ValueType) { self.name = name; self.type = type }
}

public struct TableSchema: Hashable, Sendable {
    public var name: String
    public var columns: [ColumnSchema]
    public init(name: String, columns: [ColumnSchema]) { self.name = name; self.columns = columns }
}
