// The compiler's output is made of the store interface's types (`SQLFragment`,
// `ValueType`, `ColumnKind`): a client of the compiler sees them too.
@_exported import SQBackend
