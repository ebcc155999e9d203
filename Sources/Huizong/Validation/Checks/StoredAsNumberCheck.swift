/// A code that a spreadsheet stored as a number (PRODUCT §6). While every digit is still there it
/// is taken, with a `stored-as-number` warning that asks for the column to be formatted as text;
/// once a digit is gone (the leading zeros, or the digits past the 15 a spreadsheet keeps) it is a
/// `type-error` with the same advice.
struct StoredAsNumberCheck: Sendable {
    static let codes: Set<IssueCode> = [.storedAsNumber, .typeError]

    /// A spreadsheet keeps the first 15 significant digits of a number and makes the rest zeros.
    private static let keptDigits = 15

    let issue: IssueMaker
    /// Per field, true for a code (`code: true` in the plan).
    private let isCode: [Bool]

    init(type: ReturnType, issue: IssueMaker) {
        self.issue = issue
        isCode = type.fields.map(\.isCode)
    }

    /// The issue of a cell of field `i` that the spreadsheet stored as a number, shown as `raw`;
    /// nil when the field is no code.
    /// - Parameter passed: true when the cell's value passed every check of its field.
    func check(_ raw: UnsafeBufferPointer<UInt8>, field i: Int, passed: Bool, row: Int) -> Issue? {
        guard isCode[i] else { return nil }
        let shown = String(decoding: raw, as: UTF8.self)
        if passed, Self.keepsEveryDigit(shown) {
            return issue(.storedAsNumber, row: row, field: i, value: shown, .codeStoredAsNumber)
        }
        return issue(.typeError, row: row, field: i, value: shown, .codeTurnedIntoNumber)
    }

    /// True when a number shows as a plain integer no longer than the digits a spreadsheet keeps:
    /// no exponent, no point, no digit made zero.
    static func keepsEveryDigit(_ shown: String) -> Bool {
        (1...keptDigits).contains(shown.utf8.count) && shown.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
