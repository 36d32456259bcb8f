import CLibPQ
import Foundation

extension PostgresConnection {
    /// Runs one statement and returns its rows, decoded as `PostgresDecoding` says.
    public func query(_ sql: PostgresSQL) throws -> PostgresResult {
        try withLock {
            var names: [String] = []
            var rows: [[PostgresValue]] = []
            var changed = 0
            try run(sql, singleRow: false) { result in
                let columns = Int(PQnfields(result))
                if names.isEmpty { names = (0..<columns).map { String(cString: PQfname(result, Int32($0))) } }
                let types = (0..<columns).map { PQftype(result, Int32($0)) }
                for row in 0..<Int(PQntuples(result)) {
                    rows.append((0..<columns).map { PostgresDecoding.value(result, row: row, column: $0, type: types[$0]) })
                }
                // PQcmdTuples also counts a SELECT's rows; only a command's changes count here.
                if PQresultStatus(result) == PGRES_COMMAND_OK, let tuples = PQcmdTuples(result),
                   let count = Int(String(cString: tuples)) { changed = count }
                countReceived(PostgresDecoding.payloadBytes(result))
            }
            return PostgresResult(columnNames: names, rows: rows, changedRows: changed)
        }
    }

    /// Runs one statement for its effect (a write needs a `writable` connection).
    public func execute(_ sql: PostgresSQL) throws {
        _ = try query(sql)
    }

    /// SQ's own session statements (`SET …`), several at once, outside the
    /// read-only transaction; never user text.
    func run(simple sql: String) throws {
        try withLock {
            guard let result = PQexec(handle, sql) else { throw lostError(sql: sql) }
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
                throw error(result, sql: sql)
            }
        }
    }

    /// Sends one statement with its parameters (`PQsendQueryParams`, so a second
    /// statement in the text is refused by the server) and hands each result to
    /// `body`: one per row in `singleRow` mode, which keeps memory flat while
    /// columns stream in, else one for all rows. Read-only connections wrap it in
    /// `BEGIN READ ONLY` and a savepoint (see the class comment). `settings`
    /// (`name = value`, SQ's own planner settings, never user text) hold for
    /// this statement alone (`SET LOCAL`, which a read-only transaction allows);
    /// a writable connection then runs it in its own transaction, unless one is
    /// open (the settings would outlive the statement, so they are left out).
    func run(_ sql: PostgresSQL, singleRow: Bool, settings: [String] = [], body: (OpaquePointer) throws -> Void) throws {
        _ = takeCancelRequest(reset: true)
        let local = isWritable && PQtransactionStatus(handle) != PQTRANS_IDLE ? [] : settings
        let setting = local.map { "; SET LOCAL \($0)" }.joined()
        let wrapped = !isWritable || !local.isEmpty
        if wrapped { try run(simple: (isWritable ? "BEGIN" : "BEGIN READ ONLY; SAVEPOINT sq_statement") + setting) }
        do {
            try send(sql, singleRow: singleRow, body: body)
        } catch {
            if wrapped { try? run(simple: "ROLLBACK") }
            throw error
        }
        if wrapped { try run(simple: "COMMIT") }
    }

    private func send(_ sql: PostgresSQL, singleRow: Bool, body: (OpaquePointer) throws -> Void) throws {
        let (types, texts) = Self.encode(sql.arguments)
        let sent = texts.withUnsafeBufferPointer { values -> Int32 in
            let pointers = values.map { $0.map { UnsafePointer<CChar>($0) } }
            return PQsendQueryParams(handle, sql.text, Int32(types.count), types, pointers, nil, nil, 0)
        }
        texts.forEach { free($0) }
        guard sent == 1 else { throw lostError(sql: sql.text) }
        if singleRow { _ = PQsetSingleRowMode(handle) }
        // Every result must be read, even after an error, before the connection is free again.
        var failure: Error?
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            guard failure == nil else { continue }
            let status = PQresultStatus(result)
            switch status {
            case PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                do { try body(result) } catch let thrown {
                    failure = thrown
                    cancel()   // stop the rest of the rows coming
                }
            default:
                failure = error(result, sql: sql.text)
            }
        }
        if let failure { throw failure }
        guard PQstatus(handle) == CONNECTION_OK else { throw lostError(sql: sql.text) }
    }

    /// Parameters in text format; integers and reals typed (int8, float8) so
    /// PostgreSQL does not read them as text, text left for the server to infer
    /// from where the parameter stands (a date, a varchar, …).
    static func encode(_ arguments: [PostgresValue]) -> ([UInt32], [UnsafeMutablePointer<CChar>?]) {
        var types: [UInt32] = []
        var texts: [UnsafeMutablePointer<CChar>?] = []
        for argument in arguments {
            switch argument {
            case .null:
                types.append(0); texts.append(nil)
            case .integer(let v):
                types.append(PostgresDecoding.int8); texts.append(strdup(String(v)))
            case .real(let v):
                types.append(PostgresDecoding.float8); texts.append(strdup(PostgresDecoding.text(of: v)))
            case .text(let v):
                types.append(0); texts.append(strdup(v))
            }
        }
        return (types, texts)
    }

    func lostError(sql: String) -> PostgresError {
        let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
        return PostgresError(.connectionLost, "the connection to \(url.redacted) failed: \(url.scrub(message))", sql: sql)
    }

    func error(_ result: OpaquePointer, sql: String) -> PostgresError {
        let sqlstate = sq_pq_sqlstate(result).map { String(cString: $0) } ?? ""
        var message = sq_pq_message(result).map { String(cString: $0) }
            ?? String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
        if let detail = sq_pq_detail(result) { message += " (\(String(cString: detail)))" }
        if let hint = sq_pq_hint(result) { message += "; \(String(cString: hint))" }
        message = url.scrub(message)
        switch sqlstate {
        case "25006":
            return PostgresError(.readOnly, "the database is read-only (open it with `writable` to change it): \(message)", sql: sql)
        case "57014":
            return takeCancelRequest(reset: false)
                ? PostgresError(.cancelled, "cancelled", sql: sql)
                : PostgresError(.timedOut, "the statement ran longer than the time limit (statement_timeout) and was stopped", sql: sql)
        case "08000", "08003", "08006", "57P01", "57P02", "57P03":
            return PostgresError(.connectionLost, "the connection to \(url.redacted) failed: \(message)", sql: sql)
        case "":
            return PQstatus(handle) == CONNECTION_OK ? PostgresError(.server(sqlstate: ""), message, sql: sql) : lostError(sql: sql)
        default:
            return PostgresError(.server(sqlstate: sqlstate), message, sql: sql)
        }
    }
}
