/// Reads markup written the plainest way, for a receiver's shortcut (`XMLScanEvents.shortcut(_:)`):
/// literal tags, names of ASCII without a prefix, attributes each after one space with a name of
/// ASCII letters and a value of ASCII letters and digits in double quotes, and text with nothing to
/// resolve or look at twice.
///
/// Whatever it accepts is well-formed XML that `XMLScanner` would hand on as the same names, values
/// and text. Anything else makes the shortcut give up, and the scanner reads those bytes the usual
/// way, finding what is wrong with them if anything is.
struct PlainMarkup {
    private let bytes: UnsafePointer<UInt8>
    private let end: Int
    /// How many bytes have been read.
    private(set) var offset = 0

    init(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes = utf8.baseAddress ?? UnsafePointer(bitPattern: 1)!
        end = utf8.count
    }

    /// Reads `literal`, ASCII markup such as `<c` or `</v></c>`.
    ///
    /// - Returns: true when the next bytes are it.
    mutating func read(_ literal: StaticString) -> Bool {
        read(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Reads `expected`, such as the name of the element an end tag closes.
    ///
    /// - Returns: true when the next bytes are it.
    mutating func read(_ expected: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = expected.count
        guard end - offset >= count, count == 0 || sameBytes(bytes + offset, expected.baseAddress!, count) else { return false }
        offset += count
        return true
    }

    /// Reads a name of ASCII letters, digits, `_`, `-` and `.` that starts with a letter or `_`:
    /// a name as XML reads it, without a namespace prefix.
    ///
    /// - Returns: the name; nil when the next bytes do not start one, and nothing is read.
    mutating func name() -> UnsafeBufferPointer<UInt8>? {
        guard offset < end, Self.isLetter(bytes[offset]) || bytes[offset] == UInt8(ascii: "_") else { return nil }
        let start = offset
        var index = offset + 1
        while index < end, Self.isNameCharacter(bytes[index]) { index += 1 }
        offset = index
        return UnsafeBufferPointer(start: bytes + start, count: index - start)
    }

    /// Reads ` name="value"`: one space, a name of ASCII letters and a value of ASCII letters and
    /// digits, which is then the same resolved or not.
    ///
    /// - Returns: the name and the value; nil when the next bytes are not that, and nothing is read.
    mutating func attribute() -> (name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>)? {
        guard offset < end, bytes[offset] == UInt8(ascii: " ") else { return nil }
        let nameStart = offset + 1
        var index = nameStart
        while index < end, Self.isLetter(bytes[index]) { index += 1 }
        let nameEnd = index
        guard nameEnd > nameStart, end - index >= 2, bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: "\"") else {
            return nil
        }
        let valueStart = index + 2
        index = valueStart
        while index < end, Self.isLetter(bytes[index]) || Self.isDigit(bytes[index]) { index += 1 }
        guard index > valueStart, index < end, bytes[index] == UInt8(ascii: "\"") else { return nil }
        offset = index + 1
        return (UnsafeBufferPointer(start: bytes + nameStart, count: nameEnd - nameStart),
                UnsafeBufferPointer(start: bytes + valueStart, count: index - valueStart))
    }

    /// Reads text up to the next `<`: characters XML allows, with no reference, line end or `]`
    /// (which might begin `]]>`) among them.
    ///
    /// - Returns: the text, which may be empty; nil when it holds anything else or the bytes end
    ///   before a `<`, and nothing is read.
    mutating func text() -> UnsafeBufferPointer<UInt8>? {
        var index = offset
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                defer { offset = index }
                return UnsafeBufferPointer(start: bytes + offset, count: index - offset)
            }
            if byte < 0x80 {
                guard byte >= 0x20 || byte == UInt8(ascii: "\t"), byte != UInt8(ascii: "&"), byte != UInt8(ascii: "]") else {
                    return nil
                }
                index += 1
            } else {
                guard case .character(let length) = UTF8Validator.sequence(in: bytes, at: index, end: end),
                      !isNoncharacterFFFEOrFFFF(bytes + index) else { return nil }
                index += length
            }
        }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isNameCharacter(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}

/// True for U+FFFE and U+FFFF, which UTF-8 encodes but XML does not allow, given the three bytes of
/// a character that is UTF-8.
@inline(__always)
func isNoncharacterFFFEOrFFFF(_ character: UnsafePointer<UInt8>) -> Bool {
    character[0] == 0xEF && character[1] == 0xBF && character[2] >= 0xBE
}
