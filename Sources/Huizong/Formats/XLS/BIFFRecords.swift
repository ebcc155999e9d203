/// The record types of a BIFF8 workbook stream ([MS-XLS] 2.3) that huizong reads.
enum BIFFRecordType {
    static let bof: UInt16 = 0x0809
    static let eof: UInt16 = 0x000A
    static let filePass: UInt16 = 0x002F
    static let dateMode: UInt16 = 0x0022
    static let boundSheet: UInt16 = 0x0085
    static let sharedStrings: UInt16 = 0x00FC
    static let continuation: UInt16 = 0x003C
    static let format: UInt16 = 0x041E
    static let extendedFormat: UInt16 = 0x00E0
    static let labelSST: UInt16 = 0x00FD
    static let label: UInt16 = 0x0204
    static let richString: UInt16 = 0x00D6
    static let rk: UInt16 = 0x027E
    static let multipleRK: UInt16 = 0x00BD
    static let number: UInt16 = 0x0203
    static let booleanOrError: UInt16 = 0x0205
    static let formula: UInt16 = 0x0006
    /// A formula's string result, after its FORMULA record.
    static let string: UInt16 = 0x0207
    /// The BOF records of BIFF2, BIFF3 and BIFF4, which are not BIFF8's.
    static let olderBOFs: Set<UInt16> = [0x0009, 0x0209, 0x0409]
}

/// The values a BOF record's fields take in BIFF8.
enum BIFFSubstream {
    /// `vers` of a BIFF8 BOF; BIFF5 (Excel 5.0 and 95) has 0x0500.
    static let biff8Version: UInt16 = 0x0600
    static let globals: UInt16 = 0x0005
    static let worksheet: UInt16 = 0x0010
}

/// One record: its type and where its payload lies in the stream.
struct BIFFRecord {
    var type: UInt16
    /// The offset of the payload, after the 4-byte header.
    var start: Int
    var length: Int

    /// The offset of the record after this one.
    var end: Int { start + length }
}

/// A workbook stream held in memory, read record by record with unaligned little-endian loads.
///
/// The bytes are copied once into memory of its own, so that the sheet readers reach them through
/// a raw pointer without the cost of an array's checks and retains on every cell.
final class BIFFStream {
    let bytes: UnsafeRawBufferPointer

    init(_ bytes: [UInt8]) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        bytes.withUnsafeBytes { copy.copyMemory(from: $0) }
        self.bytes = UnsafeRawBufferPointer(rebasing: copy[..<bytes.count])
    }

    deinit {
        bytes.deallocate()
    }

    var count: Int { bytes.count }

    /// The record whose header starts at `offset`, or nil at the end of the stream.
    ///
    /// - Throws: `.corruptWorkbook` when the header or the payload runs past the end.
    func record(at offset: Int) throws(ReadProblem) -> BIFFRecord? {
        guard offset < bytes.count else { return nil }
        guard offset + 4 <= bytes.count else {
            throw .corruptWorkbook(reason: "the workbook stream ends inside a record header at byte \(offset)")
        }
        let record = BIFFRecord(type: uint16(offset), start: offset + 4, length: Int(uint16(offset + 2)))
        guard record.end <= bytes.count else {
            throw .corruptWorkbook(reason: "the record at byte \(offset) declares \(record.length) bytes, past the end of the workbook stream")
        }
        return record
    }

    /// The record at `offset` and the CONTINUE records that follow it, which carry on its payload.
    ///
    /// - Returns: the payloads in order, and the offset of the record after the last of them.
    func continuedRecord(at offset: Int) throws(ReadProblem) -> (segments: [Range<Int>], end: Int)? {
        guard let first = try record(at: offset) else { return nil }
        var segments = [first.start..<first.end]
        var next = first.end
        while let record = try record(at: next), record.type == BIFFRecordType.continuation {
            segments.append(record.start..<record.end)
            next = record.end
        }
        return (segments, next)
    }

    func uint16(_ offset: Int) -> UInt16 {
        UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    func uint32(_ offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    func double(_ offset: Int) -> Double {
        Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
    }

    /// An RK number ([MS-XLS] 2.5.217): bit 1 says the upper 30 bits are an integer rather than the
    /// upper bits of a double, and bit 0 that the value is a hundredth of that.
    static func rkValue(_ rk: UInt32) -> Double {
        let value = rk & 0x02 != 0 ? Double(Int32(bitPattern: rk) >> 2) : Double(bitPattern: UInt64(rk & 0xFFFF_FFFC) << 32)
        return rk & 0x01 != 0 ? value / 100 : value
    }

    /// A cursor over the payload of a record that has no CONTINUE records.
    func cursor(_ record: BIFFRecord) -> BIFFCursor {
        BIFFCursor(stream: self, segments: [record.start..<record.end])
    }
}

/// Reads a payload that CONTINUE records may carry on: numbers and bytes run on from one segment
/// into the next, but a string's characters do not. Where characters are split, the next segment
/// starts with a byte of its own saying whether the rest are one byte (Latin-1) or two (UTF-16LE)
/// each, which need not be what the string's header said ([MS-XLS] 2.5.293).
struct BIFFCursor {
    private let stream: BIFFStream
    private let segments: [Range<Int>]
    private var segment = 0
    private var offset: Int
    /// UTF-16 code units of the string being read, kept to be reused.
    private var units: [UInt16] = []

    init(stream: BIFFStream, segments: [Range<Int>]) {
        self.stream = stream
        self.segments = segments
        offset = segments.first?.lowerBound ?? 0
    }

    /// True when every segment has been read.
    var isAtEnd: Bool {
        mutating get {
            skipEmptySegments()
            return offset >= segments[segment].upperBound
        }
    }

    mutating func byte() throws(ReadProblem) -> UInt8 {
        skipEmptySegments()
        guard offset < segments[segment].upperBound else { throw Self.endReached }
        defer { offset += 1 }
        return stream.bytes[offset]
    }

    mutating func uint16() throws(ReadProblem) -> UInt16 {
        try UInt16(byte()) | UInt16(byte()) << 8
    }

    mutating func uint32() throws(ReadProblem) -> UInt32 {
        try UInt32(uint16()) | UInt32(uint16()) << 16
    }

    /// Skips `count` bytes, across segments.
    mutating func skip(_ count: Int) throws(ReadProblem) {
        var left = count
        while left > 0 {
            skipEmptySegments()
            let available = segments[segment].upperBound - offset
            guard available > 0 else { throw Self.endReached }
            let step = min(available, left)
            offset += step
            left -= step
        }
    }

    /// A string with a 1-byte character count (ShortXLUnicodeString) or a 2-byte one
    /// (XLUnicodeString), then a flags byte: rich-text runs and phonetic data, when the flags say
    /// they follow the characters, are skipped (XLUnicodeRichExtendedString).
    ///
    /// - Parameter budget: how many more characters the strings read may hold; this string's are
    ///   taken from it.
    /// - Throws: `.workbookTooLarge` when the string does not fit in `budget`, `.corruptWorkbook`
    ///   when the records end before it does.
    mutating func string(countBytes: Int, budget: inout Int) throws(ReadProblem) -> String {
        let count = countBytes == 1 ? Int(try byte()) : Int(try uint16())
        let flags = try byte()
        let runs = flags & 0x08 != 0 ? Int(try uint16()) : 0
        let phoneticBytes = flags & 0x04 != 0 ? Int(try uint32()) : 0
        guard count <= budget else { throw .workbookTooLarge(limit: "the workbook's strings") }
        budget -= count
        let text = try characters(count, isWide: flags & 0x01 != 0)
        try skip(4 * runs + phoneticBytes)
        return text
    }

    /// `count` characters, the first ones `isWide` or not; where they run into the next segment,
    /// its first byte says whether the rest are.
    private mutating func characters(_ count: Int, isWide: Bool) throws(ReadProblem) -> String {
        units.removeAll(keepingCapacity: true)
        var isWide = isWide
        while units.count < count {
            if offset >= segments[segment].upperBound {
                guard segment + 1 < segments.count else { throw Self.endReached }
                segment += 1
                offset = segments[segment].lowerBound
                isWide = try byte() & 0x01 != 0
                continue
            }
            let width = isWide ? 2 : 1
            let available = (segments[segment].upperBound - offset) / width
            guard available > 0 else {
                throw .corruptWorkbook(reason: "a UTF-16 character is split across records at byte \(offset)")
            }
            let taken = min(available, count - units.count)
            let bytes = stream.bytes
            if isWide {
                for index in 0..<taken {
                    units.append(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 2 * index, as: UInt16.self)))
                }
            } else {
                units += bytes[offset..<offset + taken].lazy.map(UInt16.init)
            }
            offset += taken * width
        }
        return String(decoding: units, as: UTF16.self)
    }

    private mutating func skipEmptySegments() {
        while offset >= segments[segment].upperBound, segment + 1 < segments.count {
            segment += 1
            offset = segments[segment].lowerBound
        }
    }

    private static let endReached = ReadProblem.corruptWorkbook(reason: "a record ends before the data it declares")
}
