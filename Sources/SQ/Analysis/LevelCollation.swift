import Foundation

/// The order R gives text levels: `factor()` sorts with `sort(unique(x))`, and
/// R in a UTF-8 locale on Debian collates with ICU (`capabilities("ICU")`), the
/// Unicode Collation Algorithm with CLDR's root order. SQ reproduces its three
/// levels so the default reference level — the first — is R's:
///
/// 1. primary: letters without case or accents (`a` = `A` = `á`), with
///    spaces, then punctuation, then symbols, then digits, then letters;
/// 2. secondary: accents (`cafe` before `café`);
/// 3. tertiary: case, lower before upper (`lms` before `Lms` before `LMS`).
///
/// Checked against R's own `sort()` in `Tests/Fixtures/R/collation_reference.R`.
/// (UTS #10; CLDR root collation, whose ASCII order is the table below.)
enum LevelCollation {
    /// True when `a` sorts before `b` as R's `sort()` orders them.
    static func precedes(_ a: String, _ b: String) -> Bool {
        if a == b { return false }
        // ASCII letters and digits alone: case-insensitive first, then lower before upper, without building keys.
        if let order = asciiOrder(a, b) { return order }
        let x = key(a), y = key(b)
        if x.primary != y.primary { return x.primary.lexicographicallyPrecedes(y.primary) }
        if x.secondary != y.secondary { return x.secondary.lexicographicallyPrecedes(y.secondary) }
        if x.tertiary != y.tertiary { return x.tertiary.lexicographicallyPrecedes(y.tertiary) }
        // Identical at every level (canonically equivalent spellings): code points decide.
        return Array(a.unicodeScalars.map(\.value)).lexicographicallyPrecedes(b.unicodeScalars.map(\.value))
    }

    /// Keys of strings seen recently: a sort compares each level many times.
    private nonisolated(unsafe) static var keys: [String: Key] = [:]
    private static let keysLock = NSLock()

    private static func key(_ text: String) -> Key {
        keysLock.lock()
        defer { keysLock.unlock() }
        if let known = keys[text] { return known }
        if keys.count > 200_000 { keys.removeAll(keepingCapacity: true) }
        let made = Key(text)
        keys[text] = made
        return made
    }

    /// The order of two strings made only of ASCII letters and digits, where
    /// the three levels reduce to: compare ignoring case (digits before
    /// letters), then the first difference in case, lower first. Nil otherwise.
    private static func asciiOrder(_ a: String, _ b: String) -> Bool? {
        var tertiary: Bool?
        var i = a.utf8.makeIterator(), j = b.utf8.makeIterator()
        while true {
            let x = i.next(), y = j.next()
            guard let x else { return y == nil ? tertiary ?? false : true }
            guard let y else { return false }
            guard isAlphanumeric(x), isAlphanumeric(y) else { return nil }
            let fx = fold(x), fy = fold(y)
            if fx != fy {
                // Keep scanning only to be sure both strings are plain ASCII.
                var restA = i, restB = j
                while let c = restA.next() { if !isAlphanumeric(c) { return nil } }
                while let c = restB.next() { if !isAlphanumeric(c) { return nil } }
                return fx < fy
            }
            if tertiary == nil, x != y { tertiary = x > y }  // lower case (0x61…) before upper (0x41…)
        }
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
    }

    /// Digits below letters, letters without case.
    private static func fold(_ c: UInt8) -> UInt8 { (0x41...0x5A).contains(c) ? c + 0x20 : c }

    /// CLDR root order of the ASCII characters that are neither letters nor
    /// digits: spaces first, then punctuation, then symbols, currency last.
    private static let asciiOrder: [Character] = Array(
        " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$")
    private static let asciiRank: [UInt32: UInt32] = {
        var rank: [UInt32: UInt32] = [:]
        for (i, c) in asciiOrder.enumerated() { rank[c.unicodeScalars.first!.value] = UInt32(i + 1) } // safe: a Character always has a first scalar
        return rank
    }()

    private static let digitBase: UInt32 = 100
    private static let letterBase: UInt32 = 200
    private static let otherBase: UInt32 = 1_000

    /// Letters that expand to two (`æ` sorts as `ae`, `ß` as `ss`).
    private static let expansions: [UInt32: String] = [
        0xE6: "ae", 0xC6: "AE", 0x153: "oe", 0x152: "OE", 0xDF: "ss",
    ]
    /// Letters with a stroke or other mark that does not decompose: their base letter.
    private static let strokes: [UInt32: String] = [
        0xF8: "o", 0xD8: "O", 0x111: "d", 0x110: "D", 0x142: "l", 0x141: "L", 0x131: "i",
    ]

    private struct Key {
        var primary: [UInt32] = []
        var secondary: [UInt32] = []
        var tertiary: [UInt8] = []

        init(_ text: String) {
            for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
                let v = scalar.value
                if let expansion = LevelCollation.expansions[v] {
                    for part in expansion.unicodeScalars { append(part, secondary: 6) }
                } else if let base = LevelCollation.strokes[v], let part = base.unicodeScalars.first {
                    append(part, secondary: 7)
                } else if scalar.properties.generalCategory == .nonspacingMark
                            || scalar.properties.generalCategory == .spacingMark
                            || scalar.properties.generalCategory == .enclosingMark {
                    // Primary-ignorable: an accent counts only at the second level.
                    secondary.append(100 + v)
                    tertiary.append(0)
                } else {
                    append(scalar, secondary: 5)
                }
            }
        }

        private mutating func append(_ scalar: Unicode.Scalar, secondary weight: UInt32) {
            let v = scalar.value
            let lower = scalar.properties.lowercaseMapping.unicodeScalars.first?.value ?? v
            let isUpper = scalar.properties.isUppercase
            if let rank = LevelCollation.asciiRank[v] {
                primary.append(rank)
            } else if (0x30...0x39).contains(v) {
                primary.append(LevelCollation.digitBase + v - 0x30)
            } else if (0x61...0x7A).contains(lower) {
                primary.append(LevelCollation.letterBase + lower - 0x61)
            } else if scalar.properties.isWhitespace {
                primary.append(0)
            } else {
                primary.append(LevelCollation.otherBase + lower)
            }
            secondary.append(weight)
            tertiary.append(isUpper ? 2 : 1)
        }
    }
}
