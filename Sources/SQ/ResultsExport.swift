// The embedding API hands results over: a host that imports SQ sees the result
// types (StatementResult, ResultValue, the payloads) without importing SQResults.
@_exported import SQResults
