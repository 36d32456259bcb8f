/// A half-open range of UTF-8 byte offsets into one source text, with the
/// 1-based line and column of its start (columns count Unicode scalars).
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public var line: Int
    public var column: Int

    public init(start: Int, end: Int, line: Int, column: Int) {
        self.start = start
        self.end = end
        self.line = line
        self.column = column
    }

    /// The smallest span covering both.
    public func merged(with other: Span) -> Span {
        let first = start <= other.start ? self : other
        return Span(start: first.start, end: max(end, other.end), line: first.line, column: first.column)
    }

    public static let none = Span(start: 0, end: 0, line: 1, column: 1)

    public var description: String { "\(line):\(column)" }
}
