/// A streaming SHA-256 (FIPS 180-4), used to recognise files that an earlier run already processed.
///
/// It is ours rather than a package's because one hash is all huizong needs: Foundation on Linux has no
/// hashing, and swift-crypto would compile BoringSSL into every build for this one function. The
/// compression loop works straight on the caller's bytes and allocates nothing per block.
public struct SHA256: Sendable {
    private static let blockSize = 64
    /// The chunk size for hashing files: large enough that reading costs little per byte.
    private static let fileChunkSize = 1 << 20

    /// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// The hash value H(i): the first 32 bits of the fractional parts of the square roots of the first 8 primes.
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// An unfinished block waiting for the next update; its first `pendingCount` bytes are in use.
    private var pending = [UInt8](repeating: 0, count: blockSize)
    private var pendingCount = 0
    private var messageLength: UInt64 = 0

    public init() {}

    /// Adds bytes to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        messageLength &+= UInt64(bytes.count)
        var input = bytes[...]
        if pendingCount > 0 {
            let taken = min(Self.blockSize - pendingCount, input.count)
            pending.withUnsafeMutableBytes { pending in
                UnsafeMutableRawBufferPointer(rebasing: pending[pendingCount..<pendingCount + taken])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: input.prefix(taken)))
            }
            pendingCount += taken
            input = input.dropFirst(taken)
            guard pendingCount == Self.blockSize else { return }
            pending.withUnsafeBytes { compress($0) }
            pendingCount = 0
        }
        let wholeBlocks = input.count - input.count % Self.blockSize
        compress(UnsafeRawBufferPointer(rebasing: input.prefix(wholeBlocks)))
        let rest = UnsafeRawBufferPointer(rebasing: input.dropFirst(wholeBlocks))
        if !rest.isEmpty {
            pending.withUnsafeMutableBytes { $0.copyMemory(from: rest) }
            pendingCount = rest.count
        }
    }

    /// Adds bytes to the message: an array, a slice, `Data`, a string's `utf8`.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) == nil {
            update(Array(bytes))
        }
    }

    /// Pads the message, returns its 32-byte digest and starts over with an empty message.
    public mutating func finalize() -> [UInt8] {
        let bitLength = messageLength &* 8
        // A 0x80 byte, zeros up to 56 bytes into a block, then the length in bits as a big-endian UInt64.
        let zeros = (Self.blockSize + 55 - pendingCount) % Self.blockSize
        var padding = [UInt8](repeating: 0, count: 1 + zeros + 8)
        padding[0] = 0x80
        for index in 0..<8 {
            padding[1 + zeros + index] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * index))
        }
        update(padding)
        let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
        self = SHA256()
        return words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
    }

    /// The digest of `bytes` in lower-case hex.
    public static func hexDigest(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hex(hasher.finalize())
    }

    /// The digest of the file at `path` in lower-case hex, as `sha256sum` prints it; the file is read in chunks.
    public static func hexDigest(ofFile path: String) throws(ReadProblem) -> String {
        let input = try ByteInput(path: path, chunkSize: fileChunkSize)
        var chunk: [UInt8] = []
        var hasher = SHA256()
        while try input.readChunk(into: &chunk) {
            hasher.update(chunk)
        }
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] }, as: UTF8.self)
    }

    /// Runs the compression function over `blocks`, whose length is a multiple of 64.
    private mutating func compress(_ blocks: UnsafeRawBufferPointer) {
        guard !blocks.isEmpty else { return }
        Self.roundConstants.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                var (h0, h1, h2, h3, h4, h5, h6, h7) = state
                for blockStart in stride(from: 0, to: blocks.count, by: Self.blockSize) {
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: blocks.loadUnaligned(fromByteOffset: blockStart + 4 * t, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let x = w[t - 15], y = w[t - 2]
                        let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
                        let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
                    for t in 0..<64 {
                        let sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                        let choice = (e & f) ^ (~e & g)
                        let temp1 = h &+ sum1 &+ choice &+ k[t] &+ w[t]
                        let sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        let temp2 = sum0 &+ majority
                        (h, g, f, e, d, c, b, a) = (g, f, e, d &+ temp1, c, b, a, temp1 &+ temp2)
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                    h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                }
                state = (h0, h1, h2, h3, h4, h5, h6, h7)
            }
        }
    }
}

@inline(__always)
private func rotr(_ x: UInt32, _ count: UInt32) -> UInt32 {
    (x >> count) | (x << (32 - count))
}
