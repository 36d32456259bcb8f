import SQBackend
/// Decimal text to the nearest double without strtod for the numbers CSV
/// files hold (`0.304717`, `-1.5e3`, `72.4`): when the digits form an
/// integer m < 2⁵³ and the decimal exponent e has |e| ≤ 22, m and 10^|e|
/// are both exact doubles, so one IEEE multiplication or division rounds
/// once and gives the correctly rounded value — strtod's own answer
/// (Clinger 1990, "How to read floating point numbers accurately", the
/// fast path). Anything else returns nil and goes to strtod.
enum DecimalParsing {
    private static let powers: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    static func fastDouble(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        var negative = false
        if i < end, bytes[i] == 0x2D || bytes[i] == 0x2B { negative = bytes[i] == 0x2D; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while i < end, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
            if mantissa != 0 || bytes[i] != 0x30 { digits += 1 }
            guard digits <= 19 else { return nil }
            mantissa = mantissa &* 10 &+ UInt64(bytes[i] - 0x30)
            sawDigit = true
            i += 1
        }
        if i < end, bytes[i] == 0x2E {
            i += 1
            while i < end, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                if mantissa != 0 || bytes[i] != 0x30 { digits += 1 }
                guard digits <= 19 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] - 0x30)
                exponent -= 1
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < end, bytes[i] == 0x65 || bytes[i] == 0x45 {
            i += 1
            var exponentNegative = false
            if i < end, bytes[i] == 0x2D || bytes[i] == 0x2B { exponentNegative = bytes[i] == 0x2D; i += 1 }
            var written = 0
            var any = false
            while i < end, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                written = written * 10 + Int(bytes[i] - 0x30)
                guard written < 10_000 else { return nil }
                any = true
                i += 1
            }
            guard any else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard i == end, mantissa <= 1 << 53, abs(exponent) <= 22 else { return nil }
        var value = Double(mantissa)
        value = exponent < 0 ? value / powers[-exponent] : value * powers[exponent]
        return negative ? -value : value
    }
}
