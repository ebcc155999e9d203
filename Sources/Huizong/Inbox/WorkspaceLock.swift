#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Why the workspace lock could not be taken.
public enum WorkspaceLockError: Error, Equatable {
    /// Who holds the lock, as the holder wrote it into the lock file.
    ///
    /// The holder writes its facts just after it takes the lock, so a reader may find them half-written
    /// (or those of the previous holder): a field that could not be read is empty, a pid 0.
    public struct Holder: Sendable, Equatable {
        public var pid: Int32
        public var host: String
        public var started: String
        public var purpose: String
    }

    /// Another run holds the workspace (PRODUCT §7.4: exit code 3).
    case heldBy(Holder)
    /// The outbox folder or the lock file could not be made or opened.
    case cannotCreate(path: String, reason: String)
}

/// One run at a time per workspace (PRODUCT §7.4): an exclusive lock on `outbox/.huizong.lock`.
///
/// The lock is a `flock` on the file, not the file's existence or a PID written in it. The kernel
/// releases a `flock` when the holding process ends in any way — a crash, `kill -9`, a power cut that
/// reboots the machine — so a lock left by a dead run is simply taken over by the next one. A PID file
/// alone would make the next run guess whether that PID is still our run (PIDs are reused, the holder
/// may be on another host sharing the folder) and would need someone to delete it by hand after a
/// crash. The facts in the file (pid, host, start time, purpose) only tell a waiting run who is busy.
///
/// The file is never deleted: removing it while another run has it open would let a third run lock a
/// new file of the same name, and two runs would hold "the" lock at once.
public final class WorkspaceLock {
    /// The name of the lock file in the outbox.
    public static let fileName = ".huizong.lock"

    /// The lock file's path.
    public let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        release()
    }

    /// Takes the workspace lock without waiting, and records who holds it.
    ///
    /// - Parameters:
    ///   - outbox: the outbox folder of the workspace; made if missing.
    ///   - purpose: what the holder is doing, shown to a run that finds the workspace busy.
    /// - Returns: the lock, held until `release()` or until the object is freed.
    /// - Throws: `WorkspaceLockError.heldBy` when another run (in this process or another) holds it;
    ///   `.cannotCreate` when the outbox or the lock file cannot be made or opened.
    public static func acquire(outbox: String, purpose: String = "huizong run") throws(WorkspaceLockError) -> WorkspaceLock {
        do {
            try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(path: outbox, reason: error.localizedDescription)
        }
        let path = (outbox as NSString).appendingPathComponent(fileName)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotCreate(path: path, reason: systemReason()) }
        guard lockWithoutWaiting(descriptor) else {
            let error: WorkspaceLockError = errno == EWOULDBLOCK
                ? .heldBy(WorkspaceLockError.Holder(parsing: contents(of: descriptor)))
                : .cannotCreate(path: path, reason: systemReason())
            close(descriptor)
            throw error
        }
        let lock = WorkspaceLock(path: path, descriptor: descriptor)
        lock.record(WorkspaceLockError.Holder(pid: getpid(), host: hostName(), started: Date().formatted(.iso8601),
                                              purpose: purpose))
        return lock
    }

    /// Unlocks and closes the lock file; calling it again does nothing.
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    /// Replaces the file's contents with the holder's facts. Failing to write them leaves the lock
    /// held and only makes a waiting run's message vaguer, so it is not an error.
    private func record(_ holder: WorkspaceLockError.Holder) {
        let bytes = Array(holder.fileContents.utf8)
        guard ftruncate(descriptor, 0) == 0 else { return }
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// Takes the exclusive lock if it is free; false (with `errno` set) if not.
    private static func lockWithoutWaiting(_ descriptor: Int32) -> Bool {
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno != EINTR { return false }
        }
        return true
    }

    /// The file's first few kilobytes: the facts are a few short lines.
    private static func contents(of descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
    }

    /// `gethostname`, not `ProcessInfo.hostName`, which on Linux may wait on a DNS lookup.
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func systemReason() -> String {
        String(cString: strerror(errno))
    }
}

extension WorkspaceLockError.Holder {
    /// One `key=value` line per fact; a newline in a value would end its line, so it becomes a space.
    var fileContents: String {
        let facts: KeyValuePairs = ["pid": String(pid), "host": host, "started": started, "purpose": purpose]
        return facts.map { key, value in "\(key)=\(String(value.map { $0.isNewline ? " " : $0 }))\n" }.joined()
    }

    /// Reads what `fileContents` wrote, tolerating missing or cut-off lines.
    init(parsing contents: String) {
        var facts: [Substring: String] = [:]
        for line in contents.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            facts[line[..<equals]] = String(line[line.index(after: equals)...])
        }
        self.init(pid: facts["pid"].flatMap { Int32($0) } ?? 0, host: facts["host"] ?? "",
                  started: facts["started"] ?? "", purpose: facts["purpose"] ?? "")
    }
}
