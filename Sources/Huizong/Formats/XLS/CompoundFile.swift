/// An OLE compound file ([MS-CFB]): the container of an .xls workbook, and Office's wrapper of an
/// .xlsx with an opening password. Its streams are read by name, whole.
///
/// The file is a run of sectors (512 bytes in version 3, 4096 in version 4) chained by a file
/// allocation table (FAT), whose own sectors are listed by the header and by extra DIFAT sectors;
/// streams smaller than 4096 bytes live in 64-byte mini sectors of the mini stream, chained by the
/// mini FAT. A hostile file can point anywhere and chain sectors in a loop, so every index is
/// checked before it is used, every chain is counted as it is followed, and no declared size is
/// believed beyond what its chain holds.
struct CompoundFile {
    /// What a compound file starts with.
    static let signature: [UInt8] = WorkbookArchive.compoundFileMagic

    private static let headerSize = 512
    private static let directoryEntrySize = 128
    private static let miniSectorSize = 64
    /// Streams this small live in the mini stream ([MS-CFB] fixes it at 4096).
    private static let miniStreamCutoff = 4096
    /// The FAT sector ids the header itself lists.
    private static let headerDIFATCount = 109
    /// FAT values above this mark the end of a chain, a free sector, or a FAT or DIFAT sector.
    private static let lastRegularSector: UInt32 = 0xFFFF_FFFA
    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let noStream: UInt32 = 0xFFFF_FFFF

    /// A stream or storage named in the directory.
    struct Entry: Equatable {
        var name: String
        var isStream: Bool
        var startSector: UInt32
        var size: Int
    }

    /// The streams and storages at the top level of the file (the root storage's children).
    let entries: [Entry]

    private let bytes: [UInt8]
    private let sectorSize: Int
    private let fat: [UInt32]
    private let miniFAT: [UInt32]
    /// The mini stream, which holds the small streams' mini sectors.
    private let miniStream: [UInt8]

    /// Reads the compound file at `path`, which may be no larger than `limits.totalBytes`.
    ///
    /// - Throws: `.empty`, `.unreadable`, `.workbookTooLarge`, or `.corruptWorkbook` when it is no
    ///   compound file or its structure is damaged.
    init(path: String, limits: WorkbookLimits) throws(ReadProblem) {
        try self.init(bytes: Self.contents(of: path, maxBytes: limits.totalBytes))
    }

    /// Reads a compound file from its bytes.
    ///
    /// - Throws: `.empty` or `.corruptWorkbook`.
    init(bytes: [UInt8]) throws(ReadProblem) {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.starts(with: Self.signature) else { throw .corruptWorkbook(reason: "not an OLE compound file") }
        guard bytes.count >= Self.headerSize else {
            throw .corruptWorkbook(reason: "the compound file is cut short: \(bytes.count) bytes, less than its header")
        }
        self.bytes = bytes
        let sectorShift = Int(Self.uint16(bytes, 0x1E))
        guard sectorShift == 9 || sectorShift == 12 else {
            throw .corruptWorkbook(reason: "the compound file's sectors are 2^\(sectorShift) bytes, neither 512 nor 4096")
        }
        sectorSize = 1 << sectorShift
        fat = try Self.readFAT(bytes, sectorSize: sectorSize)
        let directory = try Self.chainBytes(bytes, fat: fat, start: Self.uint32(bytes, 0x30), sectorSize: sectorSize,
                                            what: "the directory")
        let allEntries = Self.directoryEntries(directory)
        guard let root = allEntries.first else { throw .corruptWorkbook(reason: "the compound file's directory is empty") }
        entries = try Self.children(of: directory, in: allEntries)

        let miniFATBytes = try Self.chainBytes(bytes, fat: fat, start: Self.uint32(bytes, 0x3C), sectorSize: sectorSize,
                                               what: "the mini FAT")
        miniFAT = Self.uint32s(miniFATBytes)
        let miniStreamChain = try Self.chainBytes(bytes, fat: fat, start: root.startSector, sectorSize: sectorSize,
                                                  what: "the mini stream")
        guard root.size <= miniStreamChain.count else {
            throw .corruptWorkbook(reason: "the mini stream declares \(root.size) bytes but its sectors hold \(miniStreamChain.count)")
        }
        miniStream = Array(miniStreamChain.prefix(root.size))
    }

    /// True when the top level holds a stream named `name` (compared as Windows does, ignoring case).
    func contains(_ name: String) -> Bool {
        entry(name) != nil
    }

    /// The bytes of the top-level stream `name`, or nil when there is none.
    ///
    /// - Throws: `.corruptWorkbook` when its chain is damaged or holds fewer bytes than its size.
    func stream(_ name: String) throws(ReadProblem) -> [UInt8]? {
        guard let entry = entry(name) else { return nil }
        var chain: [UInt8]
        if entry.size < Self.miniStreamCutoff {
            chain = try Self.chainBytes(miniStream, fat: miniFAT, start: entry.startSector, sectorSize: Self.miniSectorSize,
                                        firstSectorOffset: 0, what: "the stream \(entry.name)")
        } else {
            chain = try Self.chainBytes(bytes, fat: fat, start: entry.startSector, sectorSize: sectorSize,
                                        what: "the stream \(entry.name)")
        }
        guard entry.size <= chain.count else {
            throw .corruptWorkbook(reason: "the stream \(entry.name) declares \(entry.size) bytes but its sectors hold \(chain.count)")
        }
        chain.removeLast(chain.count - entry.size)
        return chain
    }

    private func entry(_ name: String) -> Entry? {
        let wanted = name.lowercased()
        return entries.first { $0.isStream && $0.name.lowercased() == wanted }
    }

    // MARK: Reading the structure

    /// The whole file, refused before it is read when it is larger than `maxBytes`.
    private static func contents(of path: String, maxBytes: Int) throws(ReadProblem) -> [UInt8] {
        let input = try ByteInput(path: path, chunkSize: 1 << 20)
        var contents: [UInt8] = []
        var chunk: [UInt8] = []
        while try input.readChunk(into: &chunk) {
            contents += chunk
            guard contents.count <= maxBytes else { throw .workbookTooLarge(limit: WorkbookLimits.text(bytes: maxBytes)) }
        }
        return contents
    }

    /// The FAT: the sectors the header's 109 DIFAT entries and the DIFAT sectors list, in order,
    /// as many as the header counts.
    private static func readFAT(_ bytes: [UInt8], sectorSize: Int) throws(ReadProblem) -> [UInt32] {
        let sectorCount = (bytes.count - headerSize + sectorSize - 1) / sectorSize
        let fatSectorCount = Int(uint32(bytes, 0x2C))
        guard fatSectorCount <= sectorCount else {
            throw .corruptWorkbook(reason: "the compound file declares \(fatSectorCount) FAT sectors in a file of \(sectorCount) sectors")
        }
        var fatSectors = (0..<headerDIFATCount).map { uint32(bytes, 0x4C + 4 * $0) }
        var difatSector = uint32(bytes, 0x44)
        var visited = 0
        let idsPerSector = sectorSize / 4 - 1
        while fatSectors.count < fatSectorCount, difatSector <= lastRegularSector {
            visited += 1
            guard visited <= sectorCount else { throw .corruptWorkbook(reason: "the compound file's DIFAT sectors form a loop") }
            let sector = try sectorBytes(bytes, Int(difatSector), sectorSize: sectorSize, what: "a DIFAT sector")
            let ids = uint32s(sector)
            fatSectors += ids.prefix(idsPerSector)
            difatSector = ids.count > idsPerSector ? ids[idsPerSector] : endOfChain
        }
        guard fatSectors.count >= fatSectorCount else {
            throw .corruptWorkbook(reason: "the compound file lists \(fatSectors.count) of its \(fatSectorCount) FAT sectors")
        }
        var fat: [UInt32] = []
        fat.reserveCapacity(fatSectorCount * sectorSize / 4)
        for id in fatSectors.prefix(fatSectorCount) {
            fat += uint32s(try sectorBytes(bytes, Int(id), sectorSize: sectorSize, what: "a FAT sector"))
        }
        return fat
    }

    /// The bytes of the chain of sectors that starts at `start`, concatenated; none for a chain
    /// that starts at the end (an empty stream).
    ///
    /// - Parameters:
    ///   - data: the file, or the mini stream for mini sectors.
    ///   - fat: the table that chains these sectors.
    ///   - firstSectorOffset: where sector 0 starts in `data`: after the header in the file.
    private static func chainBytes(_ data: [UInt8], fat: [UInt32], start: UInt32, sectorSize: Int,
                                   firstSectorOffset: Int? = nil, what: String) throws(ReadProblem) -> [UInt8] {
        var chain: [UInt8] = []
        chain.reserveCapacity(min(data.count, 1 << 20))
        var sector = start
        var visited = 0
        // A chain that visits more sectors than the data holds has gone round a loop.
        let dataSectors = (data.count - (firstSectorOffset ?? sectorSize) + sectorSize - 1) / sectorSize
        while sector != endOfChain, sector != noStream {
            guard sector <= lastRegularSector, Int(sector) < fat.count else {
                throw .corruptWorkbook(reason: "\(what) points to sector \(sector), which does not exist")
            }
            visited += 1
            guard visited <= dataSectors else { throw .corruptWorkbook(reason: "the sectors of \(what) form a loop") }
            chain += try sectorBytes(data, Int(sector), sectorSize: sectorSize, firstSectorOffset: firstSectorOffset, what: what)
            sector = fat[Int(sector)]
        }
        return chain
    }

    /// The bytes of one sector; the file's last sector may be cut short.
    private static func sectorBytes(_ data: [UInt8], _ sector: Int, sectorSize: Int, firstSectorOffset: Int? = nil,
                                    what: String) throws(ReadProblem) -> ArraySlice<UInt8> {
        let start = (firstSectorOffset ?? sectorSize) + sector * sectorSize
        guard sector >= 0, start < data.count else {
            throw .corruptWorkbook(reason: "\(what) lies at sector \(sector), beyond the end of the data")
        }
        return data[start..<min(start + sectorSize, data.count)]
    }

    /// Every 128-byte entry of the directory, in order.
    private static func directoryEntries(_ directory: [UInt8]) -> [Entry] {
        (0..<directory.count / directoryEntrySize).map { index in
            let base = index * directoryEntrySize
            let nameBytes = min(Int(uint16(directory, base + 0x40)), 64)
            let units = (0..<max(0, nameBytes / 2 - 1)).map { uint16(directory, base + 2 * $0) }
            let size = Int(uint32(directory, base + 0x78))
            return Entry(name: String(decoding: units, as: UTF16.self), isStream: directory[base + 0x42] == 2,
                         startSector: uint32(directory, base + 0x74), size: size)
        }
    }

    /// The entries of the root storage's tree of children: the child of entry 0, and the left and
    /// right siblings of each entry reached. Each entry is visited at most once, so a tree whose
    /// links loop ends.
    private static func children(of directory: [UInt8], in entries: [Entry]) throws(ReadProblem) -> [Entry] {
        var found: [Entry] = []
        var seen = Set<Int>()
        var pending = [uint32(directory, 0x4C)]
        while let id = pending.popLast() {
            guard id != noStream else { continue }
            guard Int(id) < entries.count, id != 0 else {
                throw .corruptWorkbook(reason: "the compound file's directory points to entry \(id), which does not exist")
            }
            guard seen.insert(Int(id)).inserted else { continue }
            found.append(entries[Int(id)])
            let base = Int(id) * directoryEntrySize
            pending += [uint32(directory, base + 0x44), uint32(directory, base + 0x48)]
        }
        return found
    }

    // MARK: Little-endian numbers

    private static func uint16(_ data: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(data[offset]) | UInt16(data[offset + 1]) << 8
    }

    private static func uint32(_ data: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(uint16(data, offset)) | UInt32(uint16(data, offset + 2)) << 16
    }

    /// The little-endian 32-bit numbers of `data`, a trailing partial number left out.
    private static func uint32s(_ data: some Collection<UInt8>) -> [UInt32] {
        let bytes = Array(data)
        return (0..<bytes.count / 4).map { uint32(bytes, 4 * $0) }
    }
}
