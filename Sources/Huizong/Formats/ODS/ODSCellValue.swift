/// What a cell's `office:value-type` says it holds, and the text a clerk sees for its value.
///
/// A typed cell keeps its value in an attribute (`office:value`, `office:date-value`, …) and the
/// producer's formatted text in its paragraphs (`<text:p>¥1,200.50</text:p>`): the value is read,
/// so that a number reads as for every other format, and the text only for strings and for cells
/// without a type. LibreOffice writes an error (`#DIV/0!`) as a string cell with the error's text.
enum ODSValueType {
    /// `float`, `percentage` and `currency`: `office:value`, a number (a percentage as its fraction,
    /// `0.955` for 95.5 %, as Excel shows it in the General format).
    case number
    /// `office:date-value`, an ISO 8601 date or date and time.
    case date
    /// `office:time-value`, an ISO 8601 duration (`PT10H30M00S`).
    case time
    /// `office:boolean-value`, `true` or `false`.
    case boolean
    /// `string`, or no type at all: the text of the paragraphs.
    case text

    init(_ valueType: UnsafeBufferPointer<UInt8>?) {
        guard let valueType else { self = .text; return }
        switch String(decoding: valueType, as: UTF8.self) {
        case "float", "percentage", "currency": self = .number
        case "date": self = .date
        case "time": self = .time
        case "boolean": self = .boolean
        default: self = .text
        }
    }

    /// The qualified name of the attribute that holds the value, nil for text.
    ///
    /// Attributes are matched by their name as the spec prefixes it, which every producer writes:
    /// by local name alone LibreOffice's `calcext:value-type` would pass for `office:value-type`.
    var valueAttribute: StaticString? {
        switch self {
        case .number: "office:value"
        case .date: "office:date-value"
        case .time: "office:time-value"
        case .boolean: "office:boolean-value"
        case .text: nil
        }
    }

    /// The value as the cell shows it, and whether it is a number cell.
    func shown(_ stored: String) -> (String, isNumber: Bool) {
        switch self {
        case .number: (CellText.number(stored), true)
        case .date: (CellText.isoDate(stored), false)
        case .time: (Self.time(stored) ?? stored, false)
        case .boolean: (Self.boolean(stored), false)
        case .text: (stored, false)
        }
    }

    /// `TRUE` or `FALSE`, as for the other formats.
    static func boolean(_ stored: String) -> String {
        switch stored {
        case "true", "1": "TRUE"
        case "false", "0": "FALSE"
        default: stored
        }
    }

    /// A time cell's duration as `HH:MM`, with `:SS` when there are whole seconds, and hours past 24
    /// when it spans days (`P1DT2H` is `26:00`); nil when it is not a duration ODF writes.
    static func time(_ stored: String) -> String? {
        var rest = Substring(stored)
        let isNegative = rest.first == "-"
        if isNegative { rest = rest.dropFirst() }
        guard rest.first == "P" else { return nil }
        rest = rest.dropFirst()
        var hours = 0, minutes = 0, seconds = 0
        var inTime = false
        while !rest.isEmpty {
            if rest.first == "T", !inTime {
                inTime = true
                rest = rest.dropFirst()
                continue
            }
            let digits = rest.prefix { $0.isASCIIDigit }
            guard !digits.isEmpty, digits.count <= 9, let amount = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            if rest.first == ".", inTime {
                rest = rest.drop { $0 == "." || $0.isASCIIDigit }
                guard rest.first == "S" else { return nil }
            }
            switch (rest.first, inTime) {
            case ("D"?, false): hours += amount * 24
            case ("H"?, true): hours += amount
            case ("M"?, true): minutes = amount
            case ("S"?, true): seconds = amount
            default: return nil
            }
            rest = rest.dropFirst()
        }
        hours += minutes / 60
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        let shown = two(hours) + ":" + two(minutes % 60) + (seconds == 0 ? "" : ":" + two(seconds))
        return (isNegative ? "-" : "") + shown
    }
}
