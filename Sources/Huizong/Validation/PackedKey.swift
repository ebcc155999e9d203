/// A row's primary key in a few bytes: each part's UTF-8 after its length, held inline when the
/// whole fits in 32 bytes (a credit code and a period do), so remembering the keys of a
/// million-row file costs tens of megabytes, not hundreds. Equal keys pack to equal values.
struct PackedKey: Hashable, Sendable {
    private var inline = SIMD4<UInt64>()
    /// The parts of a longer key, each after a 4-byte length.
    private var spilled: [UInt8]?

    init(_ parts: [String]) {
        var length = 0
        let fits = withUnsafeMutableBytes(of: &inline) { buffer in
            for part in parts {
                let utf8 = part.utf8
                guard utf8.count < 256, length + 1 + utf8.count <= buffer.count else { return false }
                buffer[length] = UInt8(utf8.count)
                length += 1
                for byte in utf8 {
                    buffer[length] = byte
                    length += 1
                }
            }
            return true
        }
        guard !fits else { return }
        inline = SIMD4()
        var bytes: [UInt8] = []
        for part in parts {
            withUnsafeBytes(of: UInt32(part.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: part.utf8)
        }
        spilled = bytes
    }
}
