/// Data values and names reach the terminal inside tables, notes, warnings and
/// error messages; a value holding ESC `[31m` (or a C1 CSI, or a bidi override
/// that reorders what is shown) would act on the terminal instead of being
/// shown. Every such character is written as an escape, the way a line break
/// in a cell is written `\n`: `\u001b`.
public enum ControlCharacters {
    /// `text` with control characters escaped; those in `keeping` (say `\n` in
    /// a multi-line note, or `\t` and `\n` inside a quoted CSV field) stay.
    public static func escaped(_ text: String, keeping: Set<Unicode.Scalar> = []) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0) && !keeping.contains($0) }) else { return text }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            guard needsEscape(scalar), !keeping.contains(scalar) else { out.append(scalar); continue }
            switch scalar {
            case "\r" where scalars.first == "\n" && !keeping.contains("\n"):
                scalars.removeFirst()
                out.append(contentsOf: "\\n".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            default:
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
            }
        }
        return String(out)
    }

    /// C0 controls, DEL, C1 controls (U+0080–U+009F, which include an 8-bit
    /// CSI), line and paragraph separators, and the bidi embeddings, overrides
    /// and isolates.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
