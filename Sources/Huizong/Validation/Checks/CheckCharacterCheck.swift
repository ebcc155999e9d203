/// The check character of a 统一社会信用代码 (GB 32100-2015): a code one mistyped character away
/// from a real one is caught here (PRODUCT §6).
struct CheckCharacterCheck: Sendable {
    static let codes: Set<IssueCode> = [.checksumError]

    let type: ReturnType
    let issue: IssueMaker

    func check(_ value: CellValue, raw: UnsafeBufferPointer<UInt8>, field i: Int, row: Int) -> Issue? {
        guard type.fields[i].checksum == .gb32100 else { return nil }
        let canonical = value.canonical
        guard !CreditCodeChecksum.isValid(canonical), let expected = CreditCodeChecksum.expectedCheckCharacter(of: canonical) else {
            return nil
        }
        return issue(.checksumError, row: row, field: i, value: String(decoding: raw, as: UTF8.self), .wrongCheckCharacter(expected: expected))
    }
}
