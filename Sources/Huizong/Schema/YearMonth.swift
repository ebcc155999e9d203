/// A calendar month, as used by 报送期间 and the plan period.
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Reads the canonical form `YYYY-MM`.
    public init?(canonical text: String) {
        self.init(canonicalUTF8: text.utf8)
    }

    /// Reads the canonical form `YYYY-MM` given as UTF-8.
    init?(canonicalUTF8 text: some Collection<UInt8>) {
        var year = 0
        var month = 0
        var count = 0
        for byte in text {
            count += 1
            if count == 5 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard count <= 7, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            if count < 5 { year = year * 10 + digit } else { month = month * 10 + digit }
        }
        guard count == 7 else { return nil }
        self.init(year: year, month: month)
    }

    /// `YYYY-MM`, written digit by digit: periods are written for every row of some tables.
    public var description: String {
        String(unsafeUninitializedCapacity: 7) { bytes in
            var rest = year
            for i in (0..<4).reversed() {
                bytes[i] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            bytes[4] = UInt8(ascii: "-")
            bytes[5] = UInt8(ascii: "0") + UInt8(month / 10)
            bytes[6] = UInt8(ascii: "0") + UInt8(month % 10)
            return 7
        }
    }

    /// The months since the start of year 0: a number that orders months and tells them apart.
    public var number: Int {
        year * 12 + month - 1
    }

    /// The month of `number`; nil outside 0001-01…9999-12.
    public init?(number: Int) {
        guard number >= 0 else { return nil }
        self.init(year: number / 12, month: number % 12 + 1)
    }

    /// The month after; nil after 9999-12.
    public var next: YearMonth? {
        month == 12 ? YearMonth(year: year + 1, month: 1) : YearMonth(year: year, month: month + 1)
    }

    /// The number of days in the month.
    public var days: Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (a: YearMonth, b: YearMonth) -> Bool {
        (a.year, a.month) < (b.year, b.month)
    }
}

extension String {
    /// `n` in decimal with leading zeros up to `width` digits.
    static func zeroPadded(_ n: Int, width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
