#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A return waiting in the inbox.
public struct InboxFile: Sendable, Equatable {
    /// The path below the inbox, components joined by "/"; never holds "." or ".." components.
    public var relativePath: String
    public var absolutePath: String
    public var size: Int64
    public var modified: Date
}

/// Why an entry of the inbox is left alone this night.
public enum SkipReason: String, Sendable {
    /// `~$…`, the lock file Excel and WPS keep beside a workbook that is open.
    case officeLockFile
    /// `*.tmp`, `*.part`: a download or copy that has not finished.
    case partialDownload
    /// Modified less than the settle time ago: it may still be being copied.
    case stillBeingCopied
    /// A link is never followed, so that a link cannot make a run read or archive a file outside the inbox.
    case symbolicLink
    /// A socket, FIFO or device: reading it could block the run or read a device.
    case notRegularFile
    /// A folder that could not be listed, or a name that is not valid UTF-8 and so cannot be reported.
    case unreadable
}

/// An inbox entry that is not a return to process this night, and why.
public struct SkippedEntry: Sendable, Equatable {
    public var relativePath: String
    public var reason: SkipReason
}

/// What `huizong run` finds in the inbox (PRODUCT §7.1).
public struct InboxListing: Sendable, Equatable {
    /// The returns to process, in the byte order of their UTF-8 relative paths.
    public var files: [InboxFile]
    /// The entries left alone, in the same order; hidden ones are not listed.
    public var skipped: [SkippedEntry]

    /// Lists the inbox and its subfolders.
    ///
    /// The inbox folder itself may be a link (an office may point it at a shared drive); below it, no
    /// link is ever followed. The walk opens each folder relative to its parent with `O_NOFOLLOW`, so a
    /// folder swapped for a link while the walk runs is not followed either.
    ///
    /// - Parameters:
    ///   - inbox: the inbox folder; when it does not exist the listing is empty (the caller reports it).
    ///   - settle: files modified less than this many seconds before `now` are skipped; 0 skips none.
    ///   - now: the time the run started.
    /// - Returns: the files and the skipped entries; an inbox that exists but cannot be listed gives one
    ///   `unreadable` entry with the relative path ".".
    public static func list(inbox: String, settle: TimeInterval, now: Date = Date()) -> InboxListing {
        let root = URL(fileURLWithPath: inbox).path
        var walk = InboxWalk(root: root, settledBefore: settle > 0 ? now.addingTimeInterval(-settle) : nil)
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            walk.visit(folder: descriptor, relativePath: "")
        } else if errno != ENOENT {
            walk.skipped.append(SkippedEntry(relativePath: ".", reason: .unreadable))
        }
        return InboxListing(files: walk.files.sorted { precedes($0.relativePath, $1.relativePath) },
                            skipped: walk.skipped.sorted { precedes($0.relativePath, $1.relativePath) })
    }

    /// Byte order of the UTF-8, not `String`'s `<` (which compares Unicode scalars after normalisation),
    /// so that the order is the same on every system.
    private static func precedes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }
}

/// The state of one walk over the inbox.
private struct InboxWalk {
    let root: String
    /// Files modified after this are still settling; nil when there is no settle time.
    let settledBefore: Date?
    var files: [InboxFile] = []
    var skipped: [SkippedEntry] = []

    /// Lists the open folder `descriptor` (and closes it), whose path below the inbox is `relativePath`.
    mutating func visit(folder descriptor: Int32, relativePath: String) {
        guard let stream = fdopendir(descriptor) else {
            close(descriptor)
            skip(relativePath, .unreadable)
            return
        }
        defer { closedir(stream) }
        let prefix = relativePath.isEmpty ? "" : relativePath + "/"
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { skip(relativePath, .unreadable) }
                return
            }
            let name = Self.name(of: entry)
            // "." and "..", hidden files and hidden folders: never processed, never reported.
            if name.pointee == CChar(UInt8(ascii: ".")) { continue }
            guard let decoded = String(validatingCString: name) else {
                skip(prefix + String(cString: name), .unreadable)
                continue
            }
            visit(entry: name, named: decoded, in: dirfd(stream), relativePath: prefix + decoded)
        }
    }

    private mutating func visit(entry name: UnsafePointer<CChar>, named decoded: String, in folder: Int32,
                                relativePath: String) {
        var info = stat()
        guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            // Gone between listing and looking: a clerk moved it; the next run sees what is there.
            if errno != ENOENT { skip(relativePath, .unreadable) }
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            let child = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child >= 0 {
                visit(folder: child, relativePath: relativePath)
            } else {
                skip(relativePath, .unreadable)
            }
        case S_IFLNK:
            skip(relativePath, .symbolicLink)
        case S_IFREG:
            let modified = Self.modified(info)
            if let reason = Self.skipReason(name: decoded, modified: modified, settledBefore: settledBefore) {
                skip(relativePath, reason)
            } else {
                files.append(InboxFile(relativePath: relativePath, absolutePath: root + "/" + relativePath,
                                       size: Int64(info.st_size), modified: modified))
            }
        default:
            skip(relativePath, .notRegularFile)
        }
    }

    private mutating func skip(_ relativePath: String, _ reason: SkipReason) {
        skipped.append(SkippedEntry(relativePath: relativePath.isEmpty ? "." : relativePath, reason: reason))
    }

    /// Why a regular file is not a return to process yet, or nil when it is one.
    private static func skipReason(name: String, modified: Date, settledBefore: Date?) -> SkipReason? {
        let lowercased = name.lowercased()
        if name.hasPrefix("~$") { return .officeLockFile }
        if lowercased.hasSuffix(".tmp") || lowercased.hasSuffix(".part") { return .partialDownload }
        if let settledBefore, modified > settledBefore { return .stillBeingCopied }
        return nil
    }

    /// The NUL-terminated name inside the entry, read in place: `d_name` is declared as a fixed array, but
    /// the system may allocate less than its full size for a short name.
    private static func name(of entry: UnsafeMutablePointer<dirent>) -> UnsafePointer<CChar> {
        let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        return UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self)
    }

    private static func modified(_ info: stat) -> Date {
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return Date(timeIntervalSince1970: TimeInterval(time.tv_sec) + TimeInterval(time.tv_nsec) / 1_000_000_000)
    }
}
