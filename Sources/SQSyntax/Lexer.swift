/// The lexer: UTF-8 bytes in, tokens out. Newlines become statement
/// terminators unless the statement obviously goes on (docs/language.md, "Lexical rules"): inside
/// `()`/`[]`, or after a binary operator, `,`, `~`, `+`, `=`, `and`, `or`.
public enum Lexer {
    /// `id`: the text's `SourceID`, stamped on every span.
    public static func tokenize(_ source: String, id: SourceID = .unknown) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var scanner = Scanner(bytes: Array(source.utf8), source: id)
        scanner.run()
        return (scanner.tokens, scanner.diagnostics)
    }

    struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var column = 1
        var depth = 0
        var tokens: [Token] = []
        var diagnostics: [Diagnostic] = []
        let source: SourceID

        init(bytes: [UInt8], source: SourceID) { self.bytes = bytes; self.source = source }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }
        func peek(_ offset: Int = 1) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

        mutating func advance() {
            guard index < bytes.count else { return }
            if bytes[index] == 0x0A { line += 1; column = 1 }
            else if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }

        func span(from start: (index: Int, line: Int, column: Int)) -> Span {
            Span(start: start.index, end: index, line: start.line, column: start.column, source: source)
        }

        var mark: (index: Int, line: Int, column: Int) { (index, line, column) }

        /// True when a newline here does not end the statement.
        var continues: Bool {
            if depth > 0 { return true }
            guard let last = tokens.last else { return true }
            switch last.kind {
            case .symbol(let s): return [",", "~", "+", "-", "*", "/", ":", "|", "=", "==", "!=", "<>", "<", "<=", ">", ">=", "(", "["].contains(s)
            case .word(let w, false): return ["and", "or", "not"].contains(w.lowercased())
            case .terminator: return true
            default: return false
            }
        }

        /// True when only spaces stand between here and the next newline.
        var blankLineFollows: Bool {
            var i = index
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 }
            return i < bytes.count && bytes[i] == 0x0A
        }

        mutating func emitTerminator(_ span: Span) {
            if let last = tokens.last, case .terminator = last.kind { return }
            if tokens.isEmpty { return }
            tokens.append(Token(.terminator, span: span))
        }

        mutating func run() {
            while let b = current {
                let start = mark
                switch b {
                case 0x20, 0x09, 0x0D: advance()
                case 0x0A:
                    advance()
                    // A blank line ends the statement even after `+` or `,` (outside
                    // parentheses), so `fit cox os ~ age +` is reported at its `+`.
                    if !continues || (depth == 0 && blankLineFollows) { emitTerminator(span(from: start)) }
                case UInt8(ascii: ";"):
                    advance()
                    if depth > 0 {
                        diagnostics.append(.error("`;` inside parentheses", at: span(from: start)))
                        depth = 0
                    }
                    emitTerminator(span(from: start))
                case UInt8(ascii: "#"): skipComment()
                case UInt8(ascii: "-") where peek() == UInt8(ascii: "-"): skipComment()
                case UInt8(ascii: "\""), UInt8(ascii: "'"): string(quote: b)
                case UInt8(ascii: "`"): backquoted()
                case UInt8(ascii: "$"): parameter()
                case 0x30...0x39: number()
                case UInt8(ascii: "."):
                    if let next = peek(), (0x30...0x39).contains(next) { number() } else { invalid() }
                case _ where isWordStart(b): word()
                default: symbol()
                }
            }
            // The end of input is reported just after the last token, not on the
            // empty line after it: "define x = age +" points after the `+`.
            var end = Span(start: index, end: index, line: line, column: column, source: source)
            if let last = tokens.last, last.kind != .terminator {
                let text = bytes[last.span.start..<last.span.end]
                if !text.contains(0x0A) {
                    let width = text.filter { $0 & 0xC0 != 0x80 }.count
                    end = Span(start: last.span.end, end: last.span.end, line: last.span.line, column: last.span.column + width,
                               source: source)
                }
            }
            emitTerminator(end)
            tokens.append(Token(.end, span: end))
        }

        func isWordStart(_ b: UInt8) -> Bool {
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
        }

        func isWordByte(_ b: UInt8) -> Bool { isWordStart(b) || (b >= 0x30 && b <= 0x39) }

        mutating func skipComment() {
            while let b = current, b != 0x0A { advance() }
        }

        mutating func word() {
            let start = mark
            while let b = current, isWordByte(b) { advance() }
            // R's dotted names (`ph.ecog`, `wt.loss`) are not identifiers here: say
            // how to write one, and read it as if backquoted so nothing cascades.
            var dotted = false
            while current == UInt8(ascii: "."), let next = peek(), isWordStart(next) {
                dotted = true
                advance()
                while let b = current, isWordByte(b) { advance() }
            }
            let text = String(decoding: bytes[start.index..<index], as: UTF8.self)
            if dotted {
                diagnostics.append(.error("a name with `.` is written in backquotes", at: span(from: start),
                                          hints: ["write `\(text)`"]))
            }
            tokens.append(Token(.word(text, quoted: dotted), span: span(from: start)))
        }

        mutating func backquoted() {
            let start = mark
            advance()
            let contentStart = index
            while let b = current, b != UInt8(ascii: "`"), b != 0x0A { advance() }
            guard current == UInt8(ascii: "`") else {
                diagnostics.append(Diagnostic(.error, "a backquoted name is not closed", at: span(from: start),
                                              isUnexpectedEnd: current == nil))
                return
            }
            let text = String(decoding: bytes[contentStart..<index], as: UTF8.self)
            advance()
            if text.isEmpty { diagnostics.append(.error("empty backquoted name", at: span(from: start))) }
            tokens.append(Token(.word(text, quoted: true), span: span(from: start)))
        }

        mutating func parameter() {
            let start = mark
            advance()
            let nameStart = index
            while let b = current, isWordByte(b) { advance() }
            guard index > nameStart else {
                diagnostics.append(.error("`$` must be followed by a parameter name", at: span(from: start)))
                tokens.append(Token(.parameter(""), span: span(from: start)))  // keeps the statement's shape
                return
            }
            tokens.append(Token(.parameter(String(decoding: bytes[nameStart..<index], as: UTF8.self)), span: span(from: start)))
        }

        mutating func invalid() {
            let start = mark
            advance()
            while let b = current, b & 0xC0 == 0x80 { advance() }
            let text = String(decoding: bytes[start.index..<index], as: UTF8.self)
            diagnostics.append(.error("unexpected character `\(text)`", at: span(from: start)))
        }
    }
}
