/// The check character of a 统一社会信用代码 (GB 32100-2015): a code one mistyped character away
/// from a real one is caught here (PRODUCT §6).
struct CheckCharacterCheck: Sendable {
    static let codes: Set<IssueCode> = [.checksumError]

    let issue: IssueMaker
    /// Per field, true for a 统一社会信用代码.
    private let isCreditCode: [Bool]

    init(type: ReturnType, issue: IssueMaker) {
        self.issue = issue
        isCreditCode = type.fields.map { $0.checksum == .gb32100 }
    }

    /// The issue of field `i`'s value in `values`, read from the cell `raw`, when its check
    /// character is wrong.
    func check(_ values: RowValues, raw: UnsafeBufferPointer<UInt8>, field i: Int, row: Int) -> FoundIssue? {
        guard isCreditCode[i], let expected = values.withCanonicalUTF8(i, { code in
            CreditCodeChecksum.isValid(code) ? nil : CreditCodeChecksum.expectedCheckCharacter(utf8: code)
        }) ?? nil else { return nil }
        return .found(issue(.checksumError, row: row, field: i, value: String(decoding: raw, as: UTF8.self), .wrongCheckCharacter(expected: expected)))
    }
}
