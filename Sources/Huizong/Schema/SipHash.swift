/// SipHash (Aumasson and Bernstein, 2012), a keyed 64-bit hash: with `compressionRounds` 2 and
/// `finalizationRounds` 4 it is SipHash-2-4, the one the paper gives test vectors for; with 1 and 3,
/// SipHash-1-3, the faster one Swift's own `Hasher` uses.
///
/// The registry finds a unit by its code's hash alone (`UnitTableView`). Unlike the FNV hash it
/// used before, SipHash has no known way to make a code with the same hash as another except by
/// trying about 2⁶⁴ of them.
struct SipHash {
    let key: (UInt64, UInt64)
    let compressionRounds: Int
    let finalizationRounds: Int

    func hash(_ bytes: some Collection<UInt8>) -> UInt64 {
        if let hashed = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) { return hashed }
        return Array(bytes).withUnsafeBytes { hash($0) }
    }

    func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var v0 = key.0 ^ 0x736F_6D65_7073_6575
        var v1 = key.1 ^ 0x646F_7261_6E64_6F6D
        var v2 = key.0 ^ 0x6C79_6765_6E65_7261
        var v3 = key.1 ^ 0x7465_6462_7974_6573
        func rounds(_ count: Int) {
            for _ in 0..<count {
                v0 &+= v1; v1 = v1.rotated(13); v1 ^= v0; v0 = v0.rotated(32)
                v2 &+= v3; v3 = v3.rotated(16); v3 ^= v2
                v0 &+= v3; v3 = v3.rotated(21); v3 ^= v0
                v2 &+= v1; v1 = v1.rotated(17); v1 ^= v2; v2 = v2.rotated(32)
            }
        }
        func absorb(_ word: UInt64) {
            v3 ^= word
            rounds(compressionRounds)
            v0 ^= word
        }
        let whole = bytes.count & ~7
        var offset = 0
        while offset < whole {
            absorb(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        var last = UInt64(truncatingIfNeeded: bytes.count) << 56
        for i in 0..<(bytes.count - whole) {
            last |= UInt64(bytes[whole + i]) << (8 * i)
        }
        absorb(last)
        v2 ^= 0xFF
        rounds(finalizationRounds)
        return v0 ^ v1 ^ v2 ^ v3
    }
}

extension UInt64 {
    fileprivate func rotated(_ count: UInt64) -> UInt64 {
        self << count | self >> (64 - count)
    }
}
