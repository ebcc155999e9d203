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

    /// The value of a canonical text as stored, or nil when it is empty or not of the type.
    init?(canonical text: String, type: FieldType) {
        guard !text.isEmpty else { return nil }
        switch type {
        case .string: self = .text(text)
        case .date: self = .date(text)
        case .yearmonth: self = .yearMonth(text)
        case .integer, .number:
            guard let n = Double(text) else { return nil }
            self = .number(n, canonical: text)
        case .boolean:
            guard text == CellValue.boolean(true).canonical || text == CellValue.boolean(false).canonical else { return nil }
            self = .boolean(text == CellValue.boolean(true).canonical)
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
