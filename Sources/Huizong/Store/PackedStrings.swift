/// A list of strings as one text column: each string as `<UTF-8 length>:<string>`.
///
/// Unambiguous whatever the strings hold (a clerk's cell may contain any character), and far
/// cheaper than JSON for the million rows of a large return.
enum PackedStrings {
    static func encode(_ strings: [String]) -> String {
        var out = ""
        for s in strings {
            out += String(s.utf8.count)
            out += ":"
            out += s
        }
        return out
    }

    /// - Returns: nil when `packed` was not made by `encode`.
    static func decode(_ packed: String) -> [String]? {
        var result: [String] = []
        var bytes = packed.utf8[...]
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
}
