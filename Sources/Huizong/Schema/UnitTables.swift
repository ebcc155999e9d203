#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The registry's tables as they are built, from units or the CSV: arrays that grow as units are added.
///
/// Numbers are kept little-endian, so that the tables' bytes mean the same on any machine and can be
/// stored as they are; they are read through `UnitTableView`.
struct UnitTables: Sendable {
    /// The units' texts, code, name, type and village code, each after its length as a LEB128
    /// number (one byte below 128).
    private var texts: [UInt8] = []
    /// Where each unit starts in `texts`, in file order.
    private var starts: [UInt32] = []
    /// Two words a slot (`UnitTableView.Slot`), the units by their code's hash; at most seven tenths
    /// full (`UnitTableView.slotCount(for:)`).
    private var slots: [UInt64] = []
    /// True once two different codes were found with the same hash: a look-up then compares the
    /// codes' texts too.
    private(set) var comparesCodes = false

    var count: Int { starts.count }

    /// Makes room for `count` bytes of texts, sparing a large registry the copies of a growing array.
    mutating func reserveTexts(_ count: Int) {
        texts.reserveCapacity(count)
    }

    /// Adds `unit` unless its code is there already; false when it was.
    mutating func insert(_ unit: Registry.Unit) -> Bool {
        let hash = UnitTableView.hash(unit.code.utf8)
        switch withView({ $0.place(ofNew: unit.code.utf8, hash: hash) }) {
        case .taken:
            return false
        case .sameHash:
            comparesCodes = true
        case .free:
            break
        }
        if UnitTableView.slotCount(for: starts.count + 1) > slots.count / 2 {
            resize(to: UnitTableView.slotCount(for: 2 * (starts.count + 1)))
        }
        let slot = UnitTableView.Slot(hash: hash, index: starts.count, type: UnitTableView.UnitType(unit.type),
                                      nameHash: UnitTableView.nameHash(unit.name.utf8))
        Self.place(slot, in: &slots)
        starts.append(UInt32(texts.count).littleEndian)
        for text in [unit.code, unit.name, unit.type, unit.villageCode] {
            texts.appendLengthPrefixed(text)
        }
        return true
    }

    /// Makes the slot table as small as its units allow: what a loaded registry keeps, after growing
    /// by doubling while it was read.
    mutating func settle() {
        let settled = UnitTableView.slotCount(for: count)
        if settled < slots.count / 2 { resize(to: settled) }
    }

    /// Places every unit again in a table of `slotCount` slots.
    private mutating func resize(to slotCount: Int) {
        var resized = [UInt64](repeating: 0, count: 2 * slotCount)
        for i in 0..<slotCount { resized[2 * i + 1] = UnitTableView.Slot.empty.littleEndian }
        for i in stride(from: 0, to: slots.count, by: 2) where UInt64(littleEndian: slots[i + 1]) != UnitTableView.Slot.empty {
            guard let slot = UnitTableView.Slot(words: (UInt64(littleEndian: slots[i]), UInt64(littleEndian: slots[i + 1]))) else { continue }
            Self.place(slot, in: &resized)
        }
        slots = resized
    }

    /// Puts `slot` in the first empty slot from where its hash points.
    private static func place(_ slot: UnitTableView.Slot, in slots: inout [UInt64]) {
        let slotCount = slots.count / 2
        var i = UnitTableView.firstSlot(slot.hash, slotCount: slotCount)
        while UInt64(littleEndian: slots[2 * i + 1]) != UnitTableView.Slot.empty { i = i + 1 == slotCount ? 0 : i + 1 }
        let words = slot.words
        slots[2 * i] = words.0.littleEndian
        slots[2 * i + 1] = words.1.littleEndian
    }

    func withView<Result>(_ body: (UnitTableView) -> Result) -> Result {
        texts.withUnsafeBytes { texts in
            starts.withUnsafeBytes { starts in
                slots.withUnsafeBytes { slots in
                    body(UnitTableView(texts: texts, starts: starts, slots: slots, comparesCodes: comparesCodes))
                }
            }
        }
    }
}

/// The registry's three tables as raw memory, wherever they are held: the arrays of `UnitTables` or
/// a mapped packed file.
///
/// A unit is found by its code's SipHash alone, in a slot that also holds its type and its name's
/// hash: checking a row reads one slot, and the texts only where a name differs. In a registry of a
/// million units, a million look-ups thus touch the 16-byte slots but not the texts, four times as
/// large, which stay out of memory.
///
/// Every read is checked against the tables' bounds, because a mapped file's bytes are only as sound
/// as the file: a damaged table finds nothing, or a wrong unit, but never reads outside its memory.
struct UnitTableView {
    /// The units' texts, each after its length as a LEB128 number.
    let texts: UnsafeRawBufferPointer
    /// Where each unit starts in `texts`, as little-endian UInt32s, in file order.
    let starts: UnsafeRawBufferPointer
    /// The slots, two little-endian UInt64s each (`Slot`).
    let slots: UnsafeRawBufferPointer
    /// True when two codes of the registry have the same hash: a code is then compared as text too.
    let comparesCodes: Bool

    /// The unit's four texts, as places in `texts`.
    typealias Fields = (code: Range<Int>, name: Range<Int>, type: Range<Int>, villageCode: Range<Int>)

    /// A unit's type as its slot holds it: the registry's two, or another that only its texts name.
    enum UnitType: UInt64 {
        case village = 0, enterprise, other

        init(_ type: String) {
            self = switch type {
            case Self.village.text: .village
            case Self.enterprise.text: .enterprise
            default: .other
            }
        }

        /// The type's text; nil for `other`.
        var text: String? {
            switch self {
            case .village: "村"
            case .enterprise: "企业"
            case .other: nil
            }
        }
    }

    /// One slot: a unit's code hash, index, type and name hash, in two words.
    struct Slot: Equatable {
        /// The second word of an empty slot: a type no unit has.
        static let empty = UInt64(UInt32.max)
        /// The highest index a slot can hold.
        static let maximumIndex = 0x3FFF_FFFF

        var hash: UInt64
        var index: Int
        var type: UnitType
        var nameHash: UInt32

        init(hash: UInt64, index: Int, type: UnitType, nameHash: UInt32) {
            self.hash = hash
            self.index = index
            self.type = type
            self.nameHash = nameHash
        }

        /// The slot of these two words (in the machine's order): the code's hash; then the unit's
        /// index in the low 30 bits, its type in the two above, and the name's hash in the high half.
        /// Nil for an empty slot or a type no slot is written with.
        init?(words: (UInt64, UInt64)) {
            guard let type = UnitType(rawValue: words.1 >> 30 & 3) else { return nil }
            hash = words.0
            index = Int(words.1 & UInt64(Self.maximumIndex))
            self.type = type
            nameHash = UInt32(truncatingIfNeeded: words.1 >> 32)
        }

        var words: (UInt64, UInt64) {
            (hash, UInt64(index & Self.maximumIndex) | type.rawValue << 30 | UInt64(nameHash) << 32)
        }
    }

    var count: Int { starts.count / 4 }

    private var slotCount: Int { slots.count / 16 }

    /// Slots are at most seven tenths full, so that a look-up probes few of them.
    static func slotCount(for units: Int) -> Int {
        max(16, units * 10 / 7 + 1)
    }

    private static let codeHasher = SipHash(key: (0x6875_697A_6F6E_6743, 0x6F64_6548_6173_6831), compressionRounds: 1,
                                            finalizationRounds: 3)

    /// The hash a code is found by.
    static func hash(_ code: some Collection<UInt8>) -> UInt64 {
        codeHasher.hash(code)
    }

    /// The hash a name is compared by: names with different hashes differ.
    static func nameHash(_ name: some Collection<UInt8>) -> UInt32 {
        UInt32(truncatingIfNeeded: codeHasher.hash(name) >> 32)
    }

    /// The slot a hash's probe starts at: its high bits scaled to the table.
    static func firstSlot(_ hash: UInt64, slotCount: Int) -> Int {
        Int(truncatingIfNeeded: hash.multipliedFullWidth(by: UInt64(slotCount)).high)
    }

    /// The slot at `i`, or nil when it is empty or names no unit of the tables.
    private func slot(_ i: Int) -> Slot? {
        let words = (UInt64(littleEndian: slots.loadUnaligned(fromByteOffset: 16 * i, as: UInt64.self)),
                     UInt64(littleEndian: slots.loadUnaligned(fromByteOffset: 16 * i + 8, as: UInt64.self)))
        guard let slot = Slot(words: words), slot.index < count else { return nil }
        return slot
    }

    /// The slot of the unit with `code`; nil when there is none.
    func slot(of code: some Collection<UInt8>) -> Slot? {
        guard slotCount > 0 else { return nil }
        let hash = Self.hash(code)
        var i = Self.firstSlot(hash, slotCount: slotCount)
        // The probes are counted, so that a table with no empty slot ends too.
        for _ in 0..<slotCount {
            guard let slot = slot(i) else { return nil }
            if slot.hash == hash, !comparesCodes || holdsCode(code, at: slot.index) { return slot }
            i = i + 1 == slotCount ? 0 : i + 1
        }
        return nil
    }

    /// The index of the unit with `code`; nil when there is none.
    func index(of code: some Collection<UInt8>) -> Int? {
        slot(of: code)?.index
    }

    /// Where a new unit with `code` stands: its code taken already, another code with its hash there,
    /// or neither.
    func place(ofNew code: some Collection<UInt8>, hash: UInt64) -> NewCode {
        guard slotCount > 0 else { return .free }
        var i = Self.firstSlot(hash, slotCount: slotCount)
        var found = NewCode.free
        for _ in 0..<slotCount {
            guard let slot = slot(i) else { break }
            if slot.hash == hash {
                if holdsCode(code, at: slot.index) { return .taken }
                found = .sameHash
            }
            i = i + 1 == slotCount ? 0 : i + 1
        }
        return found
    }

    enum NewCode {
        case free, taken, sameHash
    }

    private func holdsCode(_ code: some Collection<UInt8>, at index: Int) -> Bool {
        guard let stored = codeAndName(of: index)?.code else { return false }
        return holds(stored, code)
    }

    /// Reads, for each code's hash at once, the slot its look-up reads first, so that the reads'
    /// trips to memory overlap; the look-ups that follow find the slots in the cache.
    /// - Returns: each hash replaced by the index of the unit in that slot, `UInt64.max` where it
    ///   names none, and a sum of what was read. Never inlined, so that no read is dropped as unused.
    @inline(never)
    func warm(hashes: inout [UInt64]) -> UInt64 {
        guard slotCount > 0 else { return 0 }
        var sum: UInt64 = 0
        for i in hashes.indices {
            let index = slot(Self.firstSlot(hashes[i], slotCount: slotCount))?.index
            hashes[i] = index.map(UInt64.init) ?? UInt64.max
            sum &+= hashes[i]
        }
        return sum
    }

    /// The unit's texts; nil when they do not fit in its place.
    func fields(of index: Int) -> Fields? {
        let end = end(of: index)
        guard let (code, name) = codeAndName(of: index), let type = text(at: name.upperBound, end: end),
              let villageCode = text(at: type.upperBound, end: end)
        else { return nil }
        return (code, name, type, villageCode)
    }

    /// The unit's code and name, the first two of its texts, read alone; nil when its index is out of
    /// range or they do not fit in its place.
    func codeAndName(of index: Int) -> (code: Range<Int>, name: Range<Int>)? {
        guard index >= 0, index < count else { return nil }
        let end = end(of: index)
        guard let code = text(at: start(of: index), end: end), let name = text(at: code.upperBound, end: end) else { return nil }
        return (code, name)
    }

    func unit(at index: Int) -> Registry.Unit? {
        fields(of: index).map { fields in
            Registry.Unit(code: string(fields.code), name: string(fields.name), type: string(fields.type),
                          villageCode: string(fields.villageCode))
        }
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: texts[range]), as: UTF8.self)
    }

    private func start(of index: Int) -> Int {
        Int(UInt32(littleEndian: starts.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)))
    }

    /// Where the unit's texts end: where the next unit starts, or at the end of the texts.
    private func end(of index: Int) -> Int {
        min(index + 1 < count ? start(of: index + 1) : texts.count, texts.count)
    }

    /// The place of the text whose length is at `offset`; nil when it runs past `end`.
    private func text(at offset: Int, end: Int) -> Range<Int>? {
        texts.lengthPrefixedText(at: offset, end: end)
    }

    /// True when the text at `stored` is `code`'s bytes, compared as memory where the code lies in
    /// one piece (a native String's does).
    func holds(_ stored: Range<Int>, _ code: some Collection<UInt8>) -> Bool {
        guard stored.count == code.count else { return false }
        let compared = code.withContiguousStorageIfAvailable { code in
            stored.isEmpty || memcmp(texts.baseAddress! + stored.lowerBound, code.baseAddress!, stored.count) == 0
        }
        return compared ?? texts[stored].elementsEqual(code)
    }
}
