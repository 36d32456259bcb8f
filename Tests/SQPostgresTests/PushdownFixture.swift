import Foundation
import SQPostgres

/// One of R's Cox cases (Tests/Fixtures/R/cox_reference.R): its input rows
/// (`cox_NAME_input.csv`: time, status, [strata], x1…) and R's results
/// (`cox_NAME_expected.txt`), loaded into PostgreSQL twice: as one table and
/// hash-partitioned by row id over the two shards.
struct RCoxCase {
    let name: String
    let header: [String]
    let rows: [[Double]]
    let expected: [String: Double]

    static let directory = PostgresCluster.repository.appendingPathComponent("Tests/Fixtures/R")

    init(_ name: String) throws {
        self.name = name
        let text = try String(contentsOf: Self.directory.appendingPathComponent("cox_\(name)_input.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        header = lines[0].split(separator: ",").map(String.init)
        rows = try lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
            guard fields.count == lines[0].split(separator: ",").count, fields.allSatisfy({ $0 != nil }) else {
                throw PostgresCluster.Failure("bad line in cox_\(name)_input.csv: \(line)")
            }
            return fields.map { $0! }
        }
        var expected: [String: Double] = [:]
        let results = try String(contentsOf: Self.directory.appendingPathComponent("cox_\(name)_expected.txt"), encoding: .utf8)
        for line in results.split(separator: "\n") {
            let parts = line.split(separator: ",", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1]) { expected[String(parts[0])] = value }
        }
        self.expected = expected
    }

    var covariates: [String] { header.filter { $0.hasPrefix("x") } }

    func column(_ name: String) -> [Double] {
        let index = header.firstIndex(of: name)!
        return rows.map { $0[index] }
    }

    /// R's coefficients, in covariate order.
    func coefficients() throws -> [Double] {
        try covariates.indices.map { j in
            guard let value = expected["coef.\(j + 1)"] else { throw PostgresCluster.Failure("no coef.\(j + 1) for \(name)") }
            return value
        }
    }

    /// Creates the tables `single` and `sharded` (dropping earlier ones) and loads the rows into both.
    func load(single: String, sharded: String) throws {
        let columns = (["id integer"] + header.map { "\($0) double precision" }).joined(separator: ", ")
        let db = try PostgresCluster.connect(writable: true)
        try db.execute(PostgresSQL("DROP TABLE IF EXISTS \(single)"))
        try db.execute(PostgresSQL("CREATE TABLE \(single) (\(columns))"))
        try db.execute(PostgresSQL("SELECT sq_create_sharded_table($1, 'id', $2)", [.text(sharded), .text(columns)]))
        var placeholders: [String] = []
        var values: [PostgresValue] = []
        for (i, row) in rows.enumerated() {
            let base = values.count
            placeholders.append("(" + (0...row.count).map { "$\(base + $0 + 1)" }.joined(separator: ", ") + ")")
            values.append(.integer(Int64(i + 1)))
            values += row.map(PostgresValue.real)
        }
        for table in [single, sharded] {
            try db.execute(PostgresSQL("INSERT INTO \(table) VALUES " + placeholders.joined(separator: ", "), values))
        }
    }
}
