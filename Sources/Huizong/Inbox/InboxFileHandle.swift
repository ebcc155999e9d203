#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An inbox file held open for the whole time it is read, so that every read (the hash, each
/// format's reader) sees the file the listing found.
///
/// The inbox is a shared folder: between the listing and the reading, someone could replace a file
/// with a link to `/etc/shadow`, whose lines would then come out in an error report. The file is
/// opened once without following links and must be a regular file; the readers then read
/// `/proc/self/fd/N`, which is that open file whatever its path now names.
final class InboxFileHandle {
    private let descriptor: Int32

    /// The path through which the open file is read.
    var readPath: String { "/proc/self/fd/\(descriptor)" }

    /// - Throws: `ReadProblem.unreadable` when the file is gone, is now a link or not a regular
    ///   file, or cannot be opened.
    init(_ path: String) throws(ReadProblem) {
        descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let reason = errno == ELOOP ? "replaced by a link since it was listed" : String(cString: strerror(errno))
            throw .unreadable(reason: reason)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .unreadable(reason: "no longer a regular file")
        }
    }

    deinit {
        close(descriptor)
    }
}
