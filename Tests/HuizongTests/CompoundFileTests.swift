import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// Writes OLE compound files ([MS-CFB]) of top-level streams, for the tests to read and damage:
/// streams under 4096 bytes go to the mini stream, the rest to sectors of their own, and FAT
/// sectors beyond the header's 109 are listed in DIFAT sectors.
struct CompoundFileBuilder {
    /// 3 (512-byte sectors) or 4 (4096-byte sectors).
    var version = 3
    var streams: [(name: String, bytes: [UInt8])]

    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let free: UInt32 = 0xFFFF_FFFF

    var sectorSize: Int { version == 3 ? 512 : 4096 }

    func build() -> [UInt8] {
        let idsPerSector = sectorSize / 4
        var sectors: [[UInt8]] = []
        var fat: [UInt32] = []
        /// Appends `data` as a chain of sectors and returns its first sector.
        func chain(_ data: [UInt8], size: Int, marker: UInt32? = nil) -> UInt32 {
            guard !data.isEmpty else { return Self.endOfChain }
            let first = sectors.count
            let count = (data.count + size - 1) / size
            for index in 0..<count {
                sectors.append(Array(data[index * size..<min(data.count, (index + 1) * size)]))
                fat.append(marker ?? (index == count - 1 ? Self.endOfChain : UInt32(first + index + 1)))
            }
            return UInt32(first)
        }

        var miniStream: [UInt8] = []
        var miniFAT: [UInt32] = []
        var starts: [UInt32] = []
        for stream in streams where stream.bytes.count < 4096 {
            let first = miniStream.count / 64
            let count = (stream.bytes.count + 63) / 64
            miniStream += stream.bytes + [UInt8](repeating: 0, count: count * 64 - stream.bytes.count)
            miniFAT += (0..<count).map { $0 == count - 1 ? Self.endOfChain : UInt32(first + $0 + 1) }
            starts.append(count == 0 ? Self.endOfChain : UInt32(first))
        }
        let miniStreamStart = chain(miniStream, size: sectorSize)
        let miniFATStart = chain(Self.littleEndian(miniFAT), size: sectorSize)
        var bigStarts = streams.filter { $0.bytes.count >= 4096 }.map { chain($0.bytes, size: sectorSize) }.makeIterator()
        var smallStarts = starts.makeIterator()
        let streamStarts = streams.map { $0.bytes.count < 4096 ? smallStarts.next()! : bigStarts.next()! }

        var directory = Self.directoryEntry("Root Entry", type: 5, child: streams.isEmpty ? Self.free : 1, right: Self.free,
                                            start: miniStreamStart, size: miniStream.count)
        for (index, stream) in streams.enumerated() {
            directory += Self.directoryEntry(stream.name, type: 2, child: Self.free,
                                             right: index + 1 < streams.count ? UInt32(index + 2) : Self.free,
                                             start: streamStarts[index], size: stream.bytes.count)
        }
        let directoryStart = chain(directory, size: sectorSize)

        // The FAT and DIFAT sectors are counted in the FAT too: grow them until they cover all.
        var fatSectors = 0
        var difatSectors = 0
        while true {
            let total = sectors.count + fatSectors + difatSectors
            let neededFAT = (total + idsPerSector - 1) / idsPerSector
            let neededDIFAT = max(0, (neededFAT - 109 + idsPerSector - 2) / (idsPerSector - 1))
            if neededFAT == fatSectors, neededDIFAT == difatSectors { break }
            (fatSectors, difatSectors) = (neededFAT, neededDIFAT)
        }
        let firstFAT = sectors.count
        let fatIDs = (0..<fatSectors).map { UInt32(firstFAT + $0) }
        fat += repeatElement(0xFFFF_FFFD, count: fatSectors)
        fat += repeatElement(0xFFFF_FFFC, count: difatSectors)
        fat += repeatElement(Self.free, count: fatSectors * idsPerSector - fat.count)
        for index in 0..<fatSectors {
            sectors.append(Self.littleEndian(Array(fat[index * idsPerSector..<(index + 1) * idsPerSector])))
        }
        let firstDIFAT = sectors.count
        var rest = Array(fatIDs.dropFirst(109))
        for index in 0..<difatSectors {
            var ids = Array(rest.prefix(idsPerSector - 1))
            rest.removeFirst(ids.count)
            ids += repeatElement(Self.free, count: idsPerSector - 1 - ids.count)
            ids.append(index + 1 < difatSectors ? UInt32(firstDIFAT + index + 1) : Self.endOfChain)
            sectors.append(Self.littleEndian(ids))
        }

        var header = CompoundFile.signature + [UInt8](repeating: 0, count: 16)
        header += Self.littleEndian16([0x3E, UInt16(version), 0xFFFE, version == 3 ? 9 : 12, 6, 0, 0, 0])
        header += Self.littleEndian([0, UInt32(fatSectors), directoryStart, 0, 4096, miniFATStart,
                                     UInt32((miniFAT.count * 4 + sectorSize - 1) / sectorSize),
                                     difatSectors > 0 ? UInt32(firstDIFAT) : Self.endOfChain, UInt32(difatSectors)])
        header += Self.littleEndian(Array(fatIDs.prefix(109)) + Array(repeating: Self.free, count: max(0, 109 - fatSectors)))
        var file = header + [UInt8](repeating: 0, count: sectorSize - header.count)
        for sector in sectors {
            file += sector + [UInt8](repeating: 0, count: sectorSize - sector.count)
        }
        return file
    }

    private static func directoryEntry(_ name: String, type: UInt8, child: UInt32, right: UInt32, start: UInt32, size: Int) -> [UInt8] {
        let units = Array(name.utf16.prefix(31))
        var entry = littleEndian16(units) + [UInt8](repeating: 0, count: 64 - 2 * units.count)
        entry += littleEndian16([UInt16(2 * units.count + 2)]) + [type, 1]
        entry += littleEndian([free, right, child]) + [UInt8](repeating: 0, count: 36)
        entry += littleEndian([start, UInt32(size), 0])
        return entry
    }

    static func littleEndian(_ values: [UInt32]) -> [UInt8] {
        values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    }

    static func littleEndian16(_ values: [UInt16]) -> [UInt8] {
        values.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
    }

    /// The little-endian number at `offset`.
    static func uint32(_ bytes: [UInt8], _ offset: Int) -> Int {
        (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }

    /// Writes `value` little-endian at `offset`.
    static func patch(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt32) {
        bytes.replaceSubrange(offset..<offset + 4, with: littleEndian([value]))
    }
}

/// The compound-file layer of the .xls reader, on files built by `CompoundFileBuilder` and damaged.
@Suite struct CompoundFileTests {
    static let small = Array("东岙村".utf8) + [UInt8](repeating: 7, count: 100)
    static let large = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }

    @Test(arguments: [3, 4])
    func streamsReadBackFromSectorsAndTheMiniStream(version: Int) throws {
        let bytes = CompoundFileBuilder(version: version, streams: [("Workbook", Self.large), ("\u{5}SummaryInformation", Self.small),
                                                                    ("Empty", [])]).build()
        let file = try CompoundFile(bytes: bytes)
        #expect(Set(file.entries.map(\.name)) == ["Empty", "Workbook", "\u{5}SummaryInformation"])
        #expect(try file.stream("workbook") == Self.large, "names compare without case")
        #expect(try file.stream("\u{5}SummaryInformation") == Self.small)
        #expect(try file.stream("Empty") == [])
        #expect(try file.stream("Book") == nil)
        #expect(file.contains("WORKBOOK") && !file.contains("Book"))
    }

    /// More than 109 FAT sectors: the rest are listed in DIFAT sectors (512-byte sectors: a file
    /// over about 7 MB).
    @Test func fatSectorsBeyondTheHeaderAreFoundThroughTheDIFAT() throws {
        let stream = (0..<7_500_000).map { UInt8(truncatingIfNeeded: $0 / 512) }
        let bytes = CompoundFileBuilder(streams: [("Workbook", stream)]).build()
        #expect(CompoundFileBuilder.uint32(bytes, 0x48) >= 1, "the file has DIFAT sectors")
        #expect(try CompoundFile(bytes: bytes).stream("Workbook") == stream)
    }

    @Test func loopingChainsEnd() throws {
        var bytes = CompoundFileBuilder(streams: [("Workbook", Self.large)]).build()
        // The stream's chain starts at sector 0: make sector 3 lead back to sector 1.
        let fatStart = 512 + CompoundFileBuilder.uint32(bytes, 0x4C) * 512
        CompoundFileBuilder.patch(&bytes, fatStart + 4 * 3, 1)
        #expect(Self.problem(bytes) == .corruptWorkbook(reason: "the sectors of the stream Workbook form a loop"))

        var mini = CompoundFileBuilder(streams: [("Workbook", Self.small)]).build()
        let miniFATStart = 512 + CompoundFileBuilder.uint32(mini, 0x3C) * 512
        CompoundFileBuilder.patch(&mini, miniFATStart + 4, 0)
        #expect(Self.problem(mini) == .corruptWorkbook(reason: "the sectors of the stream Workbook form a loop"))
    }

    @Test func directoryWhoseLinksLoopEnds() throws {
        var bytes = CompoundFileBuilder(streams: [("Workbook", Self.small), ("Other", Self.small)]).build()
        let directory = 512 + CompoundFileBuilder.uint32(bytes, 0x30) * 512
        // Entry 2's right sibling is entry 1 again.
        CompoundFileBuilder.patch(&bytes, directory + 2 * 128 + 0x48, 1)
        #expect(try CompoundFile(bytes: bytes).entries.count == 2)
        CompoundFileBuilder.patch(&bytes, directory + 2 * 128 + 0x48, 90)
        #expect(Self.problem(bytes) == .corruptWorkbook(reason: "the compound file's directory points to entry 90, which does not exist"))
    }

    @Test func sizesThatLieAreNotBelieved() throws {
        var bytes = CompoundFileBuilder(streams: [("Workbook", Self.large)]).build()
        let directory = 512 + CompoundFileBuilder.uint32(bytes, 0x30) * 512
        CompoundFileBuilder.patch(&bytes, directory + 128 + 0x78, 1_000_000)
        #expect(Self.problem(bytes) == .corruptWorkbook(reason: "the stream Workbook declares 1000000 bytes but its sectors hold 20480"))
        CompoundFileBuilder.patch(&bytes, 0x2C, 5_000)
        #expect(Self.problem(bytes) == .corruptWorkbook(reason: "the compound file declares 5000 FAT sectors in a file of 42 sectors"))

        var pointer = CompoundFileBuilder(streams: [("Workbook", Self.large)]).build()
        CompoundFileBuilder.patch(&pointer, directory + 128 + 0x74, 0xFFFF_0000)
        #expect(Self.problem(pointer) == .corruptWorkbook(reason: "the stream Workbook points to sector 4294901760, which does not exist"))
    }

    @Test func filesThatAreNoCompoundFilesAreRefused() throws {
        let bytes = CompoundFileBuilder(streams: [("Workbook", Self.small)]).build()
        #expect(Self.problem([]) == .empty)
        #expect(Self.problem(Array("PK\u{3}\u{4}".utf8)) == .corruptWorkbook(reason: "not an OLE compound file"))
        #expect(Self.problem(Array(bytes.prefix(300))) == .corruptWorkbook(reason: "the compound file is cut short: 300 bytes, less than its header"))
        for length in stride(from: 512, to: bytes.count - 512, by: 256) {
            #expect(Self.problem(Array(bytes.prefix(length))) != nil, "cut at \(length)")
        }
    }

    @Test func fileLargerThanTheLimitIsNotRead() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let path = folder + "/big.xls"
        _ = FileManager.default.createFile(atPath: path, contents: Data(CompoundFileBuilder(streams: [("Workbook", Self.large)]).build()))
        #expect(throws: ReadProblem.workbookTooLarge(limit: "10000 bytes")) {
            try CompoundFile(path: path, limits: WorkbookLimits(totalBytes: 10_000))
        }
        #expect(try CompoundFile(path: path, limits: WorkbookLimits()).stream("Workbook") == Self.large)
    }

    static func problem(_ bytes: [UInt8]) -> ReadProblem? {
        do throws(ReadProblem) {
            let file = try CompoundFile(bytes: bytes)
            for entry in file.entries { _ = try file.stream(entry.name) }
            return nil
        } catch {
            return error
        }
    }
}
