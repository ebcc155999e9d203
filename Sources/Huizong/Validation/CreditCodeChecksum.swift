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
        var code = code
        return code.withUTF8(expectedCheckCharacter(utf8:))
    }

    /// The same over the code's UTF-8.
    static func expectedCheckCharacter(utf8 code: UnsafeBufferPointer<UInt8>) -> Character? {
        expectedCheckByte(code).map { Character(Unicode.Scalar($0)) }
    }

    static func isValid(_ code: String) -> Bool {
        var code = code
        return code.withUTF8(isValid)
    }

    /// The same over the code's UTF-8, as a cell holds it.
    static func isValid(_ code: UnsafeBufferPointer<UInt8>) -> Bool {
        code.count == 18 && expectedCheckByte(code) == code[17]
    }

    private static func expectedCheckByte(_ code: UnsafeBufferPointer<UInt8>) -> UInt8? {
        guard code.count >= 17 else { return nil }
        var sum = 0
        for (place, weight) in weights.enumerated() {
            let value = values[Int(code[place])]
            guard value >= 0 else { return nil }
            sum += value * weight
        }
        return alphabet[(31 - sum % 31) % 31]
    }
}
