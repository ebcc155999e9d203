/// Reads normalised cell text as a field type (PRODUCT §3.3). A class, so that reading a cell
/// through a field's parser counts one reference, not one for each list it holds.
final class ValueParser: Sendable {
    /// The texts a boolean field reads as true and as false, as UTF-8: a cell is compared with
    /// them as it stands, with no `String` made or hashed.
    private let trueValues: [[UInt8]]
    private let falseValues: [[UInt8]]
    /// Units clerks write after a count, an amount or a score (1200元, 3人, 90分), from the plan.
    private let suffixes: [[UInt8]]
    private let unitsEndInDigit: Bool

    init(field: Field?, suffixes: [String] = []) {
        trueValues = (field?.trueValues ?? []).map { Array($0.utf8) }
        falseValues = (field?.falseValues ?? []).map { Array($0.utf8) }
        self.suffixes = suffixes.map { Array($0.utf8) }
        unitsEndInDigit = self.suffixes.contains { $0.last?.isASCIIDigit == true }
    }

    func parse(_ text: String, as type: FieldType) -> CellValue? {
        var text = text
        var values = RowValues(count: 1)
        return text.withUTF8 { parse(utf8: $0, as: type, into: &values, at: 0) } ? values[0] : nil
    }

    /// Reads normalised text given as its UTF-8 into field `field` of `values`; false when the
    /// text is not of the type. No `String` is made of a text field's value.
    func parse(utf8 text: UnsafeBufferPointer<UInt8>, as type: FieldType, into values: inout RowValues, at field: Int) -> Bool {
        switch type {
        case .string:
            values.set(field, .text, utf8: text)
        case .boolean:
            if trueValues.contains(where: { $0.elementsEqual(text) }) {
                values.set(field, .yes)
            } else if falseValues.contains(where: { $0.elementsEqual(text) }) {
                values.set(field, .no)
            } else {
                return false
            }
        case .integer, .number:
            guard let number = number(utf8: text[...], whole: type == .integer) else { return false }
            values.set(field, .number, number.text, number: number.value)
        case .date, .yearmonth:
            guard let canonical = canonical(utf8: text, as: type) else { return false }
            values.set(field, type == .date ? .date : .yearMonth, canonical)
        }
        return true
    }

    /// Canonical text of a number, date or year-month, or nil when the text is not one.
    func canonical(_ text: String, as type: FieldType) -> String? {
        var text = text
        return text.withUTF8 { canonical(utf8: $0, as: type) }
    }

    private func canonical(utf8 text: UnsafeBufferPointer<UInt8>, as type: FieldType) -> String? {
        switch type {
        case .integer, .number:
            return number(utf8: text[...], whole: type == .integer)?.text
        case .date, .yearmonth:
            // A text already in canonical form (most are) is its own canonical text.
            let count = type == .date ? 3 : 2
            let canonical = Self.canonicalParts(text, count: count)
            guard let parts = canonical ?? looseDateParts(String(decoding: text, as: UTF8.self), count: count)
                    .map({ ($0[0], $0[1], count == 3 ? $0[2] : 0) }),
                  let month = YearMonth(year: parts.year, month: parts.month) else { return nil }
            guard count == 3 else { return canonical == nil ? month.description : String(decoding: text, as: UTF8.self) }
            guard (1...month.days).contains(parts.day) else { return nil }
            return canonical == nil ? month.description + "-" + .zeroPadded(parts.day, width: 2) : String(decoding: text, as: UTF8.self)
        case .string, .boolean:
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// `1,234.50`, `1234`, `1,200元`: digits grouped by thousands or not at all, at most one unit;
    /// with `whole`, a number with no fraction (`12.00` is `12`).
    private func number(utf8 text: Slice<UnsafeBufferPointer<UInt8>>, whole: Bool) -> (text: String, value: Double)? {
        // A canonical text keeps a dot only before a fraction that is not zero.
        guard let number = number(utf8: text), !whole || !number.text.utf8.contains(UInt8(ascii: ".")) else { return nil }
        return number
    }

    private func number(utf8 text: Slice<UnsafeBufferPointer<UInt8>>) -> (text: String, value: Double)? {
        var body = text
        // Most numbers end in a digit, and no unit does.
        if body.last.map({ !$0.isASCIIDigit || unitsEndInDigit }) == true,
           let unit = suffixes.first(where: { body.count >= $0.count && body.suffix($0.count).elementsEqual($0) }) {
            body = body.dropLast(unit.count)
            while body.last == UInt8(ascii: " ") { body = body.dropLast() }
        }
        let signCount = body.first == UInt8(ascii: "-") || body.first == UInt8(ascii: "+") ? 1 : 0
        let unsigned = body.dropFirst(signCount)
        let wholeEnd = unsigned.firstIndex(of: UInt8(ascii: ".")) ?? unsigned.endIndex
        guard unsigned[..<wholeEnd].contains(UInt8(ascii: ",")) else { return CanonicalNumber.read(utf8: body) }
        let groups = unsigned[..<wholeEnd].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count),
              groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        var joined = Array(body.prefix(signCount))
        for group in groups { joined.append(contentsOf: group) }
        joined.append(contentsOf: unsigned[wholeEnd...])
        return CanonicalNumber.read(utf8: joined[...])
    }

    /// The canonical forms `YYYY-MM-DD` and `YYYY-MM`, read straight from the bytes: most cells.
    /// - Returns: year, month and day (0 for a year-month).
    private static func canonicalParts(_ utf8: UnsafeBufferPointer<UInt8>, count: Int) -> (year: Int, month: Int, day: Int)? {
        guard utf8.count == 3 * count + 1 else { return nil }
        var parts = (year: 0, month: 0, day: 0)
        var value = 0
        var digits = 0
        for (index, byte) in utf8.enumerated() {
            if index == 4 || index == 7 {
                guard byte == UInt8(ascii: "-"), digits == (index == 4 ? 4 : 2) else { return nil }
                if index == 4 { parts.year = value } else { parts.month = value }
                value = 0
                digits = 0
            } else {
                guard byte.isASCIIDigit else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            }
        }
        guard digits == 2 else { return nil }
        if count == 2 { parts.month = value } else { parts.day = value }
        return parts
    }

    private func looseDateParts(_ text: String, count: Int) -> [Int]? {
        let chars = Array(text)
        guard chars.allSatisfy({ $0.isASCIIDigit || !$0.isASCII || "-/.".contains($0) }) else { return nil }
        if chars.count == 2 + 2 * count, chars.allSatisfy(\.isASCIIDigit) {
            return (0..<count).map { i in Int(String(i == 0 ? chars[0..<4] : chars[(2 + 2 * i)..<(4 + 2 * i)]))! }
        }
        var parts: [Int] = []
        var separators: [Character] = []
        var digits = ""
        for c in chars {
            if c.isASCIIDigit {
                digits.append(c)
                continue
            }
            guard let part = Self.part(digits, first: parts.isEmpty) else { return nil }
            parts.append(part)
            separators.append(c)
            digits = ""
        }
        if !digits.isEmpty {
            guard let part = Self.part(digits, first: parts.isEmpty) else { return nil }
            parts.append(part)
        }
        guard parts.count == count else { return nil }
        let ascii = separators.count == count - 1 && Set(separators).count == 1 && "-/.".contains(separators[0])
        let chinese = separators == Array("年月日".prefix(count)) || (count == 3 && separators == Array("年月号"))
        return ascii || chinese ? parts : nil
    }

    /// A year of 4 digits, or a month or day of 1–2 digits.
    private static func part(_ digits: String, first: Bool) -> Int? {
        guard first ? digits.count == 4 : (1...2).contains(digits.count) else { return nil }
        return Int(digits)
    }
}
