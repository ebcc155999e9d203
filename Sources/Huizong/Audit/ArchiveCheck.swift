import Foundation

/// Check 1 of an audit: every file the store says it archived is at its archive path with the
/// SHA-256 the store recorded.
struct ArchiveCheck {
    let root: String

    /// - Returns: the findings, and the ids of the files whose archived copy is intact (the ones
    ///   the recomputation may read).
    func check(_ files: [(record: FileRecord, archived: Bool)]) -> (findings: [AuditFinding], intact: Set<Int64>, checked: Int) {
        var findings: [AuditFinding] = []
        var intact: Set<Int64> = []
        var checked = 0
        for (file, archived) in files where archived {
            guard let archivedAs = file.archivedAs else { continue }
            checked += 1
            let path = root + "/" + archivedAs
            guard FileManager.default.fileExists(atPath: path) else {
                findings.append(.archiveMissing(name: file.name, archivedAs: archivedAs))
                continue
            }
            let found = try? SHA256.hexDigest(ofFile: path)
            if found == file.sha256 {
                intact.insert(file.id)
            } else {
                findings.append(.archiveChanged(name: file.name, archivedAs: archivedAs, recorded: file.sha256, found: found))
            }
        }
        return (findings, intact, checked)
    }
}
