#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The registry's tables as a file beside the CSV they were read from (`seeds/units.csv` →
/// `seeds/.units.packed`), so that a later load maps them instead of reading the CSV again.
///
/// The file is the tables as they lie in memory, so that looking a unit up reads the mapped bytes:
///
/// ```
/// header   "HZUNITS\n", then little-endian UInt64s: version; the CSV's size, modification time
///          (seconds, nanoseconds), inode and device; the unit count, slot count and text bytes;
///          1 when two codes have the same hash (`UnitTableView.comparesCodes`), else 0
/// starts   a UInt32 per unit, zero-padded to a multiple of 8 bytes
/// slots    two UInt64s per slot (`UnitTableView.Slot`): the code's hash; the unit's index, type
///          and name hash
/// texts    the units' texts, zero-padded to a multiple of 8 bytes
/// checksum a UInt64 over all that precedes it (`WordChecksum`)
/// ```
///
/// It is only a cache: one that is missing, of another version, built from another CSV, short,
/// failing its checksum or holding offsets out of range is not used, and is written anew. It is
/// written under a temporary name and renamed into place, so no reader sees half of one.
struct PackedRegistryFile: Sendable {
    /// Raised whenever the layout changes or the CSV's cells are read differently, so that files
    /// of older versions are rebuilt.
    static let version: UInt64 = 3
    private static let magic = Array("HZUNITS\n".utf8)

    /// The header's little-endian UInt64 words after the magic, in order.
    private enum Word: Int, CaseIterable {
        case version = 1, csvSize, csvSeconds, csvNanoseconds, csvInode, csvDevice, count, slotCount, textCount, comparesCodes
    }

    private static let headerSize = 8 * (1 + Word.allCases.count)

    /// Where each table lies in the file.
    struct Sections: Sendable {
        let starts: Range<Int>
        let slots: Range<Int>
        let texts: Range<Int>
        /// Where the checksum lies; the file ends after it.
        let checksum: Int

        /// The places of tables of these sizes; nil for sizes no registry has (a damaged header):
        /// a count that does not fit a UInt32 start or a slot's index, or a slot table no larger
        /// than the count.
        init?(count: UInt64, slotCount: UInt64, textCount: UInt64) {
            guard count <= UInt64(UnitTableView.Slot.maximumIndex), slotCount < 1 << 31, textCount < 1 << 32,
                  slotCount == 0 ? count == 0 : count < slotCount
            else { return nil }
            starts = PackedRegistryFile.headerSize..<(PackedRegistryFile.headerSize + 4 * Int(count))
            slots = Self.padded(starts.upperBound)..<(Self.padded(starts.upperBound) + 16 * Int(slotCount))
            texts = slots.upperBound..<(slots.upperBound + Int(textCount))
            checksum = Self.padded(texts.upperBound)
        }

        var fileSize: Int { checksum + 8 }

        private static func padded(_ offset: Int) -> Int {
            (offset + 7) & ~7
        }
    }

    private let mapping: MappedFile
    private let sections: Sections
    private let comparesCodes: Bool

    /// The mapped tables.
    var tables: UnitTableView {
        UnitTableView(texts: UnsafeRawBufferPointer(rebasing: mapping.bytes[sections.texts]),
                      starts: UnsafeRawBufferPointer(rebasing: mapping.bytes[sections.starts]),
                      slots: UnsafeRawBufferPointer(rebasing: mapping.bytes[sections.slots]), comparesCodes: comparesCodes)
    }

    /// The packed file of the registry CSV at `csvPath`: hidden, beside it, named after it.
    static func path(beside csvPath: String) -> String {
        let slash = csvPath.lastIndex(of: "/")
        let folder = slash.map { String(csvPath[...$0]) } ?? ""
        let name = slash.map { String(csvPath[csvPath.index(after: $0)...]) } ?? csvPath
        let stem = name.hasSuffix(".csv") ? String(name.dropLast(4)) : name
        return folder + "." + stem + ".packed"
    }

    /// Maps the packed file at `path` if it was built from the CSV `identity` names and is sound;
    /// nil otherwise.
    ///
    /// The file is checked as it is read in chunks, not through the mapping, so that only the pages
    /// that look-ups touch are ever brought into the process's memory.
    static func load(from path: String, builtFrom identity: FileIdentity) -> PackedRegistryFile? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) >= headerSize + 8 else {
            return nil
        }
        var header = [UInt8](repeating: 0, count: headerSize)
        guard header.withUnsafeMutableBytes({ readFully(descriptor, into: $0, at: 0) }) else { return nil }
        func word(_ word: Word) -> UInt64 {
            header.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8 * word.rawValue, as: UInt64.self)) }
        }
        guard header.starts(with: magic), word(.version) == version,
              [word(.csvSize), word(.csvSeconds), word(.csvNanoseconds), word(.csvInode), word(.csvDevice)] == identity.words,
              word(.comparesCodes) <= 1,
              let sections = Sections(count: word(.count), slotCount: word(.slotCount), textCount: word(.textCount)),
              sections.fileSize == Int(info.st_size),
              let checksum = checkedSum(of: descriptor, sections),
              let mapping = MappedFile(descriptor: descriptor, length: sections.fileSize),
              mapping.bytes.loadUnaligned(fromByteOffset: sections.checksum, as: UInt64.self) == checksum.littleEndian
        else { return nil }
        return PackedRegistryFile(mapping: mapping, sections: sections, comparesCodes: word(.comparesCodes) == 1)
    }

    /// Writes the packed file of `tables`, read from the CSV `identity` names, to `path`. A failure
    /// (a read-only folder, a full disk) leaves things as they were: the file is only a cache.
    static func write(_ tables: UnitTables, builtFrom identity: FileIdentity, to path: String) {
        tables.withView { tables in
            guard let sections = Sections(count: UInt64(tables.count), slotCount: UInt64(tables.slots.count / 16),
                                          textCount: UInt64(tables.texts.count)),
                  let writer = try? AtomicFile.create(path)
            else { return }
            var header = magic
            for word in Word.allCases {
                let value = switch word {
                case .version: version
                case .csvSize, .csvSeconds, .csvNanoseconds, .csvInode, .csvDevice:
                    identity.words[word.rawValue - Word.csvSize.rawValue]
                case .count: UInt64(tables.count)
                case .slotCount: UInt64(tables.slots.count / 16)
                case .textCount: UInt64(tables.texts.count)
                case .comparesCodes: UInt64(tables.comparesCodes ? 1 : 0)
                }
                withUnsafeBytes(of: value.littleEndian) { header += $0 }
            }
            var checksum = WordChecksum()
            func append(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
                checksum.add(bytes)
                try writer.append(bytes)
            }
            let zeros = [UInt8](repeating: 0, count: 8)
            func appendZeros(from end: Int, upTo offset: Int) throws {
                try zeros.withUnsafeBytes { try append(UnsafeRawBufferPointer(rebasing: $0[..<(offset - end)])) }
            }
            do {
                try header.withUnsafeBytes { try append($0) }
                try append(tables.starts)
                try appendZeros(from: sections.starts.upperBound, upTo: sections.slots.lowerBound)
                try append(tables.slots)
                try append(tables.texts)
                try appendZeros(from: sections.texts.upperBound, upTo: sections.checksum)
                try withUnsafeBytes(of: checksum.value.littleEndian) { try writer.append($0) }
                try writer.commit()
            } catch {
                writer.discard()
            }
        }
    }

    /// Reads the file up to its checksum, checking on the way that every start and slot points inside
    /// its table, starts rising from 0 (so that each unit's texts lie between its start and the next
    /// unit's). The file is read through windows of 4 MiB mapped one at a time, every page at once:
    /// nothing is copied, and only the window being read counts towards the process's memory.
    /// - Returns: the checksum of the bytes read; nil when the file cannot be read or an offset is out of range.
    private static func checkedSum(of descriptor: Int32, _ sections: Sections) -> UInt64? {
        let window = 4 << 20
        let count = sections.starts.count / 4
        var checksum = WordChecksum()
        var previousStart = -1
        var offset = 0
        while offset < sections.checksum {
            guard let mapped = MappedFile(descriptor: descriptor, length: min(window, sections.checksum - offset), offset: offset,
                                          populated: true) else { return nil }
            let chunk = mapped.bytes
            checksum.add(chunk)
            // The numbers of `size` bytes from the section's start that begin in this window. Starts
            // begin at a multiple of 4, slots and windows at multiples of 8, so no number straddles
            // two windows.
            func numbers(in section: Range<Int>, of size: Int) -> StrideTo<Int> {
                let skipped = max(0, offset - section.lowerBound)
                let first = section.lowerBound + (skipped + size - 1) / size * size
                return stride(from: first, to: min(section.upperBound, offset + chunk.count), by: size)
            }
            for position in numbers(in: sections.starts, of: 4) {
                let start = Int(UInt32(littleEndian: chunk.loadUnaligned(fromByteOffset: position - offset, as: UInt32.self)))
                guard previousStart < 0 ? start == 0 : start > previousStart, start < sections.texts.count else { return nil }
                previousStart = start
            }
            // A slot's second word: empty, or a unit of the table.
            for position in numbers(in: min(sections.slots.lowerBound + 8, sections.slots.upperBound)..<sections.slots.upperBound, of: 16) {
                let word = UInt64(littleEndian: chunk.loadUnaligned(fromByteOffset: position - offset, as: UInt64.self))
                guard word == UnitTableView.Slot.empty || UnitTableView.Slot(words: (0, word)).map({ $0.index < count }) == true else {
                    return nil
                }
            }
            offset += chunk.count
        }
        return checksum.value
    }

    /// Fills `buffer` from the file at `offset`; false when the file ends first or cannot be read.
    private static func readFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        var filled = 0
        while filled < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset + filled))
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            filled += count
        }
        return true
    }
}

/// What tells one version of a file from another without reading it: its size, its modification
/// time to the nanosecond, and its inode and device. A file replaced by another, by a copy or a
/// rename over it, has another inode even when its size and time are the same.
struct FileIdentity: Equatable {
    /// Size, seconds and nanoseconds of the modification time, inode, device: as the packed file's
    /// header holds them.
    let words: [UInt64]
    private let modifiedSecond: Int

    /// The identity of the file at `path`, following links; nil when it cannot be found.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        modifiedSecond = modified.tv_sec
        words = [UInt64(info.st_size), UInt64(bitPattern: Int64(modified.tv_sec)), UInt64(modified.tv_nsec),
                 UInt64(truncatingIfNeeded: info.st_ino), UInt64(truncatingIfNeeded: info.st_dev)]
    }

    /// Modified in the last two seconds, or in the future: a clock tick of the file system (two
    /// seconds on FAT) may be that long, and a write within the same tick leaves the identity as it was.
    var isRecent: Bool {
        modifiedSecond >= time(nil) - 2
    }
}

/// A 64-bit checksum taken a word at a time, fast enough to check a hundred megabytes on every load:
/// the words are dealt in turn to four lanes, which the processor advances side by side, and the
/// lanes are mixed together at the end.
///
/// Each step is a bijection of a lane for a given word, and so is each step of the final mixing for a
/// given lane, so changing any one word always changes the result. Bytes may be added in pieces of
/// any length: the result depends only on the bytes.
struct WordChecksum {
    private var lanes: (UInt64, UInt64, UInt64, UInt64) =
        (0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89)
    /// Whole words added so far; the next goes to lane `words % 4`.
    private var words = 0
    /// Bytes of a word not yet complete, from the low end.
    private var pending: UInt64 = 0
    private var pendingCount = 0

    var value: UInt64 {
        var last = self
        if pendingCount > 0 { last.addWord(pending | UInt64(pendingCount) << 56) }
        let lanes = last.lanes
        return Self.mix(Self.mix(Self.mix(Self.mix(lanes.0, lanes.1), lanes.2), lanes.3), UInt64(last.words))
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        func word(at offset: Int) -> UInt64 {
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        var offset = 0
        while pendingCount > 0, offset < bytes.count {
            addByte(bytes[offset])
            offset += 1
        }
        while words % 4 != 0, offset + 8 <= bytes.count {
            addWord(word(at: offset))
            offset += 8
        }
        var (a, b, c, d) = lanes
        while offset + 32 <= bytes.count {
            a = Self.mix(a, word(at: offset))
            b = Self.mix(b, word(at: offset + 8))
            c = Self.mix(c, word(at: offset + 16))
            d = Self.mix(d, word(at: offset + 24))
            offset += 32
            words += 4
        }
        lanes = (a, b, c, d)
        while offset + 8 <= bytes.count {
            addWord(word(at: offset))
            offset += 8
        }
        while offset < bytes.count {
            addByte(bytes[offset])
            offset += 1
        }
    }

    private mutating func addByte(_ byte: UInt8) {
        pending |= UInt64(byte) << (8 * pendingCount)
        pendingCount += 1
        if pendingCount == 8 {
            addWord(pending)
            pending = 0
            pendingCount = 0
        }
    }

    private mutating func addWord(_ word: UInt64) {
        switch words % 4 {
        case 0: lanes.0 = Self.mix(lanes.0, word)
        case 1: lanes.1 = Self.mix(lanes.1, word)
        case 2: lanes.2 = Self.mix(lanes.2, word)
        default: lanes.3 = Self.mix(lanes.3, word)
        }
        words += 1
    }

    private static func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        return mixed ^ (mixed >> 32)
    }
}
