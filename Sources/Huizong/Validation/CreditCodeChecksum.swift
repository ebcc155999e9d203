/// The check character of a 统一社会信用代码 (GB 32100-2015, §5 and appendix).
enum CreditCodeChecksum {
    /// The 31 characters of the code's alphabet, in value order (no I, O, S, V, Z).
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The check character the first 17 characters call for, or nil when one is outside the alphabet.
    static func expectedCheckCharacter(of code: String) -> Character? {
        let chars = Array(code)
        guard chars.count >= 17 else { return nil }
        var sum = 0
        for (i, c) in chars.prefix(17).enumerated() {
            guard let value = alphabet.firstIndex(of: c) else { return nil }
            sum += value * weights[i]
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    static func isValid(_ code: String) -> Bool {
        code.count == 18 && expectedCheckCharacter(of: code) == code.last
    }
}
