import Foundation
import SQCompiler
import SQStore

/// The session's columnar copies of tables, so a statement does not pay
/// SQLite's per-row decoding again for columns an earlier one read.
///
/// SQL stays the one definition of what an analysis reads: SQLite still
/// decides which rows a `where` selects and computes every derived
/// expression (`age / 10`, a define, a comparison); only a plain column of a
/// plain table is taken from the copy, by rowid. A copy is made by `import`
/// (from the values the importer parsed) or on a table's first use, and is
/// used only while the table's `TableVersion` is the one it was made at: any
/// write by this connection, a commit by another process to an opened file,
/// or a DROP/CREATE invalidates it.
///
/// Copies are kept only for SQLite (`SQLiteBackend`, whose rowids and
/// `TableVersion` they rely on); on another backend every request is fetched.
final class ColumnCache: @unchecked Sendable {
    private struct Copy {
        var location: TableLocation
        var version: TableVersion
        var rowCount: Int
        /// True when the rowids are 1...rowCount (a table one import filled); nil until known.
        var contiguous: Bool?
        /// Plain columns by name, each in the kind it was read as.
        var columns: [String: FetchedColumn]
    }

    private let lock = NSLock()
    private var copies: [String: Copy] = [:]
    /// Columns served from a copy, and columns SQLite had to read: for tests and `.timer`.
    private(set) var served = 0
    private(set) var read = 0

    private static func key(_ schema: String, _ table: String) -> String { schema.lowercased() + "\u{1}" + table.lowercased() }

    /// A fresh import's values become the table's copy. `before` is the
    /// connection's change count before the import: copies that were valid
    /// then saw no other write, so they stay valid.
    func stored(_ report: ImportReport, backend: any Backend, before: Int64?) {
        lock.lock(); defer { lock.unlock() }
        guard let database = backend as? SQLiteBackend, let before, let location = try? database.location(ofTable: report.table), location.isCopyable,
              let version = try? database.version(of: location) else { return }
        for (key, copy) in copies where copy.version.connectionChanges == before {
            copies[key]?.version.connectionChanges = version.connectionChanges
        }
        var columns: [String: FetchedColumn] = [:]
        for (info, column) in zip(report.columns, report.data) { columns[info.name.lowercased()] = column }
        guard columns.count == report.columns.count else { return }
        copies[Self.key(location.schema, location.name)] = Copy(location: location, version: version,
                                                                rowCount: report.rowCount, contiguous: true, columns: columns)
    }

    /// After raw SQL or a registered table: nothing copied can be trusted.
    func invalidateAll() {
        lock.lock(); defer { lock.unlock() }
        copies.removeAll()
    }

    /// The request's columns: from the copy where they are plain columns of a
    /// plain table, else from SQLite, exactly as `fetchColumns` reads them.
    func columns(for request: DataRequest, backend: any Backend) throws -> [FetchedColumn] {
        guard let database = backend as? SQLiteBackend, request.limit == nil, request.relation.from.arguments.isEmpty,
              let table = request.relation.from.identifierName,
              let location = try database.location(ofTable: table), location.isCopyable else {
            return try fetchAll(request, backend: backend)
        }
        lock.lock(); defer { lock.unlock() }
        let version = try database.version(of: location)
        let key = Self.key(location.schema, location.name)
        if let copy = copies[key], copy.version != version { copies[key] = nil }
        var copy = copies[key] ?? Copy(location: location, version: version, rowCount: -1, contiguous: nil, columns: [:])

        // Which request columns are plain columns of the table (and in the kind the copy holds).
        var plain: [Int: String] = [:]
        for (i, column) in request.columns.enumerated() {
            if let name = column.fragment.identifierName, let schema = request.relation.columns.first(where: { $0.name == name }) {
                plain[i] = schema.name.lowercased()
            }
        }
        // Plain columns not copied yet are read once, whole, into the copy.
        var missing: [String: ColumnKind] = [:]
        for (i, name) in plain where copy.columns[name] == nil { missing[name] = missing[name] ?? request.columns[i].kind }
        if !missing.isEmpty {
            let wanted = missing.sorted { $0.key < $1.key }
            let names = wanted.map(\.key)
            let kinds = wanted.map(\.value)
            let fetched = try database.copyColumns(names, kinds: kinds, of: location)
            for (name, column) in zip(names, fetched) { copy.columns[name] = column }
            copy.rowCount = fetched.first?.count ?? copy.rowCount
            read += names.count
        }
        // The copy's column for each plain request column; one held in another kind than
        // asked (a number read as text for a factor) goes to SQLite with the derived ones.
        var held: [Int: FetchedColumn] = [:]
        for (i, name) in plain {
            if let column = copy.columns[name], Self.kind(of: column) == request.columns[i].kind { held[i] = column }
        }
        if copy.contiguous == nil { copy.contiguous = try Self.isContiguous(copy, location: location, database: database) }
        copies[key] = copy

        let derived = request.columns.indices.filter { held[$0] == nil }
        if held.isEmpty { return try fetchAll(request, backend: backend) }
        if request.filter == nil && derived.isEmpty {
            served += held.count
            return request.columns.indices.compactMap { held[$0] }
        }
        // SQLite selects the rows (by rowid) and computes the derived columns.
        let result = try database.rowidsAndColumns(derived.map { request.columns[$0].fragment },
                                                   kinds: derived.map { request.columns[$0].kind },
                                                   where: request.filter, of: location)
        guard case .real(let rowids, _) = result[0],
              let positions = try Self.positions(rowids, in: copy, location: location, database: database) else {
            return try fetchAll(request, backend: backend)
        }
        read += derived.count
        served += held.count
        var out: [FetchedColumn] = []
        var next = 1
        for i in request.columns.indices {
            if let column = held[i] {
                out.append(Self.gather(column, positions))
            } else {
                out.append(result[next])
                next += 1
            }
        }
        return out
    }

    private func fetchAll(_ request: DataRequest, backend: any Backend) throws -> [FetchedColumn] {
        read += request.columns.count
        return try backend.fetchColumns(request.sql(dialect: backend.dialect), kinds: request.columns.map(\.kind))
    }

    private static func kind(of column: FetchedColumn) -> ColumnKind {
        if case .real = column { return .real }
        return .text
    }

    private static func isContiguous(_ copy: Copy, location: TableLocation, database: SQLiteBackend) throws -> Bool {
        if let range = try database.rowidRange(of: location), range.low == 1 {
            return range.high == range.count && Int(range.count) == copy.rowCount
        }
        return copy.rowCount == 0
    }

    /// Each selected rowid's position in the copy (rowid − 1 for a table
    /// filled by one import; otherwise looked up in the table's rowids); nil
    /// when a rowid is not in the copy, so SQLite reads the columns instead.
    private static func positions(_ rowids: [Double], in copy: Copy, location: TableLocation, database: SQLiteBackend) throws -> [Int]? {
        if copy.contiguous == true { return rowids.map { Int($0) - 1 } }
        let ordered = try database.rowids(of: location)
        var position: [Double: Int] = [:]
        position.reserveCapacity(ordered.count)
        for (i, rowid) in ordered.enumerated() { position[rowid] = i }
        var found: [Int] = []
        found.reserveCapacity(rowids.count)
        for rowid in rowids {
            guard let k = position[rowid] else { return nil }
            found.append(k)
        }
        return found
    }

    private static func gather(_ column: FetchedColumn, _ positions: [Int]) -> FetchedColumn {
        switch column {
        case .real(let values, let nulls): return .real(values: positions.map { values[$0] }, isNull: positions.map { nulls[$0] })
        case .text(let values): return .text(positions.map { values[$0] })
        }
    }
}
