import SQCompiler
import SQStore

extension DataRequest {
    /// The statement as the SQLite backend renders it (what the snapshots record).
    func sql() -> SQL { sql(dialect: SQLiteDialect()) }
}
