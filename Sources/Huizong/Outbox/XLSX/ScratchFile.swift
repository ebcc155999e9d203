#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A file beside an output that holds bytes on their way into it: a sheet's XML until it is zipped, the
/// zip until it is copied into place. Its name is removed as soon as it is open, so nothing is left
/// behind however the process ends; the bytes live until the file is closed. It lives on the output's
/// disk rather than in /tmp, which may be memory.
final class ScratchFile {
    /// Failures are reported against the output, which is what could not be written.
    private let output: String
    private let file: UnsafeMutablePointer<FILE>
    /// The bytes appended so far.
    private(set) var size: Int64 = 0

    /// An empty file, for writing and then reading back.
    convenience init(beside output: String) throws(OutputError) {
        let path = Self.path(beside: output, suffix: "part")
        let descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try self.init(descriptor: descriptor, mode: "r+", path: path, output: output)
    }

    /// Takes over, for reading, the file at `path` that someone else has open for writing.
    convenience init(adopting path: String, for output: String) throws(OutputError) {
        try self.init(descriptor: open(path, O_RDONLY | O_CLOEXEC), mode: "r", path: path, output: output)
    }

    private init(descriptor: Int32, mode: String, path: String, output: String) throws(OutputError) {
        self.output = output
        guard descriptor >= 0 else { throw OutputError(path: output) }
        guard let file = fdopen(descriptor, mode) else {
            let error = OutputError(path: output)
            close(descriptor)
            unlink(path)
            throw error
        }
        self.file = file
        unlink(path)
        setvbuf(file, nil, _IOFBF, 1 << 16)
    }

    deinit {
        fclose(file)
    }

    /// A hidden name beside `output` for a scratch file of this process.
    static func path(beside output: String, suffix: String) -> String {
        let url = URL(fileURLWithPath: output)
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".\(suffix)-\(getpid())"
    }

    func append(_ bytes: [UInt8]) throws(OutputError) {
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else { throw OutputError(path: output) }
        size += Int64(written)
    }

    /// Makes the next `read` start from the beginning, after the last `append`.
    func rewind() throws(OutputError) {
        guard fflush(file) == 0, fseeko(file, 0, SEEK_SET) == 0 else { throw OutputError(path: output) }
    }

    /// The next `count` bytes, fewer at the end of the file.
    func read(_ count: Int) throws(OutputError) -> Data {
        var chunk = Data(count: count)
        let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, count, file) }
        guard read == count || ferror(file) == 0 else { throw OutputError(path: output) }
        chunk.count = read
        return chunk
    }
}
