import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One sorted run of held rows, written out to a temporary file that no name reaches: the file is
/// unlinked as soon as it is made, so it goes when the run does, or when the process ends however it
/// ends. Where no such file can be made or written (a full disk), the run keeps its bytes in memory.
///
/// A record is the row's unit, month, file and row as little-endian 32-bit numbers, then its kept
/// texts, each after its length (`appendLengthPrefixed`).
final class SpilledRun: @unchecked Sendable {
    /// A record's four numbers.
    static let headerSize = 16
    /// Every this many records, the index notes a record's unit and where it starts.
    static let indexStep = 512

    private enum Storage {
        case file(descriptor: Int32)
        case memory([UInt8])
    }

    private let storage: Storage
    let size: Int
    /// The unit and offset of every `indexStep`th record, from the first.
    let index: [(unit: UInt32, offset: Int)]

    /// Writes `bytes`, records sorted by unit, to a new temporary file, or keeps them.
    init(_ bytes: [UInt8], index: [(unit: UInt32, offset: Int)]) {
        size = bytes.count
        self.index = index
        storage = Self.temporaryFile(holding: bytes).map { .file(descriptor: $0) } ?? .memory(bytes)
    }

    deinit {
        if case .file(let descriptor) = storage { close(descriptor) }
    }

    /// Appends a record's four numbers to `bytes`, as `SpilledRunReader` reads them; its texts follow.
    static func appendHeader(unit: UInt32, month: Int32, file: Int32, row: Int32, to bytes: inout [UInt8]) {
        func append(_ number: UInt32) {
            withUnsafeBytes(of: number.littleEndian) { bytes.append(contentsOf: $0) }
        }
        append(unit)
        append(UInt32(bitPattern: month))
        append(UInt32(bitPattern: file))
        append(UInt32(bitPattern: row))
    }

    /// True when the run's bytes are in a file, not in memory.
    var isOnDisk: Bool {
        if case .file = storage { true } else { false }
    }

    /// A descriptor of a new unlinked file in the temporary folder holding `bytes`; nil when none
    /// can be made or written.
    private static func temporaryFile(holding bytes: [UInt8]) -> Int32? {
        var template = Array((NSTemporaryDirectory() + "/huizong-held-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        guard bytes.withUnsafeBytes({ AtomicFileWriter.writeAll($0, to: descriptor) }) == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    /// Reads into `buffer` from `offset`; the count read, 0 at the end or on a failure to read.
    fileprivate func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        let wanted = min(buffer.count, size - offset)
        guard wanted > 0 else { return 0 }
        switch storage {
        case .memory(let bytes):
            bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: wanted) }
            return wanted
        case .file(let descriptor):
            while true {
                let count = pread(descriptor, buffer.baseAddress!, wanted, off_t(offset))
                if count < 0, errno == EINTR { continue }
                return max(0, count)
            }
        }
    }
}

/// A run's records read in order, a buffer at a time.
struct SpilledRunReader {
    /// One record: the texts are in the order they were written, as bytes, made into a `String`
    /// only where one is read.
    struct Record {
        var unit: UInt32 = 0
        var month: Int32 = 0
        var file: Int32 = 0
        var row: Int32 = 0
        var texts = RowCells()

        /// How records are ordered within a run: by unit, period, then where they were read.
        var order: (UInt32, Int32, Int32, Int32) { (unit, month, file, row) }
    }

    private let run: SpilledRun
    private let textCount: Int
    /// The file's bytes from `bufferStart`, `filled` of them read.
    private var buffer: [UInt8]
    private var bufferStart: Int
    private var filled = 0
    private var position = 0

    /// Reads `run`'s records of `textCount` texts each, from the first whose unit is `unit` or after.
    init(_ run: SpilledRun, textCount: Int, from unit: UInt32) {
        self.run = run
        self.textCount = textCount
        buffer = [UInt8](repeating: 0, count: 16 << 10)
        // The last indexed record before the unit, from which the rest are skipped.
        let point = run.index.lastIndex { $0.unit < unit }
        bufferStart = point.map { run.index[$0].offset } ?? 0
        var skipped = Record()
        while let next = peekUnit(), next < unit, self.next(into: &skipped) {}
    }

    /// Reads the next record into `record`, whose texts' storage it reuses; false after the last
    /// (or where the file could not be read on).
    mutating func next(into record: inout Record) -> Bool {
        guard ensure(SpilledRun.headerSize) else { return false }
        func number(_ at: Int) -> UInt32 {
            buffer.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: position + at, as: UInt32.self)) }
        }
        record.unit = number(0)
        record.month = Int32(bitPattern: number(4))
        record.file = Int32(bitPattern: number(8))
        record.row = Int32(bitPattern: number(12))
        record.texts.removeAll()
        // Offsets from `position`, which stay right when `ensure` moves the bytes.
        var length = SpilledRun.headerSize
        for _ in 0..<textCount {
            // A text's length takes at most five bytes; a short last text has fewer after it.
            _ = ensure(length + 5)
            guard let text = text(at: length), ensure(text.upperBound) else { return false }
            buffer.withUnsafeBufferPointer { bytes in
                record.texts.append(utf8: UnsafeBufferPointer(rebasing: bytes[(position + text.lowerBound)..<(position + text.upperBound)]))
            }
            length = text.upperBound
        }
        position += length
        return true
    }

    /// The unit of the next record, without reading past it; nil after the last.
    mutating func peekUnit() -> UInt32? {
        guard ensure(SpilledRun.headerSize) else { return nil }
        return buffer.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: UInt32.self)) }
    }

    /// Where the text whose length starts `at` bytes past `position` lies, from its length's bytes
    /// alone (its own bytes may not be read yet); nil when they are not whole.
    private func text(at: Int) -> Range<Int>? {
        var length = 0
        var shift = 0
        var index = position + at
        while index < filled, shift <= 28 {
            let byte = buffer[index]
            index += 1
            length |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return (index - position)..<(index - position + length) }
            shift += 7
        }
        return nil
    }

    /// Makes the next `count` bytes readable at `position`, moving what is left to the buffer's start
    /// and growing it for a record longer than it; false when the run ends first.
    private mutating func ensure(_ count: Int) -> Bool {
        guard position + count > filled else { return true }
        if position > 0 {
            buffer.withUnsafeMutableBytes { bytes in
                _ = memmove(bytes.baseAddress!, bytes.baseAddress! + position, filled - position)
            }
            bufferStart += position
            filled -= position
            position = 0
        }
        if count > buffer.count { buffer += [UInt8](repeating: 0, count: count - buffer.count) }
        while filled < count, bufferStart + filled < run.size {
            let read = buffer.withUnsafeMutableBytes { bytes in
                run.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[filled...]), at: bufferStart + filled)
            }
            guard read > 0 else { return false }
            filled += read
        }
        return filled >= count
    }
}
