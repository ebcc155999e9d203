/// Text as SpreadsheetML holds it: XML-escaped, and with the characters that XML 1.0 cannot hold at all
/// written as `_xHHHH_`, the escape Excel uses (and reads back) for them.
enum XMLText {
    /// `text` escaped for element content (`inAttribute: false`) or a double-quoted attribute value.
    static func escaped(_ text: String, inAttribute: Bool) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes, inAttribute: inAttribute)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The longest prefix of whole characters of `text` within `count` UTF-16 units, the unit in which
    /// Excel counts its length limits.
    static func truncated(_ text: Substring, toUTF16Count count: Int) -> String {
        var result = ""
        for character in text {
            guard result.utf16.count + character.utf16.count <= count else { break }
            result.append(character)
        }
        return result
    }

    /// A `<t>` element holding `text`. Blanks at either end get `xml:space="preserve"`, without which
    /// Excel drops them.
    static func textElement(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendTextElement(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendTextElement(_ text: String, to bytes: inout [UInt8]) {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == 9 || byte == 10 || byte == 13 }
        if let first = text.utf8.first, let last = text.utf8.last, isBlank(first) || isBlank(last) {
            bytes.append(contentsOf: "<t xml:space=\"preserve\">".utf8)
        } else {
            bytes.append(contentsOf: "<t>".utf8)
        }
        append(text, to: &bytes, inAttribute: false)
        bytes.append(contentsOf: "</t>".utf8)
    }

    /// Appends `text`, escaped, to `bytes`: the per-cell path, without an intermediate String.
    ///
    /// - Control characters other than tab, LF and CR, and U+FFFE and U+FFFF, become `_xHHHH_`.
    /// - A `_` that starts what would read as such an escape becomes `_x005F_`, so it reads back as itself.
    /// - CR is a character reference everywhere, and tab and LF in attributes, because XML readers
    ///   turn a literal CR into LF and, in attributes, tab and LF into spaces.
    static func append(_ text: String, to bytes: inout [UInt8], inAttribute: Bool) {
        var text = text
        text.withUTF8 { utf8 in
            // Most cells hold nothing to escape: copied whole.
            guard utf8.contains(where: mayNeedEscaping) else {
                bytes.append(contentsOf: utf8)
                return
            }
            var i = 0
            while i < utf8.count {
                let byte = utf8[i]
                switch byte {
                case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\"") where inAttribute: bytes.append(contentsOf: "&quot;".utf8)
                case 13: bytes.append(contentsOf: "&#13;".utf8)
                case 9 where inAttribute: bytes.append(contentsOf: "&#9;".utf8)
                case 10 where inAttribute: bytes.append(contentsOf: "&#10;".utf8)
                case 9, 10: bytes.append(byte)
                case 0..<32: appendEscape(UInt16(byte), to: &bytes)
                case UInt8(ascii: "_") where startsEscape(utf8, at: i): appendEscape(0x5F, to: &bytes)
                case 0xEF where i + 2 < utf8.count && utf8[i + 1] == 0xBF && utf8[i + 2] >= 0xBE:
                    // U+FFFE or U+FFFF (EF BF BE, EF BF BF), which XML 1.0 excludes.
                    appendEscape(0xFFFE + UInt16(utf8[i + 2] - 0xBE), to: &bytes)
                    i += 2
                default: bytes.append(byte)
                }
                i += 1
            }
        }
    }

    /// The bytes `append` may write otherwise than as they are.
    private static func mayNeedEscaping(_ byte: UInt8) -> Bool {
        switch byte {
        case 0..<32, UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "_"), 0xEF: true
        default: false
        }
    }

    /// Whether `_xHHHH_` (four hex digits) starts at `index`.
    private static func startsEscape(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 6 < utf8.count, utf8[index + 1] == UInt8(ascii: "x"), utf8[index + 6] == UInt8(ascii: "_") else {
            return false
        }
        return utf8[(index + 2)..<(index + 6)].allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "a")...UInt8(ascii: "f"): true
            default: false
            }
        }
    }

    private static func appendEscape(_ codeUnit: UInt16, to bytes: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        bytes.append(contentsOf: "_x".utf8)
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(hex[Int(codeUnit >> UInt16(shift)) & 0xF])
        }
        bytes.append(UInt8(ascii: "_"))
    }
}
