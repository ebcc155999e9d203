/// A row's primary key as a 96-bit fingerprint: SipHash values of its parts (each part after its
/// length, so borders count), seeded afresh by every process. No unit can make two keys collide,
/// and chance makes a collision about 10⁻¹⁵ likely in a 10M-row file. With the row number, a key
/// takes sixteen bytes, which keeps a large file within PRODUCT §10's 32 bytes a row.
struct PackedKey: Hashable, Sendable {
    let high: UInt64
    let low: UInt32

    init(_ parts: some Sequence<String>) {
        var first = Hasher()
        var second = Hasher()
        second.combine(0x6875_697A_6F6E_6721 as UInt64)
        for var part in parts {
            part.withUTF8 { utf8 in
                first.combine(utf8.count)
                second.combine(utf8.count)
                first.combine(bytes: UnsafeRawBufferPointer(utf8))
                second.combine(bytes: UnsafeRawBufferPointer(utf8))
            }
        }
        high = UInt64(bitPattern: Int64(first.finalize()))
        low = UInt32(truncatingIfNeeded: second.finalize())
    }
}

/// The primary keys a file has shown, each with the row it was first accepted on.
///
/// 256 open-addressing tables, chosen by the key's top byte, each growing by half when three
/// quarters full: a key costs 21–32 bytes, and growing never holds more than one small table twice.
struct PrimaryKeyIndex {
    private struct Entry {
        var high: UInt64 = 0
        var low: UInt32 = 0
        /// The row, counted from 1; 0 marks an empty entry.
        var row: Int32 = 0
    }

    private struct Table {
        var entries = [Entry](repeating: Entry(), count: 16)
        var count = 0

        /// The entry holding `key`, or the empty one where it would go.
        func slot(of key: PackedKey) -> Int {
            // The top byte chose the table; the rest, scaled to the table's size, is where to start.
            var slot = Int((key.high << 8).multipliedFullWidth(by: UInt64(entries.count)).high)
            while entries[slot].row != 0, entries[slot].high != key.high || entries[slot].low != key.low {
                slot = slot + 1 == entries.count ? 0 : slot + 1
            }
            return slot
        }

        mutating func grow() {
            let old = entries
            entries = [Entry](repeating: Entry(), count: old.count + old.count / 2)
            for entry in old where entry.row != 0 {
                entries[slot(of: PackedKey(high: entry.high, low: entry.low))] = entry
            }
        }
    }

    private var tables = [Table](repeating: Table(), count: 256)

    /// The row `key` was first recorded for.
    func firstRow(of key: PackedKey) -> Int? {
        let table = tables[Int(key.high >> 56)]
        let entry = table.entries[table.slot(of: key)]
        return entry.row == 0 ? nil : Int(entry.row)
    }

    /// Records `key` for `row` (from 1) unless it is there already.
    mutating func insert(_ key: PackedKey, row: Int) {
        let index = Int(key.high >> 56)
        if 4 * (tables[index].count + 1) > 3 * tables[index].entries.count { tables[index].grow() }
        let slot = tables[index].slot(of: key)
        guard tables[index].entries[slot].row == 0 else { return }
        tables[index].entries[slot] = Entry(high: key.high, low: key.low, row: Int32(clamping: max(row, 1)))
        tables[index].count += 1
    }
}

extension PackedKey {
    /// A fingerprint as a table holds it.
    fileprivate init(high: UInt64, low: UInt32) {
        self.high = high
        self.low = low
    }
}
