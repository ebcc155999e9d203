import Foundation

/// A list of strings as one BLOB column: each string as `<UTF-8 length>:<UTF-8 bytes>`.
///
/// Unambiguous whatever the strings hold, and a BLOB so that SQLite keeps every byte: a clerk's
/// cell may contain a NUL, which text columns cut off. Far cheaper than JSON for the million rows
/// of a large return.
enum PackedStrings {
    static func encode(_ strings: [String]) -> Data {
        var bytes: [UInt8] = []
        for s in strings {
            bytes.append(contentsOf: String(s.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: s.utf8)
        }
        return Data(bytes)
    }

    /// - Returns: nil when `packed` was not made by `encode`.
    static func decode(_ packed: Data) -> [String]? {
        var result: [String] = []
        var bytes = packed[...]
        while !bytes.isEmpty {
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
                  let length = Int(String(decoding: bytes[..<colon], as: UTF8.self)) else { return nil }
            let start = bytes.index(after: colon)
            guard let end = bytes.index(start, offsetBy: length, limitedBy: bytes.endIndex) else { return nil }
            result.append(String(decoding: bytes[start..<end], as: UTF8.self))
            bytes = bytes[end...]
        }
        return result
    }

    /// Decodes a stored list; one that does not decode means the store is damaged.
    static func stored(_ packed: Data, in store: String) throws(StoreError) -> [String] {
        guard let strings = decode(packed) else { throw StoreError(path: store, reason: "a stored row cannot be read") }
        return strings
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
