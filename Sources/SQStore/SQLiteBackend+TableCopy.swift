import SQBackend

/// The statements behind the session's columnar copies of SQLite tables: a
/// copy is read whole in rowid order, and a filtered or derived request is
/// answered by the rowids SQLite selects (see the column cache in SQ).
extension SQLiteBackend {
    /// The table SQLite reads for the unqualified name, or nil.
    public func location(ofTable name: String) throws -> TableLocation? { try database.location(ofTable: name) }

    public func version(of location: TableLocation) throws -> TableVersion { try database.version(of: location) }

    /// Whole columns of a table, in rowid order.
    public func copyColumns(_ names: [String], kinds: [ColumnKind], of location: TableLocation) throws -> [FetchedColumn] {
        let select = names.map(Database.quote).joined(separator: ", ")
        return try database.fetchColumns(SQL("SELECT \(select) FROM \(Database.qualified(location)) ORDER BY rowid"), kinds: kinds)
    }

    /// The rowids of the rows `filter` selects (all when nil), in order, as the
    /// first column, then each of `columns` computed over those rows.
    public func rowidsAndColumns(_ columns: [SQLFragment], kinds: [ColumnKind], where filter: SQLFragment?,
                                 of location: TableLocation) throws -> [FetchedColumn] {
        var select: SQLFragment = "SELECT rowid, "
        select.append(columns.isEmpty ? "1" : "\(columns, separator: ", ")")
        select.append(" FROM \(sql: Database.qualified(location))")
        if let filter { select.append(" WHERE \(filter)") }
        select.append(" ORDER BY rowid")
        return try database.fetchColumns(select.rendered(by: dialect), kinds: [.real] + (columns.isEmpty ? [.real] : kinds))
    }

    /// `min(rowid)`, `max(rowid)` and the row count (nil when the table is empty).
    public func rowidRange(of location: TableLocation) throws -> (low: Int64, high: Int64, count: Int64)? {
        let row = try database.query(SQL("SELECT min(rowid), max(rowid), count(*) FROM \(Database.qualified(location))")).rows.first
        if case .integer(let low)? = row?[0], case .integer(let high)? = row?[1], case .integer(let count)? = row?[2] {
            return (low, high, count)
        }
        return nil
    }

    /// Every rowid of the table, in order.
    public func rowids(of location: TableLocation) throws -> [Double] {
        let all = try database.fetchColumns(SQL("SELECT rowid FROM \(Database.qualified(location)) ORDER BY rowid"), kinds: [.real])
        guard case .real(let ordered, _)? = all.first else { return [] }
        return ordered
    }
}
