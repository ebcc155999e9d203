/// The check character of a 统一社会信用代码 (GB 32100-2015, §5 and appendix).
enum CreditCodeChecksum {
    /// The 31 characters of the code's alphabet, in value order (no I, O, S, V, Z).
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    /// Each byte's value in the alphabet, or -1 for a byte outside it.
    private static let values: [Int] = {
        var values = [Int](repeating: -1, count: 256)
        for (value, byte) in alphabet.enumerated() { values[Int(byte)] = value }
        return values
    }()

    /// The check character the first 17 characters call for, or nil when one is outside the alphabet.
    static func expectedCheckCharacter(of code: String) -> Character? {
        var sum = 0
        var count = 0
        for byte in code.utf8.prefix(17) {
            let value = values[Int(byte)]
            guard value >= 0 else { return nil }
            sum += value * weights[count]
            count += 1
        }
        guard count == 17 else { return nil }
        return Character(Unicode.Scalar(alphabet[(31 - sum % 31) % 31]))
    }

    static func isValid(_ code: String) -> Bool {
        code.utf8.count == 18 && expectedCheckCharacter(of: code).map { $0.asciiValue == code.utf8.last } == true
    }
}
