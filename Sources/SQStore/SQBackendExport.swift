// The SQLite backend re-exports the interface it implements: a client that
// opens a SQLite session sees `SQL`, `SQLValue`, `FetchedColumn` and the protocols too.
@_exported import SQBackend
