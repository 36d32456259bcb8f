/// `set min_cell = k`: disclosure control for registry data. A count from 1 to
/// k − 1 is never shown: text shows "<k", JSON keeps the field `null` and adds
/// `"suppressed": true` beside it, and a footnote says suppression is on.
/// 0 (the default) or 1 turns it off. Zero is shown: it discloses no patient.
///
/// Results keep their exact counts (the embedding API's typed values are the
/// host's own data); suppression is applied where a result is shown — the
/// renderers and the plot labels — from `StatementResult.minCell`.
public struct MinCell: Sendable, Equatable {
    public var threshold: Int
    public init(_ threshold: Int) { self.threshold = max(0, threshold) }

    public var isOn: Bool { threshold > 1 }

    /// True for a count that must not be shown.
    public func hides(_ n: Int) -> Bool { n >= 1 && n < threshold }
    /// Counts held as doubles (numbers at risk).
    public func hides(_ n: Double) -> Bool { n >= 1 && n < Double(threshold) }

    /// The count as a table shows it: `12`, or `<5`.
    public func text(_ n: Int) -> String { hides(n) ? "<\(threshold)" : String(n) }

    /// `text` for a count held as a double; `format` writes one that is shown.
    public func text(_ n: Double, _ format: (Double) -> String) -> String { hides(n) ? "<\(threshold)" : format(n) }

    /// The footnote of every table while suppression is on.
    public var footnote: String? {
        isOn ? "counts from 1 to \(threshold - 1) are shown as <\(threshold) (set min_cell = \(threshold))" : nil
    }
}

extension StatementResult {
    /// The disclosure control in force when the statement ran.
    public var disclosure: MinCell { MinCell(minCell) }
}
