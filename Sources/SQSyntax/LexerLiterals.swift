import Foundation

/// Strings, numbers, durations and operator symbols.
extension Lexer.Scanner {
    mutating func string(quote: UInt8) {
        let start = mark
        advance()
        var value: [UInt8] = []
        while let b = current, b != quote {
            if b == UInt8(ascii: "\\") {
                advance()
                guard let escaped = current else { break }
                switch escaped {
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): value.append(escaped)
                default:
                    let escapeStart = (index - 1, line, column - 1)
                    advance()
                    diagnostics.append(.error("unknown escape `\\\(String(decoding: [escaped], as: UTF8.self))` in a string",
                                              at: span(from: escapeStart), hints: ["escapes are \\\", \\', \\\\ and \\n"]))
                    continue
                }
                advance()
            } else {
                value.append(b)
                advance()
            }
        }
        guard current == quote else {
            diagnostics.append(Diagnostic(.error, "the string is not closed", at: span(from: start), isUnexpectedEnd: true))
            return
        }
        advance()
        tokens.append(Token(.string(String(decoding: value, as: UTF8.self)), span: span(from: start)))
    }

    /// `12`, `0.5`, `1e-3`; a unit suffix makes a duration: `30d`, `2w`, `6mo`, `5y`.
    mutating func number() {
        let start = mark
        var isInteger = true
        while let b = current, (0x30...0x39).contains(b) { advance() }
        if current == UInt8(ascii: "."), let next = peek(), (0x30...0x39).contains(next) {
            isInteger = false
            advance()
            while let b = current, (0x30...0x39).contains(b) { advance() }
        } else if current == UInt8(ascii: "."), index > start.index, peek().map({ !isWordStart($0) }) ?? true {
            isInteger = false
            advance()
        }
        if let e = current, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            let sign = peek()
            let digitAt = (sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-")) ? 2 : 1
            if let d = peek(digitAt), (0x30...0x39).contains(d) {
                isInteger = false
                for _ in 0..<digitAt { advance() }
                while let b = current, (0x30...0x39).contains(b) { advance() }
            }
        }
        let text = String(decoding: bytes[start.index..<index], as: UTF8.self)
        let value = Double(text) ?? .nan
        let suffixStart = index
        while let b = current, isWordByte(b) { advance() }
        if index > suffixStart {
            let suffix = String(decoding: bytes[suffixStart..<index], as: UTF8.self)
            guard let unit = DurationUnit(rawValue: suffix) else {
                diagnostics.append(.error("`\(text)\(suffix)` is not a number or a duration", at: span(from: start),
                                          hints: ["durations are written 30d, 2w, 6mo or 5y"]))
                // A stand-in token keeps the statement's shape, so the error is reported once.
                tokens.append(Token(.number(0, isInteger: true), span: span(from: start)))
                return
            }
            tokens.append(Token(.duration(value, unit), span: span(from: start)))
            return
        }
        guard value.isFinite else {
            diagnostics.append(.error("the number `\(text)` is too large", at: span(from: start),
                                      hints: ["numbers go up to about 1.8e308"]))
            // A stand-in token keeps the statement's shape, so the error is reported once.
            tokens.append(Token(.number(0, isInteger: true), span: span(from: start)))
            return
        }
        // Past 2^53 a Double skips whole numbers: `9223372036854775807` would
        // silently become 9223372036854775808 (a different id, a trapping limit).
        if isInteger, !WholeNumber.isExact(Substring(text), value) {
            diagnostics.append(.error("the whole number `\(text)` is beyond what SQ holds exactly (±9007199254740992)", at: span(from: start),
                                      hints: ["write it with an exponent, such as `\(String(format: "%.3g", value))`, if an approximate value is meant"]))
            // The token stays, so the parser reports nothing further about it.
        }
        tokens.append(Token(.number(value, isInteger: isInteger), span: span(from: start)))
    }

    mutating func symbol() {
        let start = mark
        guard let b = current else { return }
        let two = peek().map { String(decoding: [b, $0], as: UTF8.self) } ?? ""
        if ["==", "!=", "<>", "<=", ">="].contains(two) {
            advance(); advance()
            tokens.append(Token(.symbol(two), span: span(from: start)))
            return
        }
        let one = String(decoding: [b], as: UTF8.self)
        guard "()[],~+-*/:|=<>".contains(one), b < 0x80 else { return invalid() }
        advance()
        if one == "(" || one == "[" { depth += 1 }
        if one == ")" || one == "]" { depth = max(0, depth - 1) }
        tokens.append(Token(.symbol(one), span: span(from: start)))
    }
}
