/// A text encoding huizong reads CSV returns in. The raw value is the name reports show, and also
/// the name iconv knows it by.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case gb18030 = "GB18030"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
}

/// Decides the encoding of a text file by PRODUCT §5, from its bytes fed in chunks.
///
/// A byte-order mark fixes the encoding: whatever follows is decoded in it, and bytes invalid in it
/// are an encoding error for the reader to report, never a reason to guess again. Without a BOM the
/// file is UTF-8 when every byte of it is valid UTF-8, else GB18030 — what Excel on a Chinese
/// Windows writes. UTF-8 is tried first because GB18030 accepts almost any byte sequence, so valid
/// UTF-8 would otherwise be misread as GB18030.
public struct TextEncodingDetector {
    /// What the bytes showed: the encoding, and the length of the BOM to skip (0 without one).
    public struct Detection: Equatable, Sendable {
        public let encoding: TextEncoding
        public let byteOrderMarkLength: Int
        /// Without a BOM, where the bytes stopped being UTF-8: why GB18030 was chosen.
        public var firstNonUTF8Byte: Int? = nil
    }

    private static let byteOrderMarks: [(bytes: [UInt8], encoding: TextEncoding)] = [
        ([0xEF, 0xBB, 0xBF], .utf8),
        ([0xFF, 0xFE], .utf16LE),
        ([0xFE, 0xFF], .utf16BE),
    ]
    private static let longestByteOrderMark = 3

    /// The first bytes of the file, kept until they show whether a BOM starts it.
    private var head: [UInt8] = []
    private var lookedForBOM = false
    private var validator = UTF8Validator()
    private var detection: Detection?

    public init() {}

    /// Looks at the next chunk of the file.
    ///
    /// - Returns: the detection once the bytes seen settle it (a BOM, or a byte that is not UTF-8);
    ///   nil while more of the file is needed.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) -> Detection? {
        if let detection { return detection }
        var rest = chunk
        if !lookedForBOM {
            let taken = min(Self.longestByteOrderMark - head.count, chunk.count)
            head.append(contentsOf: chunk.prefix(taken))
            rest = UnsafeBufferPointer(rebasing: chunk[taken...])
            if let mark = Self.byteOrderMarks.first(where: { head.starts(with: $0.bytes) }) {
                detection = Detection(encoding: mark.encoding, byteOrderMarkLength: mark.bytes.count)
                return detection
            }
            if Self.byteOrderMarks.contains(where: { $0.bytes.starts(with: head) }) { return nil }
            lookedForBOM = true
            checkUTF8(head)
        }
        checkUTF8(rest)
        return detection
    }

    /// Ends the file.
    ///
    /// - Returns: the detection for the whole file.
    public mutating func finish() -> Detection {
        if !lookedForBOM {
            lookedForBOM = true
            checkUTF8(head)
        }
        if detection == nil, let offset = validator.finish() {
            detection = Self.notUTF8(at: offset)
        }
        return detection ?? Detection(encoding: .utf8, byteOrderMarkLength: 0)
    }

    /// The detection for bytes held in memory.
    public static func detect(_ bytes: [UInt8]) -> Detection {
        var detector = TextEncodingDetector()
        return bytes.withUnsafeBufferPointer { detector.feed($0) } ?? detector.finish()
    }

    private mutating func checkUTF8(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { checkUTF8($0) }
    }

    private mutating func checkUTF8(_ bytes: UnsafeBufferPointer<UInt8>) {
        if detection == nil, let offset = validator.validate(bytes) {
            detection = Self.notUTF8(at: offset)
        }
    }

    private static func notUTF8(at offset: Int) -> Detection {
        Detection(encoding: .gb18030, byteOrderMarkLength: 0, firstNonUTF8Byte: offset)
    }
}
