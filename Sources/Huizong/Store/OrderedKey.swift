import Foundation

/// A primary key as bytes that sort like the key itself, field by field in code point order, so
/// that SQLite returns versions ready for the consolidated tables without sorting them in memory.
///
/// Each value is its UTF-8 with any 0x00 written as 0x00 0xFF, then the terminator 0x00 0x01: a
/// value that is a prefix of another ends first and so sorts first, and no value can fake a
/// terminator.
enum OrderedKey {
    static func encode(_ values: [String]) -> Data {
        var bytes: [UInt8] = []
        for value in values {
            for byte in value.utf8 {
                bytes.append(byte)
                if byte == 0 { bytes.append(0xFF) }
            }
            bytes.append(0)
            bytes.append(1)
        }
        return Data(bytes)
    }

    /// - Returns: nil when `data` was not made by `encode`.
    static func decode(_ data: Data) -> [String]? {
        var values: [String] = []
        var current: [UInt8] = []
        var escaped = false
        for byte in data {
            if escaped {
                escaped = false
                switch byte {
                case 0xFF: current.append(0)
                case 1:
                    values.append(String(decoding: current, as: UTF8.self))
                    current.removeAll()
                default: return nil
                }
            } else if byte == 0 {
                escaped = true
            } else {
                current.append(byte)
            }
        }
        return escaped || !current.isEmpty ? nil : values
    }
}
