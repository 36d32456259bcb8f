import CLibPQ

extension PostgresConnection {
    /// Runs a SELECT and reads each result column as the kind asked for, row by
    /// row as the rows arrive (libpq's single-row mode), into contiguous arrays.
    /// `settings` are the statement's own planner settings (see `run`).
    public func fetchColumns(_ sql: PostgresSQL, kinds: [PostgresColumnKind], settings: [String] = []) throws -> [PostgresColumn] {
        try withLock {
            var reals = kinds.map { $0 == .real ? [Double]() : [] }
            var nulls = kinds.map { $0 == .real ? [Bool]() : [] }
            var texts = kinds.map { $0 == .text ? [String?]() : [] }
            var types: [UInt32]?
            try run(sql, singleRow: true, settings: settings) { result in
                if types == nil {
                    let count = Int(PQnfields(result))
                    guard count == kinds.count else {
                        throw PostgresError(.misuse, "the query returns \(count) columns, \(kinds.count) were expected", sql: sql.text)
                    }
                    types = (0..<count).map { PQftype(result, Int32($0)) }
                }
                for row in 0..<PQntuples(result) {
                    for (i, kind) in kinds.enumerated() {
                        let column = Int32(i)
                        switch kind {
                        case .real:
                            let value = try PostgresDecoding.real(result, row: row, column: column, type: types![i], sql: sql.text)
                            reals[i].append(value ?? .nan)
                            nulls[i].append(value == nil)
                        case .text:
                            texts[i].append(PostgresDecoding.text(result, row: row, column: column, type: types![i]))
                        }
                    }
                }
                countReceived(PostgresDecoding.payloadBytes(result))
            }
            return kinds.enumerated().map { i, kind in
                kind == .real ? .real(values: reals[i], isNull: nulls[i]) : .text(texts[i])
            }
        }
    }
}
