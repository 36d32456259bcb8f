import Foundation
import SQ
import SQPostgres

/// `sq-bench --postgres URL [--rows N]`: a synthetic cohort made by the server
/// (`generate_series`: whole-day times over ten years, three groups, ten
/// covariates) as one table and, when the server has the test cluster's
/// `sq_create_sharded_table` (scripts/pg-cluster.sh), partitioned over its two
/// shards; then `km`, `logrank` and `fit cox` through a session, with pushdown
/// and with `pushdown = false`, each with the bytes SQ received.
/// `fit cox` is fitted from the database's sums, or from the rows with `pushdown = false` (docs/postgres.md).
enum PostgresBench {
    static func run(url: String, rows: Int) throws {
        let db = try PostgresConnection(url: url, writable: true)
        let covariates = (1...10).map { "x\($0)" }
        let columns = "patient bigint, time double precision, status bigint, grp bigint, " + covariates.map { "\($0) double precision" }.joined(separator: ", ")
        let values = "SELECT g, 1 + floor(random() * 3650), (random() < 0.6)::int, g % 3, "
            + covariates.map { _ in "random()" }.joined(separator: ", ") + " FROM generate_series(1, $1::int8) AS g"
        var tables = ["sq_bench"]
        let start = Date()
        try db.execute(PostgresSQL("DROP TABLE IF EXISTS sq_bench"))
        try db.execute(PostgresSQL("CREATE TABLE sq_bench (\(columns))"))
        try db.execute(PostgresSQL("INSERT INTO sq_bench " + values, [.integer(Int64(rows))]))
        try db.execute(PostgresSQL("ANALYZE sq_bench"))
        let sharded = try db.query(PostgresSQL("SELECT to_regproc('sq_create_sharded_table') IS NOT NULL")).rows.first?.first == .integer(1)
        if sharded {
            try db.execute(PostgresSQL("SELECT sq_create_sharded_table('sq_bench_sharded', 'patient', $1)", [.text(columns)]))
            try db.execute(PostgresSQL("INSERT INTO sq_bench_sharded SELECT * FROM sq_bench"))
            tables.append("sq_bench_sharded")
        }
        print("made \(rows) rows × \(4 + covariates.count) columns\(sharded ? " (and the sharded copy)" : "") in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        if case .integer(let size)? = try db.query(PostgresSQL("SELECT pg_table_size('sq_bench')")).rows.first?.first {
            print("table size: \(size) bytes on disk")
        }
        print("table              task                                     seconds   bytes received")
        for table in tables {
            let backend = try PostgresBackend.connect(to: url, writable: false)
            var options = Session.Options()
            options.loadsPrelude = false
            let session = try Session(backend: backend, options: options)
            try session.run("use \(table)\nendpoint e = surv(time, status == 1)")
            for statement in ["km e by grp", "km e by grp with pushdown = false",
                              "logrank e by grp", "logrank e by grp with pushdown = false",
                              "fit cox e ~ " + covariates.joined(separator: " + "),
                              "fit cox e ~ " + covariates.joined(separator: " + ") + " with pushdown = false"] {
                let before = backend.connection.bytesReceived
                let seconds = try once { _ = try session.run(statement) }
                let received = backend.connection.bytesReceived - before
                print(table.padding(toLength: 18, withPad: " ", startingAt: 0) + " "
                      + label(statement).padding(toLength: 40, withPad: " ", startingAt: 0) + " "
                      + String(format: "%8.3f", seconds) + "  " + String(format: "%15d", received))
            }
        }
        for table in tables.reversed() { try db.execute(PostgresSQL("DROP TABLE IF EXISTS \(table)")) }
    }

    /// The statement as printed: the ten covariates as `x1 + … + x10`.
    static func label(_ statement: String) -> String {
        statement.replacingOccurrences(of: (1...10).map { "x\($0)" }.joined(separator: " + "), with: "x1 + … + x10")
    }
}
