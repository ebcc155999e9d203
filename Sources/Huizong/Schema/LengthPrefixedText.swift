extension Array where Element == UInt8 {
    /// Appends `text` after its length as a LEB128 number (one byte below 128): texts one after
    /// another, each found from where the one before it ends.
    mutating func appendLengthPrefixed(_ text: String) {
        var length = text.utf8.count
        while length >= 0x80 {
            append(UInt8(length & 0x7F) | 0x80)
            length >>= 7
        }
        append(UInt8(length))
        append(contentsOf: text.utf8)
    }
}
