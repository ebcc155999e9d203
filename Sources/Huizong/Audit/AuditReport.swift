/// What an audit found, and how much it looked at.
public struct AuditReport: Sendable {
    /// Every difference, in the order of the checks: store integrity, unfinished runs, archive,
    /// recomputed versions, consolidated tables.
    public var findings: [AuditFinding] = []
    public var runs = 0
    /// Archived files whose bytes were checked against the store.
    public var archivedFiles = 0
    /// Versions in force compared with those recomputed from the archive.
    public var versions = 0
    /// Consolidated CSV tables compared byte for byte (the rating summary included).
    public var tables = 0
    /// The office's decisions checked against the versions.
    public var decisions = 0
    /// Files whose rows were taken but which are in neither the archive nor the inbox (a clerk took
    /// one back before it could be archived; the store records it without an archive path): the
    /// versions they gave cannot be recomputed, so they are not compared.
    public var unverifiedFiles: [String] = []

    public var isClean: Bool { findings.isEmpty }

    /// The closing line: what was checked and how many differences were found.
    public func summary(_ language: Language) -> String {
        let unverified = unverifiedFiles.isEmpty ? ""
            : language == .zh
            ? "另有 \(unverifiedFiles.count) 个文件从未归档（\(unverifiedFiles.joined(separator: "、"))），它们的数据无法重新核对。"
            : " \(unverifiedFiles.count) file(s) were never archived (\(unverifiedFiles.joined(separator: ", "))); their rows could not be checked again."
        if language == .zh {
            let head = "审计：\(runs) 次汇总，\(archivedFiles) 个归档文件，\(versions) 条现行数据，\(decisions) 项审核决定，\(tables) 张汇总表。"
            return head + (isClean ? "未发现差异。" : "发现 \(findings.count) 处差异。") + unverified
        }
        let head = "Audit: \(runs) run(s), \(archivedFiles) archived file(s), \(versions) version(s) in force, \(decisions) decision(s), \(tables) table(s). "
        return head + (isClean ? "No differences." : "\(findings.count) difference(s) found.") + unverified
    }
}
