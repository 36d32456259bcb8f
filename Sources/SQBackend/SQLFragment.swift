/// A piece of lowered SQL as a value: trusted SQL text, bound arguments and
/// identifiers, in the order they are written, and the value type it yields.
///
/// A fragment is built by string interpolation (after GRDB's `SQL` literal):
/// `"(\(a) + \(b))"` appends a's pieces and then b's, so the arguments of a
/// nested expression stay in the order their placeholders are written, and
/// nothing is numbered until a dialect renders the finished statement
/// (`rendered(by:)`): `?` for SQLite, `$1, $2, ...` for PostgreSQL. An
/// identifier is kept as a name and quoted by that dialect too.
public struct SQLFragment: Sendable, Hashable {
    public enum Piece: Sendable, Hashable {
        /// SQL text written by SQ itself, never a user's value.
        case sql(String)
        /// A bound parameter: the only way a user's value enters SQL.
        case argument(SQLValue)
        /// A table or column name, quoted when rendered.
        case identifier(String)
    }

    public private(set) var pieces: [Piece]
    public var type: ValueType
    /// How tightly the fragment's outermost operator binds (`SQLPrecedence`):
    /// a parent wraps it in parentheses only when that changes the meaning.
    public var precedence: Int
    /// The height of the expression tree the engine will build from it.
    public var depth: Int

    /// Trusted SQL text with no arguments (a keyword, an operator, a number SQ wrote).
    public init(sql: String, type: ValueType = .unknown, precedence: Int = SQLPrecedence.atom, depth: Int = 1) {
        self.pieces = sql.isEmpty ? [] : [.sql(sql)]
        self.type = type
        self.precedence = precedence
        self.depth = depth
    }

    /// `fragment` (usually an interpolated literal) with a type, precedence and depth.
    public init(_ fragment: SQLFragment, type: ValueType = .unknown, precedence: Int = SQLPrecedence.atom, depth: Int = 1) {
        self.pieces = fragment.pieces
        self.type = type
        self.precedence = precedence
        self.depth = depth
    }

    /// The bound arguments, in placeholder order.
    public var arguments: [SQLValue] {
        pieces.compactMap { if case .argument(let value) = $0 { return value } else { return nil } }
    }

    public var isEmpty: Bool { pieces.isEmpty }

    /// The name when the fragment is one bare identifier (a plain column or table), else nil.
    public var identifierName: String? {
        guard pieces.count == 1, case .identifier(let name) = pieces[0] else { return nil }
        return name
    }

    /// The fragment as a self-contained operand: in parentheses unless it is an atom.
    public var parenthesized: SQLFragment {
        guard precedence < SQLPrecedence.atom else { return self }
        return SQLFragment("(\(self))", type: type, depth: depth)
    }

    /// A bound parameter.
    public static func bound(_ value: SQLValue, type: ValueType) -> SQLFragment {
        SQLFragment("\(bind: value)", type: type)
    }

    /// A quoted identifier.
    public static func identifier(_ name: String, type: ValueType = .unknown) -> SQLFragment {
        SQLFragment("\(identifier: name)", type: type)
    }

    /// Joins fragments with a separator, keeping arguments in placeholder order.
    public static func joined(_ parts: [SQLFragment], separator: String, type: ValueType = .unknown) -> SQLFragment {
        SQLFragment("\(parts, separator: separator)", type: type)
    }

    public mutating func append(_ other: SQLFragment) {
        for piece in other.pieces { append(piece) }
    }

    mutating func append(_ piece: Piece) {
        // Adjacent text is merged, so a fragment holds few pieces.
        if case .sql(let text) = piece {
            guard !text.isEmpty else { return }
            if case .sql(let previous)? = pieces.last {
                pieces[pieces.count - 1] = .sql(previous + text)
                return
            }
        }
        pieces.append(piece)
    }

    /// The finished statement in `dialect`: identifiers quoted, placeholders
    /// numbered in the order the arguments are written.
    public func rendered(by dialect: any SQLDialect) -> SQL {
        var text = ""
        var arguments: [SQLValue] = []
        for piece in pieces {
            switch piece {
            case .sql(let sql): text += sql
            case .argument(let value):
                arguments.append(value)
                text += dialect.placeholder(arguments.count)
            case .identifier(let name): text += dialect.quoteIdentifier(name)
            }
        }
        return SQL(text, arguments)
    }

    /// The length of the rendered text with one-character placeholders and
    /// double-quoted identifiers: what limits on inlined SQL measure.
    public var renderedLength: Int {
        pieces.reduce(0) { total, piece in
            switch piece {
            case .sql(let sql): return total + sql.utf8.count
            case .argument: return total + 1
            case .identifier(let name): return total + name.utf8.count + 2 + name.utf8.filter { $0 == UInt8(ascii: "\"") }.count
            }
        }
    }
}

/// SQL operator precedence, loosest first (SQLite's and PostgreSQL's order
/// for the operators SQ emits). Comparisons never chain without parentheses.
public enum SQLPrecedence {
    public static let or = 1
    public static let and = 2
    public static let comparison = 4
    public static let additive = 6
    public static let multiplicative = 7
    public static let atom = 100
}
