import SQCompiler
import SQSurvival

/// The fetched rows a registered analysis runs on, with the helpers the
/// built-in runners use: complete cases (R's na.omit, with the warning for the
/// rows dropped), the 0/1 event check, and `by` groups in R's level order.
/// Columns are the indices the plan received from `AnalysisPlanning`.
public struct AnalysisInput {
    let data: FetchedColumns
    let runner: AnalysisRunner
    /// Shown under the result (rows dropped, ...); a warning about a term may carry its span.
    public var warnings: [Warning] = []

    public var rowCount: Int { data.rowCount }

    public func value(_ column: Int, _ row: Int) -> Value { data.value(column, row) }

    public func numbers(_ column: Int, rows: [Int]) -> [Double] { data.numbers(column, rows: rows) }

    /// The event of each row, or an error naming the values found when they are not 0/1.
    public func events(_ endpoint: EndpointColumns, rows: [Int]) throws -> [Bool] {
        try data.events(endpoint, rows: rows)
    }

    /// Rows complete in the endpoint and `extra`; the rows dropped are counted in a warning.
    public mutating func completeRows(endpoint: EndpointColumns, extra: [Int] = []) throws -> [Int] {
        let (rows, dropped) = try runner.survivalRows(data, endpoint: endpoint, extra: extra)
        if dropped > 0 { warnings.append(AnalysisRunner.droppedWarning(dropped)) }
        return rows
    }

    /// The distinct combinations of `by` over `rows` and each row's group.
    public func groups(_ by: [GroupColumn], rows: [Int]) -> (keys: [[Value]], codes: [Int]) {
        data.groups(by, rows: rows)
    }

    /// Throws when the statement was cancelled (long loops should ask now and then).
    public func checkCancelled() throws {
        if runner.session.isCancelled { throw SurvivalError.cancelled }
    }
}
