/// A cell read as its field's type, in canonical form (PRODUCT §3.3).
public enum CellValue: Sendable, Equatable {
    case text(String)
    case number(Double, canonical: String)
    case boolean(Bool)
    /// `YYYY-MM-DD`
    case date(String)
    /// `YYYY-MM`
    case yearMonth(String)

    /// The text stored and written for this value.
    public var canonical: String {
        switch self {
        case .text(let t), .date(let t), .yearMonth(let t): t
        case .number(_, let c): c
        case .boolean(let b): b ? "是" : "否"
        }
    }

    var ruleValue: RuleValue {
        switch self {
        case .number(let n, _): .number(n)
        case .boolean(let b): .bool(b)
        default: .text(canonical)
        }
    }
}

/// Reads normalised cell text as a field type.
struct ValueParser {
    let field: Field?

    /// Units clerks write after a count or an amount: 1200元, 3人, 2件, 5次.
    private static let unitSuffixes: Set<Character> = ["元", "人", "件", "次"]

    func parse(_ text: String, as type: FieldType) -> CellValue? {
        switch type {
        case .string:
            return .text(text)
        case .boolean:
            guard let field else { return nil }
            if field.trueValues.contains(text) { return .boolean(true) }
            if field.falseValues.contains(text) { return .boolean(false) }
            return nil
        case .integer, .number:
            guard let canonical = canonical(text, as: type), let value = Double(canonical) else { return nil }
            return .number(value, canonical: canonical)
        case .date:
            return canonical(text, as: .date).map(CellValue.date)
        case .yearmonth:
            return canonical(text, as: .yearmonth).map(CellValue.yearMonth)
        }
    }

    /// Canonical text of a number, date or year-month, or nil when the text is not one.
    func canonical(_ text: String, as type: FieldType) -> String? {
        switch type {
        case .integer:
            guard let n = number(text) else { return nil }
            guard let dot = n.firstIndex(of: ".") else { return n }
            return n[n.index(after: dot)...].allSatisfy { $0 == "0" } ? String(n[..<dot]) : nil
        case .number:
            return number(text)
        case .date:
            guard let parts = dateParts(text, count: 3), let ym = YearMonth(year: parts[0], month: parts[1]),
                  (1...Self.days(in: ym)).contains(parts[2]) else { return nil }
            return ym.description + "-" + .zeroPadded(parts[2], width: 2)
        case .yearmonth:
            guard let parts = dateParts(text, count: 2), let ym = YearMonth(year: parts[0], month: parts[1]) else { return nil }
            return ym.description
        case .string, .boolean:
            return text
        }
    }

    private func number(_ text: String) -> String? {
        var body = Substring(text)
        while let last = body.last, Self.unitSuffixes.contains(last) || last == " " { body = body.dropLast() }
        let digits = body.filter { $0 != "," && $0 != " " }
        guard !digits.isEmpty, body.first != ",", body.last != "," else { return nil }
        return CanonicalNumber.canonical(Substring(digits))
    }

    /// Splits 2009-06-15, 2009/6/15, 2009.6.15, 2009年6月15日 and 20090615 (or the year-month
    /// forms with `count` 2) into numbers.
    private func dateParts(_ text: String, count: Int) -> [Int]? {
        if text.count == 2 + 2 * count, text.allSatisfy(\.isASCIIDigit) {
            let chars = Array(text)
            var parts = [Int(String(chars[0..<4]))!]
            for i in 1..<count { parts.append(Int(String(chars[(2 + 2 * i)..<(4 + 2 * i)]))!) }
            return parts
        }
        var separators: [Character] = []
        var parts: [Int] = []
        var current = ""
        for c in text {
            if c.isASCIIDigit {
                current.append(c)
            } else {
                guard !current.isEmpty, current.count <= 4 else { return nil }
                parts.append(Int(current)!)
                separators.append(c)
                current = ""
            }
        }
        if !current.isEmpty { parts.append(Int(current)!) }
        guard parts.count == count, String(text.prefix(while: \.isASCIIDigit)).count == 4 else { return nil }
        let chinese: [Character] = Array("年月日".prefix(count))
        let valid = Set(separators).count == 1 && ["-", "/", "."].contains(separators[0])
            && separators.count == count - 1 && text.last!.isASCIIDigit
        guard valid || separators == chinese else { return nil }
        guard parts.dropFirst().allSatisfy({ $0 < 100 }) else { return nil }
        return parts
    }

    static func days(in ym: YearMonth) -> Int {
        switch ym.month {
        case 2:
            let leap = (ym.year % 4 == 0 && ym.year % 100 != 0) || ym.year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }
}
