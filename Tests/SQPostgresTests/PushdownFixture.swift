import Foundation
import SQPostgres

/// R's lung data (Surv(time, status) ~ age + ph.ecog + strata(sex), from
/// Tests/Fixtures/R/cox_reference.R) loaded into PostgreSQL twice: as one
/// table and hash-partitioned by patient over the two shards.
enum LungFixture {
    struct Row { var time, status, stratum, x1, x2: Double }

    static let directory = PostgresCluster.repository.appendingPathComponent("Tests/Fixtures/R")

    static func rows() throws -> [Row] {
        let text = try String(contentsOf: directory.appendingPathComponent("cox_lung_strata_input.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").dropFirst()
        return try lines.map { line in
            let fields = line.split(separator: ",").map { Double($0) }
            guard fields.count == 5, fields.allSatisfy({ $0 != nil }) else { throw PostgresCluster.Failure("bad fixture line: \(line)") }
            return Row(time: fields[0]!, status: fields[1]!, stratum: fields[2]!, x1: fields[3]!, x2: fields[4]!)
        }
    }

    /// R's results for the model (`key,value` lines).
    static func expected() throws -> [String: Double] {
        let text = try String(contentsOf: directory.appendingPathComponent("cox_lung_strata_expected.txt"), encoding: .utf8)
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ",", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }

    static let columns = "id integer, time double precision, status integer, sex integer, age double precision, ecog double precision"

    /// Creates `single` and `sharded` (dropping earlier ones) and loads the rows into both.
    static func load(single: String, sharded: String) throws -> [Row] {
        let rows = try rows()
        let db = try PostgresCluster.connect(writable: true)
        try db.execute(PostgresSQL("DROP TABLE IF EXISTS \(single)"))
        try db.execute(PostgresSQL("CREATE TABLE \(single) (\(columns))"))
        try db.execute(PostgresSQL("SELECT sq_create_sharded_table($1, 'id', $2)", [.text(sharded), .text(columns)]))
        var placeholders: [String] = []
        var values: [PostgresValue] = []
        for (i, row) in rows.enumerated() {
            let base = values.count
            placeholders.append("(" + (1...6).map { "$\(base + $0)" }.joined(separator: ", ") + ")")
            values += [.integer(Int64(i + 1)), .real(row.time), .integer(Int64(row.status)), .integer(Int64(row.stratum)), .real(row.x1), .real(row.x2)]
        }
        for table in [single, sharded] {
            try db.execute(PostgresSQL("INSERT INTO \(table) (id, time, status, sex, age, ecog) VALUES " + placeholders.joined(separator: ", "), values))
        }
        return rows
    }
}
