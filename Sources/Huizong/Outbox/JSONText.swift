/// JSON as huizong writes it, made as UTF-8 bytes: pretty-printed with two-space indents, object
/// members in the order given. `JSONValue.rendered` is made here, and the long lists of
/// `report.json` are written member by member, without a `JSONValue` per entry.
struct JSONText {
    private(set) var bytes: [UInt8] = []

    /// Hands over the bytes made so far and starts empty, for writing a large document in pieces.
    mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    /// Appends `text` as it is: punctuation, line ends, indents.
    mutating func appendRaw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `value` as `JSONValue.rendered(indent:)` renders it.
    mutating func append(_ value: JSONValue, indent: String) {
        switch value {
        case .null: appendRaw("null")
        case .bool(let b): appendRaw(b ? "true" : "false")
        case .int(let i): appendRaw(String(i))
        case .number(let x): appendRaw(x.isFinite ? String(x) : "null")
        case .string(let s): appendString(s)
        case .array(let items):
            guard !items.isEmpty else { return appendRaw("[]") }
            let inner = indent + "  "
            for (i, item) in items.enumerated() {
                appendRaw(i == 0 ? "[\n" + inner : ",\n" + inner)
                append(item, indent: inner)
            }
            appendRaw("\n" + indent + "]")
        case .object(let pairs):
            guard !pairs.isEmpty else { return appendRaw("{}") }
            for (i, (key, member)) in pairs.enumerated() {
                appendKey(key, first: i == 0, indent: indent)
                append(member, indent: indent + "  ")
            }
            endObject(indent: indent)
        }
    }

    /// Starts an object member of an object at `indent`: `{` before the first, a comma before any
    /// other, then the key; its value follows.
    mutating func appendKey(_ key: String, first: Bool, indent: String) {
        appendRaw((first ? "{\n" : ",\n") + indent + "  ")
        appendString(key)
        appendRaw(": ")
    }

    /// Ends an object at `indent` whose members `appendKey` began.
    mutating func endObject(indent: String) {
        appendRaw("\n" + indent + "}")
    }

    /// Appends `text` quoted: `"` and `\` escaped, the control characters and U+2028 and U+2029
    /// (which end a line in JavaScript) as escapes.
    mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var i = 0
            while i < utf8.count {
                let byte = utf8[i]
                switch byte {
                case UInt8(ascii: "\""): appendRaw("\\\"")
                case UInt8(ascii: "\\"): appendRaw("\\\\")
                case 10: appendRaw("\\n")
                case 13: appendRaw("\\r")
                case 9: appendRaw("\\t")
                case 0..<0x20: appendEscape(UInt32(byte))
                case 0xE2 where i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
                    appendEscape(0x2000 + UInt32(utf8[i + 2] - 0x80))
                    i += 2
                default: bytes.append(byte)
                }
                i += 1
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `\u` and four lowercase hex digits.
    private mutating func appendEscape(_ scalar: UInt32) {
        let hex = String(scalar, radix: 16)
        appendRaw("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
    }
}
