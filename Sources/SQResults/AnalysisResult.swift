/// The result of an analysis added through a registration (`ResultValue.registered`):
/// its JSON `kind`, its fields — an `Encodable` whose coding keys are the JSON
/// contract's names — and the tables that text, Markdown, CSV and HTML show.
public protocol AnalysisResult: Encodable, Sendable {
    /// The `kind` field of the JSON contract.
    static var kind: String { get }
    /// The result as tables. `minCell` is the `set min_cell` in force; the
    /// renderer hides small counts in the columns a table marks as counts.
    func tables(minCell: MinCell) -> [TableView]
}
