import Foundation

/// A list of strings as one BLOB column: each string as `<UTF-8 length>:<UTF-8 bytes>`.
///
/// Unambiguous whatever the strings hold, and a BLOB so that SQLite keeps every byte: a clerk's
/// cell may contain a NUL, which text columns cut off. Far cheaper than JSON for the million rows
/// of a large return.
enum PackedStrings {
    static func encode(_ strings: [String]) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(strings.reduce(0) { $0 + $1.utf8.count + 4 })
        for var s in strings {
            s.withUTF8 { append($0, to: &bytes) }
        }
        return Data(bytes)
    }

    /// A row's cells as `encode` makes their texts, from their bytes.
    static func encode(_ cells: RowCells) -> Data {
        cells.withUTF8Cells { cells in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(cells.bytes.count + 4 * cells.ends.count)
            for i in cells.ends.indices { append(cells[i], to: &bytes) }
            return Data(bytes)
        }
    }

    /// Appends one text: its length in decimal digits, a colon, its bytes.
    private static func append(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        // The digits come lowest first, then are put the right way round.
        let start = bytes.count
        var length = utf8.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(length % 10))
            length /= 10
        } while length > 0
        bytes[start...].reverse()
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: utf8)
    }

    /// - Returns: nil when `packed` was not made by `encode`.
    static func decode(_ packed: Data) -> [String]? {
        var result: [String] = []
        let isWhole = forEachString(in: packed) { result.append(String(decoding: $0, as: UTF8.self)) }
        return isWhole ? result : nil
    }

    /// The string at `index` alone; nil when there is none or `packed` was not made by `encode`.
    static func string(at index: Int, in packed: Data) -> String? {
        var found: String?
        var position = 0
        let isWhole = forEachString(in: packed) { bytes in
            if position == index { found = String(decoding: bytes, as: UTF8.self) }
            position += 1
        }
        return isWhole ? found : nil
    }

    /// Calls `body` with the UTF-8 of each string in turn.
    /// - Returns: false, having stopped, where `packed` stops reading as `encode` made it.
    private static func forEachString(in packed: Data, _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        packed.withUnsafeBytes { raw -> Bool in
            let bytes = raw.assumingMemoryBound(to: UInt8.self)
            var i = 0
            while i < bytes.count {
                let digits = i
                var length = 0
                while i < bytes.count, bytes[i] != UInt8(ascii: ":") {
                    guard bytes[i].isASCIIDigit, i - digits < 18 else { return false }
                    length = length * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                    i += 1
                }
                guard i < bytes.count, i > digits, length <= bytes.count - i - 1 else { return false }
                i += 1
                body(UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]))
                i += length
            }
            return true
        }
    }

    /// Decodes a stored list; one that does not decode means the store is damaged.
    static func stored(_ packed: Data, in store: String) throws(StoreError) -> [String] {
        guard let strings = decode(packed) else { throw damaged(store) }
        return strings
    }

    /// A stored list checked as `stored` checks it, left packed: read without making its strings.
    static func checked(_ packed: Data, in store: String) throws(StoreError) -> Data {
        guard forEachString(in: packed, { _ in }) else { throw damaged(store) }
        return packed
    }

    private static func damaged(_ store: String) -> StoreError {
        StoreError(path: store, reason: "a stored row cannot be read")
    }
}

/// Text kept as a BLOB of its UTF-8, so that SQLite keeps a NUL inside it.
enum StoredText {
    static func encode(_ text: String?) -> Data? {
        text.map { Data($0.utf8) }
    }

    static func decode(_ data: Data?) -> String? {
        data.map { String(decoding: $0, as: UTF8.self) }
    }
}
