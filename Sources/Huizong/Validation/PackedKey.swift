/// A row's primary key as a 128-bit fingerprint: two SipHash values of its parts (each part after
/// its length, so borders count), seeded afresh by every process. No unit can make two keys
/// collide, and chance makes a collision about 10⁻²⁵ likely in a 10M-row file. Sixteen bytes a
/// row keep the keys of a large file within PRODUCT §10's 32 bytes a row.
struct PackedKey: Hashable, Sendable {
    private let fingerprint: SIMD2<UInt64>

    init(_ parts: [String]) {
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
        fingerprint = SIMD2(UInt64(bitPattern: Int64(first.finalize())), UInt64(bitPattern: Int64(second.finalize())))
    }

    /// Where a hash table starts looking for the key: the fingerprint is a hash already.
    var bucket: Int { Int(truncatingIfNeeded: fingerprint.x) }
}

/// The primary keys a file has shown, each with the row it was first accepted on: an
/// open-addressing table of 4-byte slots over packed arrays, about 28 bytes a key.
struct PrimaryKeyIndex {
    private var keys: [PackedKey] = []
    private var rows: [Int32] = []
    /// One more than an index into `keys`, 0 where empty; a power of two, at most half full.
    private var slots = [UInt32](repeating: 0, count: 1024)

    /// The row `key` was first recorded for.
    func firstRow(of key: PackedKey) -> Int? {
        let (found, _) = slot(of: key)
        return found.map { Int(rows[$0]) }
    }

    /// Records `key` for `row` unless it is there already.
    mutating func insert(_ key: PackedKey, row: Int) {
        if 2 * (keys.count + 1) > slots.count { grow() }
        let (found, empty) = slot(of: key)
        guard found == nil else { return }
        slots[empty] = UInt32(keys.count + 1)
        keys.append(key)
        rows.append(Int32(clamping: row))
    }

    private mutating func grow() {
        slots = [UInt32](repeating: 0, count: 2 * slots.count)
        for index in keys.indices { slots[slot(of: keys[index]).empty] = UInt32(index + 1) }
    }

    private func slot(of key: PackedKey) -> (found: Int?, empty: Int) {
        let mask = slots.count - 1
        var slot = key.bucket & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if keys[index] == key { return (index, slot) }
            slot = (slot + 1) & mask
        }
        return (nil, slot)
    }
}
