import Foundation

/// Which source text a span is in: a script file, the prelude, one REPL
/// input, a procedure body as a call expanded it. Each `SourceFile` has its
/// own; `unknown` is text lexed without one (a span made up by the compiler).
public struct SourceID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let unknown = SourceID(rawValue: 0)

    /// A new id, never handed out before in this process.
    public static func next() -> SourceID {
        counter.lock.lock()
        defer { counter.lock.unlock() }
        counter.value += 1
        return SourceID(rawValue: counter.value)
    }

    private final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var value = 0
    }
    private static let counter = Counter()

    public var description: String { "source \(rawValue)" }
}

/// A half-open range of UTF-8 byte offsets into one source text, with the
/// 1-based line and column of its start (columns count Unicode scalars), and
/// the text it is in.
public struct Span: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public var line: Int
    public var column: Int
    public var source: SourceID

    public init(start: Int, end: Int, line: Int, column: Int, source: SourceID = .unknown) {
        self.start = start
        self.end = end
        self.line = line
        self.column = column
        self.source = source
    }

    /// The smallest span covering both (in the text of the earlier one).
    public func merged(with other: Span) -> Span {
        let first = start <= other.start ? self : other
        return Span(start: first.start, end: max(end, other.end), line: first.line, column: first.column,
                    source: first.source)
    }

    public static let none = Span(start: 0, end: 0, line: 1, column: 1)

    public var description: String { "\(line):\(column)" }
}
