extension Array where Element == UInt8 {
    /// Appends `text` after its length as a LEB128 number (one byte below 128): texts one after
    /// another, each found from where the one before it ends.
    mutating func appendLengthPrefixed(_ text: String) {
        var text = text
        text.withUTF8 { appendLengthPrefixed(utf8: $0) }
    }

    mutating func appendLengthPrefixed(utf8 text: UnsafeBufferPointer<UInt8>) {
        var length = text.count
        while length >= 0x80 {
            append(UInt8(length & 0x7F) | 0x80)
            length >>= 7
        }
        append(UInt8(length))
        append(contentsOf: text)
    }
}

extension UnsafeRawBufferPointer {
    /// Where the text whose length starts at `offset` lies, as `appendLengthPrefixed` wrote it; nil
    /// when its length or its bytes run past `end`, so that damaged bytes are never read beyond.
    func lengthPrefixedText(at offset: Int, end: Int) -> Range<Int>? {
        var position = offset
        var length = 0
        var shift = 0
        // Lengths are below 2^32, so at most five length bytes.
        while position < end, shift <= 28 {
            let byte = self[position]
            position += 1
            length |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                return length <= end - position ? position..<(position + length) : nil
            }
            shift += 7
        }
        return nil
    }
}
