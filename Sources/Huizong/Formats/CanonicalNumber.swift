/// Plain decimals in their shortest form (PRODUCT §3.3): `96`, `84.5`, `1200`.
enum CanonicalNumber {
    /// Canonical text of a decimal written as `[-]digits[.digits]`, or nil if it is not one.
    static func canonical(_ text: Substring) -> String? {
        canonical(utf8: Array(text.utf8)[...])
    }

    /// The same over UTF-8 bytes: read once, no String until the result, and no array at all
    /// (this runs for every number cell of a return).
    static func canonical<Bytes: RandomAccessCollection<UInt8>>(utf8 bytes: Bytes) -> String? where Bytes.Index == Int {
        written(utf8: bytes, readingValue: false)?.text
    }

    /// The canonical text of a decimal written as `[-]digits[.digits]` and its value, read in one
    /// pass: the value is `value(ofCanonical:)` of the text, taken from the digits as they are
    /// written out.
    static func read<Bytes: RandomAccessCollection<UInt8>>(utf8 bytes: Bytes) -> (text: String, value: Double)? where Bytes.Index == Int {
        guard let (text, exact) = written(utf8: bytes, readingValue: true), let value = exact ?? Double(text) else { return nil }
        return (text, value)
    }

    /// The canonical text, and with `readingValue` the value where the exact division gives it:
    /// a caller that wants the text alone does not pay for the value.
    private static func written<Bytes: RandomAccessCollection<UInt8>>(utf8 bytes: Bytes, readingValue: Bool)
        -> (text: String, exactValue: Double?)? where Bytes.Index == Int {
        var i = bytes.startIndex
        let end = bytes.endIndex
        var negative = false
        if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        let wholeStart = i
        while i < end, bytes[i].isASCIIDigit { i += 1 }
        let wholeEnd = i
        var fractionStart = i
        var fractionEnd = i
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            fractionStart = i
            while i < end, bytes[i].isASCIIDigit { i += 1 }
            fractionEnd = i
            guard fractionEnd > fractionStart else { return nil }
        }
        guard i == end, wholeEnd > wholeStart || fractionEnd > fractionStart else { return nil }
        var significant = wholeStart
        while significant < wholeEnd, bytes[significant] == UInt8(ascii: "0") { significant += 1 }
        while fractionEnd > fractionStart, bytes[fractionEnd - 1] == UInt8(ascii: "0") { fractionEnd -= 1 }
        let minus = negative && (significant < wholeEnd || fractionEnd > fractionStart)
        var value: Double?
        let text = String(unsafeUninitializedCapacity: bytes.count + 1) { out in
            var count = 0
            func append(_ byte: UInt8) {
                out[count] = byte
                count += 1
            }
            if minus { append(UInt8(ascii: "-")) }
            if significant == wholeEnd { append(UInt8(ascii: "0")) }
            for i in significant..<wholeEnd { append(bytes[i]) }
            if fractionEnd > fractionStart {
                append(UInt8(ascii: "."))
                for i in fractionStart..<fractionEnd { append(bytes[i]) }
            }
            if readingValue { value = exactValue(UnsafeBufferPointer(rebasing: out[..<count])) }
            return count
        }
        return (text, value)
    }

    /// The value of a canonical text (`canonical(utf8:)`'s result). Where its digits fit a double's
    /// 53-bit mantissa and its power of ten is exact (at most 22 decimals), one division of two
    /// exact numbers rounds as correctly as `Double(text)` does, without parsing it again; other
    /// texts go to `Double(text)`.
    static func value(ofCanonical text: String) -> Double? {
        var text = text
        return text.withUTF8(exactValue) ?? Double(text)
    }

    /// `value(ofCanonical:)` where the exact division gives it; nil for other texts.
    private static func exactValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa: UInt64 = 0
        var digits = 0
        var decimals = 0
        var afterDot = false
        var negative = false
        for (i, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where i == 0: negative = true
            case UInt8(ascii: ".") where !afterDot: afterDot = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                mantissa = mantissa &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
                digits += 1
                if afterDot { decimals += 1 }
                guard digits <= 15 else { return nil }
            default: return nil
            }
        }
        guard digits > 0, decimals < exactPowersOfTen.count else { return nil }
        let value = Double(mantissa) / exactPowersOfTen[decimals]
        return negative ? -value : value
    }

    /// 10⁰ … 10²², every one exactly a Double.
    private static let exactPowersOfTen: [Double] = (0...22).map { pow10 in
        (0..<pow10).reduce(1.0) { power, _ in power * 10 }
    }

    /// Canonical text of a number held as a Double (bounds, rule constants).
    static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return canonical(Substring(String(value))) ?? String(value)
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
