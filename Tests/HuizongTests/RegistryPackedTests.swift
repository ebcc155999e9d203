import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The packed file kept beside the registry CSV: written on the first load, mapped on later ones,
/// and rebuilt whenever it does not match the CSV or is not sound.
@Suite struct RegistryPackedTests {
    /// Villages and enterprises, one of them with a name long enough for a two-byte length.
    static let units: [Registry.Unit] = (0..<3000).map { i in
        let village = String(format: "33020611%04d", i / 10 * 10)
        if i % 10 == 0 {
            return Registry.Unit(code: village, name: "村\(i)", type: "村", villageCode: "")
        }
        let name = i == 7 ? String(repeating: "很长的名称", count: 30) : "企业\(i)"
        return Registry.Unit(code: String(format: "91330206%010d", i), name: name, type: "企业", villageCode: village)
    }

    /// A scratch folder holding units.csv, and the path of its packed file.
    struct Folder {
        let path: String
        var csv: String { path + "/units.csv" }
        var packed: String { path + "/.units.packed" }

        init() throws {
            path = try TestSupport.temporaryFolder()
        }

        /// Writes the registry CSV, modified `age` seconds ago (a CSV written just now is not packed yet).
        func writeCSV(_ units: [Registry.Unit], age: TimeInterval = 60) throws {
            let rows = units.map { [$0.code, $0.name, $0.type, $0.villageCode].joined(separator: ",") }
            try TestSupport.write(([Registry.header.joined(separator: ",")] + rows).joined(separator: "\n") + "\n", to: csv)
            try setAge(age)
        }

        func setAge(_ age: TimeInterval) throws {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: csv)
        }

        func packedBytes() throws -> [UInt8] {
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: packed)))
        }

        /// Writes the test units' CSV, loads it once and gives the packed file written.
        func soundPackedFile() throws -> [UInt8] {
            try writeCSV(RegistryPackedTests.units)
            _ = try Registry.load(path: csv)
            return try packedBytes()
        }

        /// Replaces the packed file (by a rename, as the registry does, so no mapping sees it change).
        func replacePacked(_ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: packed), options: .atomic)
        }

        func packedModified() throws -> Date? {
            try FileManager.default.attributesOfItem(atPath: packed)[.modificationDate] as? Date
        }
    }

    /// Every unit is found as given, by `unit(_:)` and `registration(of:)`, in file order, and nothing else is.
    func expectHolds(_ registry: Registry, _ units: [Registry.Unit] = Self.units) {
        #expect(registry.count == units.count)
        #expect(registry.units == units)
        #expect(units.allSatisfy { registry.unit($0.code) == $0 })
        #expect(units.enumerated().allSatisfy { place, unit in
            registry.registration(of: unit.code, type: unit.type, name: unit.name) == .registered(place: place, otherName: nil)
        })
        #expect(registry.unit("913302069999999999") == nil)
        #expect(registry.unit("") == nil)
        if let first = units.first {
            let otherType = first.type == "村" ? "企业" : "村"
            #expect(registry.registration(of: first.code, type: otherType, name: first.name) == .otherType(first.type))
            #expect(registry.registration(of: first.code, type: first.type, name: first.name + "分厂")
                == .registered(place: 0, otherName: first.name))
            #expect(registry.registration(of: first.code, type: first.type, name: nil) == .registered(place: 0, otherName: nil))
        }
    }

    @Test func packedFileIsWrittenOnFirstLoadAndMappedAfter() throws {
        let folder = try Folder()
        defer { TestSupport.remove(folder.path) }
        try folder.writeCSV(Self.units)

        let first = try Registry.load(path: folder.csv)
        #expect(first.source == .csv)
        expectHolds(first)
        let written = try #require(try folder.packedModified())

        let second = try Registry.load(path: folder.csv)
        #expect(second.source == .packedFile)
        expectHolds(second)
        #expect(try folder.packedModified() == written)
    }

    @Test func changedCSVRebuildsPackedFile() throws {
        let folder = try Folder()
        defer { TestSupport.remove(folder.path) }
        try folder.writeCSV(Self.units)
        _ = try Registry.load(path: folder.csv)

        // Same bytes, another modification time.
        try folder.setAge(120)
        #expect(try Registry.load(path: folder.csv).source == .csv)
        #expect(try Registry.load(path: folder.csv).source == .packedFile)

        // Same size, another name.
        let size = { try FileManager.default.attributesOfItem(atPath: folder.csv)[.size] as? Int }
        let sizeBefore = try size()
        var renamed = Self.units
        renamed[3].name = "企业X"
        try folder.writeCSV(renamed, age: 30)
        #expect(try size() == sizeBefore)
        let reread = try Registry.load(path: folder.csv)
        #expect(reread.source == .csv)
        expectHolds(reread, renamed)
        let mapped = try Registry.load(path: folder.csv)
        #expect(mapped.source == .packedFile)
        expectHolds(mapped, renamed)

        // Fewer units.
        try folder.writeCSV(Array(Self.units.prefix(100)), age: 10)
        expectHolds(try Registry.load(path: folder.csv), Array(Self.units.prefix(100)))
        expectHolds(try Registry.load(path: folder.csv), Array(Self.units.prefix(100)))
    }

    @Test func justWrittenCSVIsNotPackedYet() throws {
        let folder = try Folder()
        defer { TestSupport.remove(folder.path) }
        try folder.writeCSV(Self.units, age: 0)
        expectHolds(try Registry.load(path: folder.csv))
        #expect(!FileManager.default.fileExists(atPath: folder.packed))
    }

    /// A packed file that is damaged in any way is not used: the CSV is read, and the file written anew.
    @Test(arguments: Damage.allCases)
    func damagedPackedFileIsRebuilt(_ damage: Damage) throws {
        let folder = try Folder()
        defer { TestSupport.remove(folder.path) }
        let sound = try folder.soundPackedFile()
        try folder.replacePacked(damage.apply(to: sound))

        let rebuilt = try Registry.load(path: folder.csv)
        #expect(rebuilt.source == .csv)
        expectHolds(rebuilt)
        #expect(try folder.packedBytes() == sound)
        #expect(try Registry.load(path: folder.csv).source == .packedFile)
    }

    enum Damage: CaseIterable, Sendable {
        case empty, header, truncated, longer, bitFlipInTexts, bitFlipInCount
        /// Under a checksum made to match the change.
        case wrongMagic, wrongVersion, startOutOfRange, slotOutOfRange, slotOfNoType, comparesCodesNeitherYesNorNo
        /// Sound, but built from another CSV.
        case otherCSV

        func apply(to sound: [UInt8]) -> [UInt8] {
            var bytes = sound
            let layout = PackedLayout(sound)
            let (count, slots) = (layout.count, layout.slots)
            switch self {
            case .empty: return []
            case .header: return Array(sound.prefix(88))
            case .truncated: bytes.removeLast(100)
            case .longer: bytes += [UInt8](repeating: 0, count: 8)
            case .bitFlipInTexts: bytes[bytes.count - 200] ^= 0x10
            case .bitFlipInCount: bytes[56] ^= 0x01
            case .wrongMagic: bytes[0] = UInt8(ascii: "X")
            case .wrongVersion: setWord(1, to: PackedRegistryFile.version + 1, in: &bytes)
            case .startOutOfRange: setWord32(at: 92, to: 0xFFFF_FFF0, in: &bytes)
            case .slotOutOfRange: setWord32(at: slots + 8, to: UInt32(count + 5), in: &bytes)
            case .slotOfNoType: setWord32(at: slots + 16 * (count / 2) + 8, to: 0xC000_0001, in: &bytes)
            case .comparesCodesNeitherYesNorNo: setWord(10, to: 2, in: &bytes)
            case .otherCSV: setWord(5, to: word(5, of: sound) + 1, in: &bytes)
            }
            switch self {
            case .wrongMagic, .wrongVersion, .startOutOfRange, .slotOutOfRange, .slotOfNoType, .comparesCodesNeitherYesNorNo, .otherCSV:
                return resealed(bytes)
            default: return bytes
            }
        }
    }

    /// A file that passes every check but whose texts are garbage, or whose slot table has no empty
    /// slot, finds nothing or a wrong unit, but every look-up ends without reading outside the file.
    @Test func hostileTablesNeverReadOutside() throws {
        let folder = try Folder()
        defer { TestSupport.remove(folder.path) }
        let sound = try folder.soundPackedFile()
        let layout = PackedLayout(sound)
        let (count, slotCount, slots, texts) = (layout.count, layout.slotCount, layout.slots, layout.texts)

        var garbled = sound
        for i in texts..<(garbled.count - 8) { garbled[i] = 0xFF }
        try folder.replacePacked(resealed(garbled))
        let garbledRegistry = try Registry.load(path: folder.csv)
        #expect(garbledRegistry.source == .packedFile)
        #expect(garbledRegistry.units.isEmpty)
        #expect(Self.units.allSatisfy { garbledRegistry.unit($0.code) == nil })
        // The slots are sound: a look-up that needs no text still finds its unit; one that would
        // read a name finds nothing.
        #expect(Self.units.enumerated().allSatisfy { place, unit in
            garbledRegistry.registration(of: unit.code, type: unit.type, name: unit.name) == .registered(place: place, otherName: nil)
                && garbledRegistry.registration(of: unit.code, type: unit.type, name: unit.name + "分厂") == .unregistered
        })

        var full = sound
        for slot in 0..<slotCount { setWord32(at: slots + 16 * slot + 8, to: UInt32(slot % count), in: &full) }
        try folder.replacePacked(resealed(full))
        let fullRegistry = try Registry.load(path: folder.csv)
        #expect(fullRegistry.source == .packedFile)
        #expect(fullRegistry.unit("913302069999999999") == nil)
        #expect(fullRegistry.units == Self.units)
        var fullHashes = (Self.units.map(\.code) + ["913302069999999999", ""]).map { Registry.codeHash($0.utf8) }
        _ = fullRegistry.warm(hashes: &fullHashes)
        #expect(fullHashes.allSatisfy { $0 < UInt64(count) })
    }

    /// Slots take seven tenths of a loaded registry's units, however the table grew while it was read.
    @Test func packedSlotsAreSettled() throws {
        let folder = try Folder()
        defer { TestSupport.remove(folder.path) }
        let bytes = try folder.soundPackedFile()
        #expect(word(8, of: bytes) == UInt64(Self.units.count * 10 / 7 + 1))
        #expect(word(10, of: bytes) == 0)
    }

    /// A registry in which two codes have the same hash compares the codes' texts on every look-up: a
    /// unit whose code's text differs from the one asked for is not taken for it.
    @Test func sameHashComparesTheCodes() throws {
        let folder = try Folder()
        defer { TestSupport.remove(folder.path) }
        var bytes = try folder.soundPackedFile()
        let texts = PackedLayout(bytes).texts
        // The first unit's code, after its length byte, made to read 9 where it reads 3.
        let digit = texts + 1 + 1
        #expect(bytes[digit] == UInt8(ascii: "3"))
        bytes[digit] = UInt8(ascii: "9")
        try folder.replacePacked(resealed(bytes))
        #expect(try Registry.load(path: folder.csv).unit(Self.units[0].code)?.code == "39" + Self.units[0].code.dropFirst(2))

        setWord(10, to: 1, in: &bytes)
        try folder.replacePacked(resealed(bytes))
        let comparing = try Registry.load(path: folder.csv)
        #expect(comparing.source == .packedFile)
        #expect(comparing.unit(Self.units[0].code) == nil)
        #expect(comparing.unit(Self.units[1].code) == Self.units[1])
    }

    /// A new code whose hash a slot holds already, for another code, is told apart from a code given twice.
    @Test func newCodeWithAnotherCodesHashIsNoDuplicate() {
        let code = Array("913302060000000001".utf8)
        let other = Array("913302060000000002".utf8)
        let hash = UnitTableView.hash(code)
        var texts: [UInt8] = []
        texts.appendLengthPrefixed("913302060000000002")
        for text in ["企业", "企业", ""] { texts.appendLengthPrefixed(text) }
        var slots = [UInt64](repeating: 0, count: 32)
        for i in 0..<16 { slots[2 * i + 1] = UnitTableView.Slot.empty }
        let slot = UnitTableView.Slot(hash: hash, index: 0, type: .enterprise, nameHash: 0).words
        let first = UnitTableView.firstSlot(hash, slotCount: 16)
        (slots[2 * first], slots[2 * first + 1]) = (slot.0, slot.1)
        texts.withUnsafeBytes { texts in
            [UInt32(0)].withUnsafeBytes { starts in
                slots.withUnsafeBytes { slots in
                    let view = UnitTableView(texts: texts, starts: starts, slots: slots, comparesCodes: false)
                    #expect(view.place(ofNew: code, hash: hash) == .sameHash)
                    #expect(view.place(ofNew: other, hash: hash) == .taken)
                    #expect(view.place(ofNew: code, hash: hash &+ 1) == .free)
                }
            }
        }
    }

    /// SipHash-2-4's test vectors from its paper: key 00…0f, messages 00, 01, … of 0 and 15 bytes.
    @Test func sipHashMatchesThePapersVectors() {
        let sipHash = SipHash(key: (0x0706_0504_0302_0100, 0x0F0E_0D0C_0B0A_0908), compressionRounds: 2, finalizationRounds: 4)
        #expect(sipHash.hash([UInt8]()) == 0x726F_DB47_DD0E_0E31)
        #expect(sipHash.hash((0..<15).map(UInt8.init)) == 0xA129_CA61_49BE_45E5)
        #expect(sipHash.hash((0..<15).map(UInt8.init).lazy.map { $0 }) == 0xA129_CA61_49BE_45E5)
    }

    /// A folder the packed file cannot be written to costs nothing but the time of reading the CSV.
    @Test func unwritableFolderStillLoads() throws {
        let folder = try Folder()
        defer { TestSupport.remove(folder.path) }
        try folder.writeCSV(Self.units)
        let manager = FileManager.default
        try manager.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        let readOnly = try Registry.load(path: folder.csv)
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        expectHolds(readOnly)
        #expect(manager.fileExists(atPath: folder.packed) == (getuid() == 0))

        // A folder in the packed file's place cannot be read as one nor replaced (even by root).
        try? manager.removeItem(atPath: folder.packed)
        try manager.createDirectory(atPath: folder.packed, withIntermediateDirectories: false)
        for _ in 0..<2 {
            let registry = try Registry.load(path: folder.csv)
            #expect(registry.source == .csv)
            expectHolds(registry)
        }
        #expect(try manager.contentsOfDirectory(atPath: folder.path).sorted() == [".units.packed", "units.csv"])
    }

    @Test func brokenCSVIsReportedDespiteAnOldPackedFile() throws {
        let folder = try Folder()
        defer { TestSupport.remove(folder.path) }
        try folder.writeCSV(Self.units)
        _ = try Registry.load(path: folder.csv)
        var broken = Self.units
        broken[5].type = "社区"
        try folder.writeCSV(broken, age: 30)
        let error = try #require(throws: SchemaError.self) { try Registry.load(path: folder.csv) }
        #expect(error.line == 7)
        #expect(error.problem == .unknownValue("社区", allowed: ["村", "企业"]))
    }

    @Test func emptyRegistryIsPackedToo() throws {
        let folder = try Folder()
        defer { TestSupport.remove(folder.path) }
        try folder.writeCSV([])
        expectHolds(try Registry.load(path: folder.csv), [])
        let mapped = try Registry.load(path: folder.csv)
        #expect(mapped.source == .packedFile)
        expectHolds(mapped, [])
    }

    @Test func packedFileIsNamedAfterTheCSV() {
        #expect(PackedRegistryFile.path(beside: "/ws/seeds/units.csv") == "/ws/seeds/.units.packed")
        #expect(PackedRegistryFile.path(beside: "registry") == ".registry.packed")
    }

    @Test func checksumDoesNotDependOnHowBytesArrive() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var whole = WordChecksum()
        bytes.withUnsafeBytes { whole.add($0) }
        var pieces = WordChecksum()
        var start = 0
        for length in [3, 5, 8, 1, 13, 970] {
            bytes[start..<(start + length)].withUnsafeBytes { pieces.add($0) }
            start += length
        }
        #expect(pieces.value == whole.value)
        var flipped = bytes
        flipped[500] ^= 1
        var other = WordChecksum()
        flipped.withUnsafeBytes { other.add($0) }
        #expect(other.value != whole.value)
    }
}

/// Where a packed file's tables start: its unit and slot counts, from the header, and the offsets
/// of the slots and the texts.
private struct PackedLayout {
    let count: Int
    let slotCount: Int
    let slots: Int
    let texts: Int

    init(_ bytes: [UInt8]) {
        count = Int(word(7, of: bytes))
        slotCount = Int(word(8, of: bytes))
        slots = (88 + 4 * count + 7) & ~7
        texts = slots + 16 * slotCount
    }
}

/// Header word `index` (0 is the magic) of a packed file.
private func word(_ index: Int, of bytes: [UInt8]) -> UInt64 {
    bytes[(8 * index)..<(8 * index + 8)].withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
}

private func setWord(_ index: Int, to value: UInt64, in bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange((8 * index)..<(8 * index + 8), with: $0) }
}

private func setWord32(at offset: Int, to value: UInt32, in bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<(offset + 4), with: $0) }
}

/// The bytes with their trailing checksum made to match them again.
private func resealed(_ bytes: [UInt8]) -> [UInt8] {
    var checksum = WordChecksum()
    bytes.dropLast(8).withUnsafeBytes { checksum.add($0) }
    var sealed = bytes
    withUnsafeBytes(of: checksum.value.littleEndian) { sealed.replaceSubrange((bytes.count - 8)..<bytes.count, with: $0) }
    return sealed
}
