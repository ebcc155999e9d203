private import CZlibDeflate

/// Raw deflate (RFC 1951) and CRC-32 through zlib: the only file that calls zlib.
///
/// One stream serves entry after entry (`finish` ends one and readies the next), and each piece
/// given comes back compressed at once, so nothing holds a whole part in memory.
final class Deflater {
    /// zlib's level 1: several times faster than its default on sheet XML, for a file about a
    /// third larger (a million-row consolidated workbook: 137 MB against 105 MB).
    private static let level: Int32 = 1
    private static let outputSize = 1 << 16

    /// zlib keeps a pointer back to its stream, so the stream stays at one address.
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutablePointer<Bytef>
    /// The CRC-32 of the bytes given since the entry began.
    private var checksum: uLong = 0

    /// - Throws: `ZlibError.outOfMemory` when zlib cannot set up its stream.
    init() throws(ZlibError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(capacity: Self.outputSize)
        // Raw deflate (negative window bits): a zip entry has no zlib header or trailer.
        let result = deflateInit2_(stream, Self.level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                                   Int32(MemoryLayout<z_stream>.size))
        guard result == Z_OK else {
            stream.deallocate()
            output.deallocate()
            throw ZlibError(result)
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    /// The compressed bytes zlib gives back for `bytes` so far; it may keep some until `finish`.
    func compress(_ bytes: [UInt8]) throws(ZlibError) -> [UInt8] {
        try bytes.withUnsafeBufferPointer { input throws(ZlibError) in
            guard let base = input.baseAddress, !input.isEmpty else { return [] }
            checksum = crc32(checksum, base, uInt(input.count))
            stream.pointee.next_in = UnsafeMutablePointer(mutating: base)
            stream.pointee.avail_in = uInt(input.count)
            return try run(flush: Z_NO_FLUSH)
        }
    }

    /// Ends the entry: the compressed bytes zlib still held, and the CRC-32 of all the bytes given.
    /// The next `compress` starts a new entry.
    func finish() throws(ZlibError) -> (compressed: [UInt8], checksum: UInt32) {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        let compressed = try run(flush: Z_FINISH)
        let entryChecksum = UInt32(checksum)
        checksum = 0
        let result = deflateReset(stream)
        guard result == Z_OK else { throw ZlibError(result) }
        return (compressed, entryChecksum)
    }

    /// Calls `deflate` until the input is taken (and, with Z_FINISH, the stream ended).
    private func run(flush: Int32) throws(ZlibError) -> [UInt8] {
        var compressed: [UInt8] = []
        while true {
            stream.pointee.next_out = output
            stream.pointee.avail_out = uInt(Self.outputSize)
            let result = deflate(stream, flush)
            let produced = Self.outputSize - Int(stream.pointee.avail_out)
            compressed.append(contentsOf: UnsafeBufferPointer(start: output, count: produced))
            // Z_BUF_ERROR only says no progress was possible: all input taken, nothing more to give yet.
            guard result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR else { throw ZlibError(result) }
            let done = flush == Z_FINISH ? result == Z_STREAM_END : stream.pointee.avail_in == 0 && produced < Self.outputSize
            if done { return compressed }
        }
    }
}

/// Why zlib failed, as huizong sees it: zlib's result codes do not leave this file.
enum ZlibError: Error, Equatable {
    /// zlib could not allocate its state (`Z_MEM_ERROR`).
    case outOfMemory
    /// The zlib loaded is not one the stream layout was compiled for (`Z_VERSION_ERROR`).
    case incompatibleVersion
    /// Any other result, which only misuse of a stream gives (`Z_STREAM_ERROR`): zlib's code.
    case failed(code: Int32)

    fileprivate init(_ result: Int32) {
        switch result {
        case Z_MEM_ERROR: self = .outOfMemory
        case Z_VERSION_ERROR: self = .incompatibleVersion
        default: self = .failed(code: result)
        }
    }
}
