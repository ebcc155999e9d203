/// A row's primary key: where the key is a unit and a period (as every shipped type's is), the
/// unit's place in the registry and the month, exactly; otherwise a 96-bit fingerprint, SipHash
/// values of its parts (each part after its length, so borders count), seeded afresh by every
/// process. No unit can make two fingerprints collide, and chance makes a collision about 10⁻¹⁵
/// likely in a 10M-row file.
struct PackedKey: Hashable, Sendable {
    let high: UInt64
    let low: UInt32

    /// The key of a unit's place in the registry and a period's month number (`YearMonth.number`):
    /// exact, for a type whose primary key is its unit and its period (`PrimaryKeyIndex(exact: true)`).
    init(unit: Int, month: Int) {
        high = UInt64(UInt32(truncatingIfNeeded: unit)) << 32 | UInt64(UInt32(truncatingIfNeeded: month))
        low = 0
    }

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
/// 256 open-addressing tables, chosen by the top byte of the key's mixed high word, each growing by
/// half when three quarters full. A key's words and its row are kept in arrays side by side: a
/// fingerprint costs 16 bytes a slot, 21–32 bytes a key. An index of exact keys
/// (`PackedKey(unit:month:)`) keeps no low word: 12 bytes a slot, 16–24 a key, which keeps a
/// 10M-row file within PRODUCT §10's 32 bytes a row with room for its issues.
struct PrimaryKeyIndex {
    private struct Table {
        var highs: [UInt64]
        /// Empty for an index of exact keys.
        var lows: [UInt32]
        /// The row, counted from 1; 0 marks an empty slot.
        var rows: [Int32]
        var count = 0

        init(slots: Int, exact: Bool) {
            highs = [UInt64](repeating: 0, count: slots)
            lows = exact ? [] : [UInt32](repeating: 0, count: slots)
            rows = [Int32](repeating: 0, count: slots)
        }

        /// The slot holding `key`, or the empty one where it would go.
        func slot(of key: PackedKey, mixed: UInt64) -> Int {
            // The top byte chose the table; the rest, scaled to the table's size, is where to start.
            var slot = Int((mixed << 8).multipliedFullWidth(by: UInt64(rows.count)).high)
            while rows[slot] != 0, highs[slot] != key.high || (!lows.isEmpty && lows[slot] != key.low) {
                slot = slot + 1 == rows.count ? 0 : slot + 1
            }
            return slot
        }

        mutating func grow() {
            let old = self
            self = Table(slots: old.rows.count + old.rows.count / 2, exact: old.lows.isEmpty)
            count = old.count
            for i in old.rows.indices where old.rows[i] != 0 {
                let key = PackedKey(high: old.highs[i], low: old.lows.isEmpty ? 0 : old.lows[i])
                put(key, row: old.rows[i], at: slot(of: key, mixed: PrimaryKeyIndex.mixed(key)))
            }
        }

        mutating func put(_ key: PackedKey, row: Int32, at slot: Int) {
            highs[slot] = key.high
            if !lows.isEmpty { lows[slot] = key.low }
            rows[slot] = row
        }
    }

    private var tables: [Table]

    /// - Parameter exact: true when every key will be made by `PackedKey(unit:month:)`.
    init(exact: Bool = false) {
        tables = [Table](repeating: Table(slots: 16, exact: exact), count: 256)
    }

    /// The high word, mixed so that its top bits depend on all of it: an exact key's top bits are
    /// nearly always zero.
    fileprivate static func mixed(_ key: PackedKey) -> UInt64 {
        key.high &* 0x9E37_79B9_7F4A_7C15
    }

    /// The row `key` was first recorded for.
    func firstRow(of key: PackedKey) -> Int? {
        let mixed = Self.mixed(key)
        let table = tables[Int(mixed >> 56)]
        let row = table.rows[table.slot(of: key, mixed: mixed)]
        return row == 0 ? nil : Int(row)
    }

    /// Records `key` for `row` (from 1) unless it is there already.
    mutating func insert(_ key: PackedKey, row: Int) {
        let mixed = Self.mixed(key)
        let index = Int(mixed >> 56)
        if 4 * (tables[index].count + 1) > 3 * tables[index].rows.count { tables[index].grow() }
        let slot = tables[index].slot(of: key, mixed: mixed)
        guard tables[index].rows[slot] == 0 else { return }
        tables[index].put(key, row: Int32(clamping: max(row, 1)), at: slot)
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
