#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a zip archive (PKWARE APPNOTE 6.3) front to back into an `AtomicFileWriter`: each entry
/// is deflated as its bytes are given, then followed by a data descriptor with its CRC-32 and sizes,
/// as Go's archive/zip and Java's ZipOutputStream write them; the central directory comes last.
/// Nothing is held or written twice, so a sheet of a million rows needs neither memory nor scratch
/// space. Entries are dated 1980-01-01 00:00, so the same parts always give the same bytes.
final class ZipWriter {
    private struct Entry {
        var name: [UInt8]
        var offset: UInt64
        var checksum: UInt32 = 0
        var compressedSize: UInt64 = 0
        var size: UInt64 = 0
    }

    private let output: AtomicFileWriter
    private let deflater: Deflater
    private var entries: [Entry] = []
    /// The bytes written so far: where the next record starts.
    private var offset: UInt64 = 0
    private var open: Entry?

    /// Bit 3: CRC-32 and sizes follow the data, in a data descriptor; bit 11: names are UTF-8.
    private static let flags: UInt16 = 0x0808
    private static let deflated: UInt16 = 8
    private static let version: UInt16 = 20
    /// MS-DOS date of 1980-01-01; the time, 00:00, is 0.
    private static let date: UInt16 = 0x0021
    /// Sizes and offsets of a zip without its 64-bit extension stay below this.
    private static let limit = UInt64(UInt32.max)

    init(_ output: AtomicFileWriter) throws(OutputError) {
        self.output = output
        do { deflater = try Deflater() } catch { throw Self.outputError(error, path: output.path) }
    }

    /// Adds an entry holding `text`.
    func add(_ name: String, _ text: String) throws(OutputError) {
        try begin(name)
        try write(Array(text.utf8))
        try end()
    }

    /// Starts an entry whose bytes the following `write` calls give.
    func begin(_ name: String) throws(OutputError) {
        precondition(open == nil, "an entry is already open")
        let entry = Entry(name: Array(name.utf8), offset: offset)
        var header = Record(signature: 0x0403_4B50)
        header.append16(Self.version)
        header.append16(Self.flags)
        header.append16(Self.deflated)
        header.append16(0)
        header.append16(Self.date)
        header.append32(0)
        header.append32(0)
        header.append32(0)
        header.append16(UInt16(entry.name.count))
        header.append16(0)
        header.bytes += entry.name
        try emit(header.bytes)
        open = entry
    }

    func write(_ bytes: [UInt8]) throws(OutputError) {
        precondition(open != nil, "no entry is open")
        open!.size += UInt64(bytes.count)
        let compressed: [UInt8]
        do { compressed = try deflater.compress(bytes) } catch { throw Self.outputError(error, path: output.path) }
        try emitCompressed(compressed)
    }

    /// Ends the open entry with its data descriptor.
    func end() throws(OutputError) {
        precondition(open != nil, "no entry is open")
        let (compressed, checksum): ([UInt8], UInt32)
        do { (compressed, checksum) = try deflater.finish() } catch { throw Self.outputError(error, path: output.path) }
        try emitCompressed(compressed)
        open!.checksum = checksum
        let entry = open!
        open = nil
        guard entry.size < Self.limit, entry.compressedSize < Self.limit else { throw tooLarge() }
        var descriptor = Record(signature: 0x0807_4B50)
        descriptor.append32(entry.checksum)
        descriptor.append32(UInt32(entry.compressedSize))
        descriptor.append32(UInt32(entry.size))
        try emit(descriptor.bytes)
        entries.append(entry)
    }

    /// Writes the central directory and its end record; the archive is then complete.
    func finish() throws(OutputError) {
        precondition(open == nil, "an entry is still open")
        let start = offset
        for entry in entries {
            var header = Record(signature: 0x0201_4B50)
            header.append16(Self.version)
            header.append16(Self.version)
            header.append16(Self.flags)
            header.append16(Self.deflated)
            header.append16(0)
            header.append16(Self.date)
            header.append32(entry.checksum)
            header.append32(UInt32(entry.compressedSize))
            header.append32(UInt32(entry.size))
            header.append16(UInt16(entry.name.count))
            header.append16(0)
            header.append16(0)
            header.append16(0)
            header.append16(0)
            header.append32(0)
            header.append32(UInt32(entry.offset))
            header.bytes += entry.name
            try emit(header.bytes)
        }
        guard entries.count < Int(UInt16.max), offset < Self.limit else { throw tooLarge() }
        var end = Record(signature: 0x0605_4B50)
        end.append16(0)
        end.append16(0)
        end.append16(UInt16(entries.count))
        end.append16(UInt16(entries.count))
        end.append32(UInt32(offset - start))
        end.append32(UInt32(start))
        end.append16(0)
        try emit(end.bytes)
    }

    private func emitCompressed(_ bytes: [UInt8]) throws(OutputError) {
        open!.compressedSize += UInt64(bytes.count)
        try emit(bytes)
    }

    private func emit(_ bytes: some Collection<UInt8>) throws(OutputError) {
        // An entry's local header must lie where the central directory's 32-bit offset reaches it.
        guard offset < Self.limit else { throw tooLarge() }
        try output.append(bytes)
        offset += UInt64(bytes.count)
    }

    /// zlib fails only for lack of memory, or when it is not the zlib huizong was built with or is misused.
    private static func outputError(_ error: ZlibError, path: String) -> OutputError {
        switch error {
        case .outOfMemory: OutputError(path: path, errorNumber: ENOMEM)
        case .incompatibleVersion: OutputError(path: path, reason: "the zlib installed is not the one huizong was built with", errorNumber: EIO)
        case .failed(let code): OutputError(path: path, reason: "zlib failed with code \(code)", errorNumber: EIO)
        }
    }

    private func tooLarge() -> OutputError {
        OutputError(path: output.path, reason: "a workbook part of 4 GiB or more", errorNumber: EFBIG)
    }

    /// A record of the archive: little-endian fields after a signature.
    private struct Record {
        var bytes: [UInt8] = []

        init(signature: UInt32) {
            append32(signature)
        }

        mutating func append16(_ value: UInt16) {
            bytes.append(UInt8(value & 0xFF))
            bytes.append(UInt8(value >> 8))
        }

        mutating func append32(_ value: UInt32) {
            append16(UInt16(value & 0xFFFF))
            append16(UInt16(value >> 16))
        }
    }
}
