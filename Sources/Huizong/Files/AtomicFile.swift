#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How every output reaches its place (§7.3–§7.4): written in full under a temporary name, synced to disk,
/// then renamed over the old file. A reader, a crash or a full disk therefore sees either the previous
/// output or the new one, never half of one.
public enum AtomicFile {
    /// Starts writing the file at `path`, creating missing parent folders; see `AtomicFileWriter`.
    public static func create(_ path: String) throws(OutputError) -> AtomicFileWriter {
        let (folder, name) = split(path)
        try createFolders(folder, for: path)
        // Hidden, so that listing the inbox and clerks browsing a folder pass over it.
        let temporaryPath = folder + "/." + name + ".tmp-\(getpid())"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError(path: path) }
        return AtomicFileWriter(path: path, temporaryPath: temporaryPath, descriptor: descriptor)
    }

    /// Replaces the file at `path` with `bytes`, creating missing parent folders.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(OutputError) {
        let writer = try create(path)
        try writer.append(bytes)
        try writer.commit()
    }

    /// Moves the file at `source` to `destination`, replacing any file there and creating missing parent folders.
    ///
    /// Within one file system this is a rename. Across file systems the file is copied through an
    /// `AtomicFileWriter`, so `destination` holds the whole file or nothing, and `source` is removed
    /// only once the copy is on disk.
    public static func move(from source: String, to destination: String) throws(OutputError) {
        try createFolders(split(destination).folder, for: destination)
        if rename(source, destination) == 0 {
            try syncFolder(of: destination)
        } else if errno == EXDEV {
            try moveByCopying(from: source, to: destination)
        } else {
            throw OutputError(path: destination)
        }
    }

    /// The fallback of `move` across file systems; internal so that tests reach it on any machine.
    static func moveByCopying(from source: String, to destination: String) throws(OutputError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw OutputError(path: destination) }
        defer { close(input) }
        let writer = try create(destination)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                let error = OutputError(path: destination)
                writer.discard()
                throw error
            }
            try writer.append(chunk[..<count])
        }
        try writer.commit()
        guard unlink(source) == 0 else { throw OutputError(path: source) }
        try syncFolder(of: source)
    }

    /// Makes a rename or removal in the folder holding `path` durable, not only the file's bytes.
    static func syncFolder(of path: String) throws(OutputError) {
        let descriptor = open(split(path).folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutputError(path: path) }
        defer { close(descriptor) }
        // EINVAL: the file system cannot sync folders; its renames are as durable as it allows.
        guard fsync(descriptor) == 0 || errno == EINVAL else { throw OutputError(path: path) }
    }

    /// Creates `folder` and any missing parents, like `mkdir -p`; a failure is reported against `path`.
    private static func createFolders(_ folder: String, for path: String) throws(OutputError) {
        if mkdir(folder, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else { throw OutputError(path: path) }
        try createFolders(split(folder).folder, for: path)
        guard mkdir(folder, 0o755) == 0 || errno == EEXIST else { throw OutputError(path: path) }
    }

    /// The folder holding `path` ("." for a bare name) and the last component.
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = slash == path.startIndex ? "/" : String(path[..<slash])
        return (folder, String(path[path.index(after: slash)...]))
    }
}

/// An output being written under a temporary name beside its final one (see `AtomicFile.create`).
///
/// Appends are buffered in 64 KiB, so a writer can stream a table of any size. `commit()` puts the file in
/// place; a writer that is discarded, fails, or goes away uncommitted removes its temporary file and
/// leaves the file at `path` as it was.
public final class AtomicFileWriter {
    private static let bufferSize = 64 * 1024

    /// The final name of the output.
    public let path: String
    private let temporaryPath: String
    /// -1 once closed.
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var isFinished = false

    /// Writes through `descriptor` into `temporaryPath`; tests pass another descriptor (such as /dev/full's).
    init(path: String, temporaryPath: String, descriptor: Int32) {
        self.path = path
        self.temporaryPath = temporaryPath
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        discard()
    }

    /// Adds bytes to the end of the file, e.g. an encoded row or `text.utf8`.
    ///
    /// - Throws: `OutputError` when the disk refuses them; the writer is then discarded.
    public func append(_ bytes: some Collection<UInt8>) throws(OutputError) {
        precondition(!isFinished, "append to an AtomicFileWriter that was committed or discarded")
        if buffer.count + bytes.count > Self.bufferSize {
            try flush()
        }
        if bytes.count < Self.bufferSize {
            buffer.append(contentsOf: bytes)
        } else if let result = bytes.withContiguousStorageIfAvailable({ Self.writeAll(UnsafeRawBufferPointer($0), to: descriptor) }) {
            if result != 0 { throw failure(result) }
        } else {
            try append(Array(bytes))
        }
    }

    /// Writes out what is buffered, syncs the file to disk and renames it over the file at `path`.
    ///
    /// - Throws: `OutputError` when any step fails; the temporary file is then removed and the old file kept.
    public func commit() throws(OutputError) {
        precondition(!isFinished, "commit of an AtomicFileWriter that was committed or discarded")
        try flush()
        guard fsync(descriptor) == 0, closeDescriptor() == 0, rename(temporaryPath, path) == 0 else {
            throw failure(errno)
        }
        isFinished = true
        try AtomicFile.syncFolder(of: path)
    }

    /// Abandons the output: removes the temporary file and leaves the file at `path` as it was.
    /// Does nothing after `commit()` or a second time.
    public func discard() {
        guard !isFinished else { return }
        isFinished = true
        closeDescriptor()
        unlink(temporaryPath)
    }

    private func flush() throws(OutputError) {
        let result = buffer.withUnsafeBytes { Self.writeAll($0, to: descriptor) }
        guard result == 0 else { throw failure(result) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Discards the writer and reports `errorNumber` (read before discarding changes `errno`).
    private func failure(_ errorNumber: Int32) -> OutputError {
        let error = OutputError(path: path, errorNumber: errorNumber)
        discard()
        return error
    }

    @discardableResult
    private func closeDescriptor() -> Int32 {
        guard descriptor >= 0 else { return 0 }
        let result = close(descriptor)
        descriptor = -1
        return result
    }

    /// Writes all of `bytes`, resuming after interruptions and partial writes.
    ///
    /// - Returns: 0, or the `errno` of the failed write.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
        var written = 0
        while written < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += count
        }
        return 0
    }
}

/// An output that could not be written: the file it concerns and the system's reason.
public struct OutputError: Error, Sendable, Equatable {
    /// The file concerned: the output being written or the destination of a move (its source only when
    /// that could not be removed after copying).
    public var path: String
    /// The system's text for the failure, e.g. "No space left on device".
    public var reason: String
    /// The system error number behind `reason`; it chooses the advice in `message(_:)`.
    public var errorNumber: Int32

    public init(path: String, reason: String, errorNumber: Int32) {
        self.path = path
        self.reason = reason
        self.errorNumber = errorNumber
    }

    /// The failure that `errorNumber` (by default the current `errno`) names.
    init(path: String, errorNumber: Int32 = errno) {
        self.init(path: path, reason: String(cString: strerror(errorNumber)), errorNumber: errorNumber)
    }
}
