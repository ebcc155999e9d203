/// Plain decimals in their shortest form (PRODUCT §3.3): `96`, `84.5`, `1200`.
enum CanonicalNumber {
    /// Canonical text of a decimal written as `[-]digits[.digits]`, or nil if it is not one.
    static func canonical(_ text: Substring) -> String? {
        var body = text
        var negative = false
        if body.first == "-" {
            negative = true
            body = body.dropFirst()
        } else if body.first == "+" {
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, parts.count <= 2 else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), parts.count == 1 || !fraction.isEmpty,
              whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit) else { return nil }
        var integerPart = whole.drop { $0 == "0" }
        if integerPart.isEmpty { integerPart = "0" }
        var fractionPart = fraction
        while fractionPart.last == "0" { fractionPart = fractionPart.dropLast() }
        var result = String(integerPart)
        if !fractionPart.isEmpty { result += "." + fractionPart }
        if negative, result != "0" { result = "-" + result }
        return result
    }

    /// Canonical text of a number held as a Double (bounds, rule constants).
    static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return canonical(Substring(String(value))) ?? String(value)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
