import Foundation

/// Where processed files go (PRODUCT §7.1): `outbox/archive/YYYY-MM-DD/` under their own name, with
/// a suffix where the name is taken, byte for byte and exactly once.
enum Archive {
    static func folder(day: String) -> String {
        "outbox/archive/" + day
    }

    /// Moves an inbox file to its archive path (relative to `workspace`). Safe to repeat after a
    /// crash: a file already moved (gone from the inbox, present in the archive) counts as done.
    /// - Returns: false when the file is in neither place (it vanished before it could be moved).
    static func move(_ inboxPath: String, to archivedAs: String, workspace: String) throws(OutputError) -> Bool {
        let target = workspace + "/" + archivedAs
        let manager = FileManager.default
        if !manager.fileExists(atPath: inboxPath) { return manager.fileExists(atPath: target) }
        try AtomicFile.move(from: inboxPath, to: target)
        return true
    }
}
