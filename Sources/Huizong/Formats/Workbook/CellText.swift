/// How the values a worksheet stores become the text a clerk saw in the cell.
enum CellText {
    /// Excel shows at most this many significant digits of a number.
    private static let shownDigits = 15

    /// The text of a number cell as Excel shows it in the General format.
    ///
    /// A plain decimal is rounded to the 15 significant digits Excel shows and written in its
    /// shortest form, so that `120.0` reads `120` and a sum stored as `2.9999999999999996` reads
    /// `3`, as every writer's files must (PRODUCT §5). A number in scientific notation keeps its
    /// digits, with the `E` Excel shows: `9.1330206144101101E+17` is what a credit code typed
    /// into a number cell became, and validation shows the clerk exactly that.
    static func number(_ stored: String) -> String {
        var utf8 = stored
        if utf8.withUTF8(isShownAsStored) { return stored }
        if stored.contains(where: { $0 == "e" || $0 == "E" }) { return stored.uppercased() }
        guard let canonical = CanonicalNumber.canonical(Substring(stored)) else { return stored }
        return roundedToShownDigits(canonical)
    }

    /// The text of a number stored as a double (in an .xls) as Excel shows it in the General
    /// format: the same as `number(_:)` gives for the double's shortest round-trip text, which is
    /// what .xlsx writers store, with whole numbers of up to 15 digits written as integers at once.
    static func number(_ value: Double) -> String {
        if value.rounded(.towardZero) == value, abs(value) < 1e15 { return String(Int64(value)) }
        return number(value.description)
    }

    /// True for what most number cells hold, `120` or `84.5`: a plain decimal of at most
    /// `shownDigits` digits, with neither leading zeros nor trailing zeros after a point, which
    /// Excel shows as it is stored. Checked byte by byte, since sheets hold millions of them.
    static func isShownAsStored(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var bytes = utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let whole = bytes[..<(point ?? bytes.endIndex)]
        let fraction = point.map { bytes[bytes.index(after: $0)...] } ?? bytes[bytes.endIndex...]
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        return !whole.isEmpty && whole.allSatisfy(isDigit) && fraction.allSatisfy(isDigit)
            && (whole.first != UInt8(ascii: "0") || whole.count == 1)
            && (point == nil || (!fraction.isEmpty && fraction.last != UInt8(ascii: "0")))
            && whole.count + fraction.count <= shownDigits
    }

    /// A canonical decimal rounded half away from zero to `shownDigits` significant digits, worked
    /// on its bytes in one array: sheets store sums such as `76.59999999999999` by the thousand.
    private static func roundedToShownDigits(_ canonical: String) -> String {
        var digits = Array(canonical.utf8)
        let point = digits.firstIndex(of: UInt8(ascii: ".")) ?? digits.count
        guard let first = digits.firstIndex(where: { $0 != UInt8(ascii: "0") && $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "-") }) else {
            return canonical
        }
        // `kept` ends the shown digits; `next` is the first digit after them, which rounds.
        var kept = first
        var count = 0
        while kept < digits.count, count < shownDigits {
            if digits[kept] != UInt8(ascii: ".") { count += 1 }
            kept += 1
        }
        let next = kept < digits.count && digits[kept] == UInt8(ascii: ".") ? kept + 1 : kept
        guard next < digits.count else { return canonical }
        let roundsUp = digits[next] >= UInt8(ascii: "5")
        if kept <= point {
            for index in kept..<point { digits[index] = UInt8(ascii: "0") }
            digits.removeSubrange(point...)
        } else {
            digits.removeSubrange(kept...)
        }
        if roundsUp {
            var index = kept - 1
            while index >= 0, digits[index] == UInt8(ascii: "9") || digits[index] == UInt8(ascii: ".") {
                if digits[index] == UInt8(ascii: "9") { digits[index] = UInt8(ascii: "0") }
                index -= 1
            }
            if index >= 0, digits[index] != UInt8(ascii: "-") {
                digits[index] += 1
            } else {
                digits.insert(UInt8(ascii: "1"), at: index + 1)
            }
        }
        if digits.contains(UInt8(ascii: ".")) {
            while digits.last == UInt8(ascii: "0") { digits.removeLast() }
            if digits.last == UInt8(ascii: ".") { digits.removeLast() }
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// `TRUE` or `FALSE`, as Excel shows a boolean cell (`t="b"`), which stores 1 or 0.
    static func boolean(_ stored: String) -> String {
        switch stored {
        case "1": "TRUE"
        case "0": "FALSE"
        default: stored
        }
    }

    /// An ISO 8601 date cell (`t="d"`, e.g. `2009-06-15T10:30:00`) as `YYYY-MM-DD`, with ` HH:MM`
    /// (and `:SS`) when the time is not midnight: the same text as a date serial gives.
    static func isoDate(_ stored: String) -> String {
        let parts = stored.split(separator: "T", maxSplits: 1)
        guard let date = parts.first, parts.count == 2 else { return stored }
        let time = parts[1].prefix { $0.isASCIIDigit || $0 == ":" }
        let fields = time.split(separator: ":")
        guard fields.count >= 2, fields.contains(where: { $0.contains { $0 != "0" } }) else { return String(date) }
        let seconds = fields.count > 2 && fields[2].contains { $0 != "0" } ? ":" + fields[2] : ""
        return date + " " + fields[0] + ":" + fields[1] + seconds
    }

    /// Text with OOXML's `_xHHHH_` escapes turned back into the characters they stand for: Excel
    /// writes them for characters XML cannot hold, such as a carriage return (`_x000D_`), and
    /// `_x005F_` for an underscore that would otherwise start one.
    static func unescaped(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "_")) else { return text }
        return text.replacing(/_x([0-9A-Fa-f]{4})_/) { match in
            UInt32(match.1, radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? String(match.0)
        }
    }
}

/// Column letters of a cell reference (`B5`, `XFD1048576`), as 0-based column indexes.
enum CellReference {
    /// Excel's last column, XFD.
    static let columnCount = 16_384

    /// The 0-based column of a reference such as `B5`, or nil when its letters are missing or lie
    /// beyond XFD.
    static func column(of reference: some Sequence<UInt8>) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference {
            let letter: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): letter = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): letter = byte - UInt8(ascii: "a")
            default: return letters > 0 ? column - 1 : nil
            }
            letters += 1
            column = column * 26 + Int(letter) + 1
            guard column <= columnCount else { return nil }
        }
        return letters > 0 ? column - 1 : nil
    }
}
