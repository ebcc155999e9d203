/// What people really type, made canonical (PRODUCT §3.3).
enum Normalisation {
    /// Full-width forms to half-width, invisible characters removed, surrounding white space
    /// trimmed, Excel's leading `'` dropped; codes upper-cased and without inner spaces.
    static func cell(_ raw: String, isCode: Bool) -> String {
        var raw = raw
        if raw.withUTF8({ keepsAsIs($0, isCode: isCode) }) { return raw }
        var text = halfWidth(withoutInvisibles(raw)).trimmingWhiteSpace()
        if text.hasPrefix("'") {
            text = String(text.dropFirst()).trimmingWhiteSpace()
        }
        guard isCode else { return text }
        if text.unicodeScalars.contains(where: \.isWhiteSpace) {
            text.unicodeScalars.removeAll(where: \.isWhiteSpace)
        }
        return text.uppercased()
    }

    /// True when `cell(_:isCode:)` gives these bytes back as they are, as it does most cells: printable
    /// ASCII or Chinese text, with no space and no leading `'`, and a code without lower case.
    static func keepsAsIs(_ raw: UnsafeBufferPointer<UInt8>, isCode: Bool) -> Bool {
        guard raw.first != UInt8(ascii: "'") else { return false }
        if isCode { return raw.allSatisfy { $0 > 0x20 && $0 < 0x7F && !(UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) } }
        return raw.allSatisfy(isPlainTextByte)
    }

    /// True for a byte of printable ASCII other than a space, or of a character no rule here changes.
    /// Every character the rules touch (white space beyond ASCII, the invisible ones, full-width forms
    /// and the ideographic space) is U+0085–U+00A0 or lies in U+1000–U+3FFF or U+F000–U+FFFF, so
    /// its UTF-8 starts with C2, E1, E2, E3 or EF; Chinese characters start with E4–E9.
    private static func isPlainTextByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21..<0x7F, 0x80...0xC1, 0xC3...0xE0, 0xE4...0xEE, 0xF0...0xFF: true
        default: false
        }
    }

    /// Characters a clerk cannot see but a copy from a web page or a second BOM brings along:
    /// U+FEFF, the zero-width space and joiners U+200B–U+200D, and the word joiner U+2060.
    static func withoutInvisibles(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: \.isInvisible) else { return text }
        var copy = text
        copy.unicodeScalars.removeAll(where: \.isInvisible)
        return copy
    }

    /// `9.13302E+17`: what a spreadsheet shows after turning a long code into a number.
    static func looksLikeScientificNumber(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let e = utf8.firstIndex(of: UInt8(ascii: "E")) else { return false }
        let mantissa = utf8[..<e]
        var exponent = utf8[(e + 1)...]
        if exponent.first == UInt8(ascii: "+") { exponent = exponent.dropFirst() }
        let parts = mantissa.split(separator: UInt8(ascii: "."), maxSplits: 2, omittingEmptySubsequences: false)
        return !exponent.isEmpty && exponent.allSatisfy(\.isASCIIDigit)
            && parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }

    /// Maps U+FF01…U+FF5E to ASCII and the ideographic space U+3000 to a space.
    static func halfWidth(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= 0x3000 && ($0.value == 0x3000 || (0xFF01...0xFF5E).contains($0.value)) }) else {
            return text
        }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x3000: scalars.append(" ")
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}

/// Header labels compared as PRODUCT §3 says: surrounding spaces ignored, full- and half-width
/// brackets, colons and spaces alike.
enum HeaderText {
    static func key(_ label: String) -> String {
        Normalisation.halfWidth(Normalisation.withoutInvisibles(label)).trimmingWhiteSpace()
    }
}

extension String {
    func trimmingWhiteSpace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhiteSpace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isWhiteSpace })!
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}

extension Unicode.Scalar {
    var isInvisible: Bool {
        switch value {
        case 0xFEFF, 0x200B...0x200D, 0x2060: true
        default: false
        }
    }

    /// The Unicode White_Space property, spelled out: this runs for every cell, and the general
    /// property look-up costs far more than these comparisons.
    var isWhiteSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20: true
        case 0x21..<0x85: false
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
