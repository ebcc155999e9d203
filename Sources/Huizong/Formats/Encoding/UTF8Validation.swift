/// Checks that a byte stream is well-formed UTF-8 as the Unicode standard defines it (Table 3-7):
/// no overlong forms, no surrogates, nothing above U+10FFFF.
///
/// It is streaming, because encoding detection must see a whole file that is never held in memory:
/// a sequence cut by a chunk boundary is completed by the next chunk. Runs of ASCII, most of a
/// return, are checked eight bytes at a time, and a character whose bytes are all in the chunk
/// (the Chinese of names and villages) at once; only a sequence the chunk cuts goes byte by byte.
/// Offsets count from the first byte fed.
public struct UTF8Validator {
    /// Continuation bytes the current sequence still needs.
    private var needed = 0
    /// The range the next continuation byte must fall in; narrower than 80...BF after E0, ED, F0
    /// and F4, which is what excludes overlongs, surrogates and values above U+10FFFF.
    private var lowest: UInt8 = 0x80
    private var highest: UInt8 = 0xBF
    private var sequenceStart = 0
    private var streamOffset = 0

    public init() {}

    /// Checks the next bytes of the stream.
    ///
    /// - Returns: the stream offset of the first ill-formed sequence (its first byte), or nil when
    ///   everything so far is well-formed. After a non-nil result the validator is spent.
    public mutating func validate(_ chunk: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        // First the rest of a sequence the chunk before cut.
        while needed > 0, index < chunk.count {
            guard takeContinuation(chunk[index]) else { return sequenceStart }
            index += 1
        }
        guard let base = chunk.baseAddress else { return nil }
        while index < chunk.count {
            index = Self.skipASCII(in: chunk, from: index)
            guard index < chunk.count else { break }
            if chunk[index] < 0x80 {
                index += 1
                continue
            }
            switch Self.sequence(in: base, at: index, end: chunk.count) {
            case .character(let length): index += length
            case .invalid: return streamOffset + index
            case .cut: return validateByteByByte(chunk, from: index)
            }
        }
        streamOffset += chunk.count
        return nil
    }

    /// `validate(_:)` from `start`, a byte at a time: for the sequence the chunk's end cuts.
    private mutating func validateByteByByte(_ chunk: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let count = chunk.count
        var index = start
        while index < count {
            if needed == 0 {
                index = Self.skipASCII(in: chunk, from: index)
                guard index < count else { break }
                let lead = chunk[index]
                sequenceStart = streamOffset + index
                index += 1
                switch lead {
                case 0x00...0x7F: continue
                case 0xC2...0xDF: expect(1, 0x80, 0xBF)
                case 0xE0: expect(2, 0xA0, 0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: expect(2, 0x80, 0xBF)
                case 0xED: expect(2, 0x80, 0x9F)
                case 0xF0: expect(3, 0x90, 0xBF)
                case 0xF1...0xF3: expect(3, 0x80, 0xBF)
                case 0xF4: expect(3, 0x80, 0x8F)
                default: return sequenceStart
                }
            } else {
                guard takeContinuation(chunk[index]) else { return sequenceStart }
                index += 1
            }
        }
        streamOffset += count
        return nil
    }

    /// Ends the stream.
    ///
    /// - Returns: the stream offset of a sequence the stream ended in the middle of, else nil.
    public func finish() -> Int? {
        needed > 0 ? sequenceStart : nil
    }

    /// The offset of the first ill-formed sequence in `bytes`, or nil when they are all UTF-8.
    public static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
        var validator = UTF8Validator()
        return bytes.withUnsafeBufferPointer { validator.validate($0) } ?? validator.finish()
    }

    /// What the bytes at `at` hold, the first of which is not ASCII.
    enum Sequence {
        /// A character of `length` bytes.
        case character(length: Int)
        /// The beginning of a character, cut by `end`.
        case cut
        /// Bytes that are not UTF-8.
        case invalid
    }

    /// Reads the sequence at `at` of `bytes`, whose first byte is not ASCII, without reading at or
    /// past `end`: for a scanner that checks UTF-8 as it reads rather than in a pass of its own.
    @inline(__always)
    static func sequence(in bytes: UnsafePointer<UInt8>, at: Int, end: Int) -> Sequence {
        let lead = bytes[at]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xED: length = 3; high = 0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return .invalid
        }
        for offset in 1..<length {
            if at + offset == end { return .cut }
            let byte = bytes[at + offset]
            guard byte >= (offset == 1 ? low : 0x80), byte <= (offset == 1 ? high : 0xBF) else { return .invalid }
        }
        return .character(length: length)
    }

    /// Takes `byte` as the next continuation byte of the current sequence; false when it is not one.
    private mutating func takeContinuation(_ byte: UInt8) -> Bool {
        guard byte >= lowest && byte <= highest else { return false }
        expect(needed - 1, 0x80, 0xBF)
        return true
    }

    private mutating func expect(_ continuations: Int, _ low: UInt8, _ high: UInt8) {
        needed = continuations
        lowest = low
        highest = high
    }

    private static func skipASCII(in chunk: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = chunk.baseAddress else { return start }
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var index = start
        while index + 8 <= chunk.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if word & highBits != 0 { break }
            index += 8
        }
        return index
    }
}
