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
    /// Indexes into `starts` by the code's hash, each beside a tag of that hash (`UnitTableView.entry`),
    /// all ones where empty; a power of two, at most three quarters full.
    private var slots: [UInt64] = []

    var count: Int { starts.count }

    /// Makes room for `count` bytes of texts, sparing a large registry the copies of a growing array.
    mutating func reserveTexts(_ count: Int) {
        texts.reserveCapacity(count)
    }

    /// Adds `unit` unless its code is there already; false when it was.
    mutating func insert(_ unit: Registry.Unit) -> Bool {
        guard withView({ $0.index(of: unit.code.utf8) }) == nil else { return false }
        if 4 * (starts.count + 1) > 3 * slots.count { grow() }
        Self.place(starts.count, hash: UnitTableView.hash(unit.code.utf8), in: &slots)
        starts.append(UInt32(texts.count).littleEndian)
        for text in [unit.code, unit.name, unit.type, unit.villageCode] {
            texts.appendLengthPrefixed(text)
        }
        return true
    }

    /// Doubles the table, placing every unit again.
    private mutating func grow() {
        var grown = [UInt64](repeating: UnitTableView.emptySlot, count: max(16, 2 * slots.count))
        withView { view in
            for index in 0..<view.count {
                Self.place(index, hash: view.codeHash(of: index), in: &grown)
            }
        }
        slots = grown
    }

    /// Puts unit `index` in the first empty slot from where its code's hash points.
    private static func place(_ index: Int, hash: UInt64, in slots: inout [UInt64]) {
        let mask = slots.count - 1
        var slot = UnitTableView.firstSlot(hash, mask: mask)
        while slots[slot] != UnitTableView.emptySlot { slot = (slot + 1) & mask }
        slots[slot] = UnitTableView.entry(index, hash: hash).littleEndian
    }

    func withView<Result>(_ body: (UnitTableView) -> Result) -> Result {
        texts.withUnsafeBytes { texts in
            starts.withUnsafeBytes { starts in
                slots.withUnsafeBytes { slots in
                    body(UnitTableView(texts: texts, starts: starts, slots: slots))
                }
            }
        }
    }
}

/// The registry's three tables as raw memory, wherever they are held: the arrays of `UnitTables` or
/// a mapped packed file.
///
/// Every read is checked against the tables' bounds, because a mapped file's bytes are only as sound
/// as the file: a damaged table finds nothing, or a wrong unit, but never reads outside its memory.
struct UnitTableView {
    /// The units' texts, each after its length as a LEB128 number.
    let texts: UnsafeRawBufferPointer
    /// Where each unit starts in `texts`, as little-endian UInt32s, in file order.
    let starts: UnsafeRawBufferPointer
    /// Indexes into `starts` by the code's hash, as little-endian UInt64s (`entry`), all ones where
    /// empty; a power of two.
    let slots: UnsafeRawBufferPointer

    /// The unit's four texts, as places in `texts`.
    typealias Fields = (code: Range<Int>, name: Range<Int>, type: Range<Int>, villageCode: Range<Int>)

    var count: Int { starts.count / 4 }

    /// FNV-1a, which spreads codes that differ in their last digits.
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    static func firstSlot(_ hash: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    }

    static let emptySlot = UInt64.max

    /// A slot's number: the unit's index in its low 32 bits, the high half of its code's hash above,
    /// so that a probe passes other codes without reading their texts, which lie far apart in memory.
    static func entry(_ index: Int, hash: UInt64) -> UInt64 {
        hash & 0xFFFF_FFFF_0000_0000 | UInt64(UInt32(truncatingIfNeeded: index))
    }

    /// The unit index of a slot's number; -1 for an empty slot.
    static func index(ofEntry entry: UInt64) -> Int {
        Int(Int32(truncatingIfNeeded: entry))
    }

    /// The index of the unit with `code`; nil when there is none.
    func index(of code: some Collection<UInt8>) -> Int? {
        let slotCount = slots.count / 8
        guard slotCount > 0 else { return nil }
        // Masking keeps every slot in the table even if its size were not a power of two; the probes
        // are counted so that a table with no empty slot ends too.
        let mask = slotCount - 1
        let hash = Self.hash(code)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Self.firstSlot(hash, mask: mask)
        for _ in 0..<slotCount {
            let entry = UInt64(littleEndian: slots.loadUnaligned(fromByteOffset: 8 * slot, as: UInt64.self))
            let index = Self.index(ofEntry: entry)
            guard index >= 0, index < count else { return nil }
            if entry & 0xFFFF_FFFF_0000_0000 == tag, let stored = text(at: start(of: index), end: end(of: index)), holds(stored, code) {
                return index
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Reads, for each code at once, what a look-up of it reads first: its slot, then its unit's
    /// start, then the first bytes of its texts. The reads of one step do not wait for each other,
    /// so their trips to memory overlap; the look-ups that follow find them in the cache.
    /// - Returns: a sum of what was read. Never inlined, so that no read is dropped as unused.
    @inline(never)
    func warm(hashes: inout [UInt64]) -> UInt64 {
        let slotCount = slots.count / 8
        guard slotCount > 0 else { return 0 }
        var sum: UInt64 = 0
        for i in hashes.indices {
            let slot = Self.firstSlot(hashes[i], mask: slotCount - 1)
            hashes[i] = UInt64(littleEndian: slots.loadUnaligned(fromByteOffset: 8 * slot, as: UInt64.self))
        }
        for i in hashes.indices {
            let index = Self.index(ofEntry: hashes[i])
            hashes[i] = index >= 0 && index < count ? UInt64(start(of: index)) : UInt64.max
        }
        for offset in hashes where offset < texts.count {
            sum &+= UInt64(texts[Int(offset)])
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

    /// The hash of unit `index`'s code, for placing it in a grown table.
    func codeHash(of index: Int) -> UInt64 {
        Self.hash(text(at: start(of: index), end: end(of: index)).map { texts[$0] } ?? texts[0..<0])
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
