#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a file (or, in tests, of memory) in fixed-size chunks, for the streaming readers.
final class ByteInput {
    private enum Source {
        case file(descriptor: Int32)
        case memory([UInt8])
    }

    private let source: Source
    /// How many bytes `readChunk(into:)` reads at a time.
    let chunkSize: Int
    private var offset = 0

    init(path: String, chunkSize: Int) throws(ReadProblem) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.systemError() }
        source = .file(descriptor: descriptor)
        self.chunkSize = chunkSize
    }

    init(bytes: [UInt8], chunkSize: Int) {
        source = .memory(bytes)
        self.chunkSize = chunkSize
    }

    deinit {
        if case .file(let descriptor) = source {
            close(descriptor)
        }
    }

    /// Goes to byte `offset` of the file, so that it can be read again.
    func rewind(to offset: Int) throws(ReadProblem) {
        if case .file(let descriptor) = source, lseek(descriptor, off_t(offset), SEEK_SET) < 0 {
            throw Self.systemError()
        }
        self.offset = offset
    }

    /// Replaces `chunk` with the next `chunkSize` bytes, fewer only at the end of the file.
    ///
    /// - Returns: false when no bytes were left.
    func readChunk(into chunk: inout [UInt8]) throws(ReadProblem) -> Bool {
        switch source {
        case .memory(let bytes):
            let end = min(offset + chunkSize, bytes.count)
            chunk.removeAll(keepingCapacity: true)
            chunk.append(contentsOf: bytes[min(offset, end)..<end])
            offset += chunk.count
        case .file:
            if chunk.count != chunkSize {
                chunk = [UInt8](repeating: 0, count: chunkSize)
            }
            let filled = chunk.withUnsafeMutableBytes { buffer in Result { () throws(ReadProblem) in try fill(buffer) } }
            chunk.removeLast(chunkSize - (try filled.get()))
        }
        return !chunk.isEmpty
    }

    /// Fills `buffer` with the next bytes, fewer only at the end of the file: for a reader that
    /// keeps the bytes where it reads them, without a chunk between.
    ///
    /// - Returns: how many bytes were read, 0 when none were left.
    func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(ReadProblem) -> Int {
        switch source {
        case .memory(let bytes):
            let count = min(buffer.count, max(0, bytes.count - offset))
            if count > 0 {
                bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
            }
            offset += count
            return count
        case .file(let descriptor):
            var filled = 0
            while filled < buffer.count {
                let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
                if count == 0 { break }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw Self.systemError()
                }
                filled += count
            }
            offset += filled
            return filled
        }
    }

    private static func systemError() -> ReadProblem {
        .unreadable(reason: String(cString: strerror(errno)))
    }
}
