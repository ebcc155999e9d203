/// How a workbook counts days: a date cell holds a serial number of days, and only its number
/// format says that it is a date (PRODUCT §3.3: Excel date serials in .xlsx are dates).
enum ExcelDateSystem: Sendable {
    /// Windows Excel's: serial 1 is 1900-01-01, and serial 60 is 1900-02-29, a day that never
    /// was: Lotus 1-2-3 took 1900 for a leap year and Excel kept the error.
    case from1900
    /// Old Mac Excel's (`<workbookPr date1904="1"/>`): serial 0 is 1904-01-01.
    case from1904

    /// The last serial Excel can show as a date, 9999-12-31 in the 1900 system.
    private static let lastSerial = 2_958_465.0

    /// The date a serial stands for, as `YYYY-MM-DD`, with ` HH:MM` (and `:SS` when not zero)
    /// when it has a time of day; nil for a serial that is no date in this system.
    ///
    /// Serial 60 of the 1900 system is written `1900-02-29`, so that validation rejects the
    /// non-existent day rather than the reader silently moving it.
    func text(ofSerial serial: Double) -> String? {
        let first = self == .from1900 ? 1.0 : 0.0
        guard serial.isFinite, serial >= first, serial < Self.lastSerial + 1 else { return nil }
        var day = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(day)) * 86_400).rounded())
        if seconds == 86_400 {
            day += 1
            seconds = 0
        }
        let date: String
        switch self {
        case .from1900 where day == 60:
            date = "1900-02-29"
        case .from1900:
            // Days from 1970-01-01: serial 0 would be 1899-12-31 up to the phantom leap day and
            // 1899-12-30 after it.
            date = Self.civilDate(fromUnixDay: day + (day < 60 ? -25_568 : -25_569))
        case .from1904:
            date = Self.civilDate(fromUnixDay: day - 24_107)
        }
        guard seconds > 0 else { return date }
        let time = Self.twoDigits(seconds / 3600) + ":" + Self.twoDigits(seconds / 60 % 60)
        return date + " " + time + (seconds % 60 == 0 ? "" : ":" + Self.twoDigits(seconds % 60))
    }

    /// `YYYY-MM-DD` of a day counted from 1970-01-01.
    private static func civilDate(fromUnixDay unixDay: Int) -> String {
        let (year, month, day) = CivilDate.fromUnixDay(unixDay)
        return "\(year)-\(twoDigits(month))-\(twoDigits(day))"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}

/// Which number formats show a cell as a date or a time.
enum ExcelNumberFormat {
    /// Built-in formats that are dates or times, by id: 14–22 everywhere, and 27–36, 45–47 and
    /// 50–58, which Chinese, Japanese and Korean Excel use for their own date styles (`yyyy"年"m"月"`).
    private static let builtInDateIDs: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// True when the format shows dates or times.
    ///
    /// - Parameters:
    ///   - id: the `numFmtId` of the cell's style.
    ///   - code: the workbook's own `formatCode` for that id, if it defines one; it overrides a
    ///     built-in format of the same id.
    static func isDate(id: Int, code: String?) -> Bool {
        guard let code else { return builtInDateIDs.contains(id) }
        return isDate(code: code)
    }

    /// True when a format code has a day, month, year, hour or second placeholder (`d`, `m`,
    /// `y`, `h`, `s`) outside quoted text (`"年"`) and brackets (`[Red]`, `[$-804]`), and not
    /// escaped by `\`, or following `_` (a space as wide as the next character) or `*` (fill).
    static func isDate(code: String) -> Bool {
        var scalars = code.unicodeScalars.makeIterator()
        var closing: Unicode.Scalar?
        while let scalar = scalars.next() {
            if let end = closing {
                if scalar == end { closing = nil }
                continue
            }
            switch scalar {
            case "\"": closing = "\""
            case "[": closing = "]"
            case "\\", "_", "*": _ = scalars.next()
            case "d", "D", "m", "M", "y", "Y", "h", "H", "s", "S": return true
            default: break
            }
        }
        return false
    }
}
