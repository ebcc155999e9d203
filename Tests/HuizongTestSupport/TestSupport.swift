import Foundation
import Huizong

/// Paths and loaders shared by the tests.
public enum TestSupport {
    /// The repository root (this file is Tests/HuizongTests/TestSupport.swift).
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static var seeds: String { repositoryRoot + "/seeds" }

    public static func schema() throws -> PlanSchema {
        try SchemaLoader.load(seeds: seeds)
    }

    /// A scratch folder. A test may remove it with `remove(_:)` in a `defer` as soon as it is done;
    /// whatever is left is removed when the test process ends, so that no run leaves folders behind.
    public static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "huizong-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        ScratchFolders.shared.add(path)
        return path
    }

    /// A scratch folder like `temporaryFolder()` whose name ends in six random characters instead
    /// of a UUID, for a program that makes Unix sockets under it (Chromium): a socket's path has at
    /// most 107 bytes.
    public static func shortTemporaryFolder() throws -> String {
        var template = Array((NSTemporaryDirectory() + "huizong-test-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let path = String(cString: made)
        ScratchFolders.shared.add(path)
        return path
    }

    /// Removes a scratch folder made by `temporaryFolder()`, and all it holds, folders a test made
    /// read-only included.
    public static func remove(_ folder: String) {
        let manager = FileManager.default
        guard manager.fileExists(atPath: folder) else { return }
        if (try? manager.removeItem(atPath: folder)) == nil {
            _ = try? BinaryRunner.runProgram("/bin/chmod", ["-R", "u+rwx", folder])
            try? manager.removeItem(atPath: folder)
        }
    }

    /// A scratch copy of the shipped `seeds/` with `edit` applied to one file in it, e.g.
    /// `returns/village.yaml`. Returns the copy's `seeds/`, whose parent the test removes.
    public static func editedSeeds(_ file: String, _ edit: (String) -> String) throws -> String {
        let seeds = try temporaryFolder() + "/seeds"
        try FileManager.default.copyItem(atPath: Self.seeds, toPath: seeds)
        let path = seeds + "/" + file
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try write(edit(text), to: path)
        return seeds
    }

    public static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}

/// The scratch folders of this test process, removed when it exits.
final class ScratchFolders: @unchecked Sendable {
    static let shared: ScratchFolders = {
        atexit { ScratchFolders.shared.removeAll() }
        return ScratchFolders()
    }()

    private let lock = NSLock()
    private var paths: [String] = []

    func add(_ path: String) {
        lock.withLock { paths.append(path) }
    }

    private func removeAll() {
        for path in lock.withLock({ paths }) { TestSupport.remove(path) }
    }
}
