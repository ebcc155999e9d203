import Foundation

/// `huizong audit`: recomputes what the nightly runs made from what they kept, and reports every
/// difference. The office can run it at any time; it changes nothing.
///
/// The checks, in the order of the findings:
/// 1. the store's own integrity (`StoreCheck`) and runs a crash left unfinished;
/// 2. every archived file is at its archive path with the SHA-256 the store recorded (`ArchiveCheck`);
/// 3. the versions in force, recomputed from the archived files run by run with the merge of the
///    nightly run (`Recomputation`), equal the store's (`VersionComparison`). The files are
///    validated with the schema and registry in `seeds/` as they are *now*: if either changed since
///    a night, differences are expected, and each such finding says so;
/// 4. every decision names a version of its unit and period, and every approval in force still has
///    the version it approved in force: no night changed a decided return (`DecisionCheck`);
/// 5. each consolidated CSV table and the rating summary are byte for byte what the store gives
///    (`TableCheck`).
///
/// The store is opened read-only, and the workspace lock is held throughout, so the audit never
/// reads a run half done (the lock file is the one thing it may create).
public struct Audit {
    public static func perform(workspace: Workspace) throws(AuditError) -> AuditReport {
        let outbox = workspace.root + "/outbox"
        let storePath = outbox + "/" + Store.fileName
        guard FileManager.default.fileExists(atPath: storePath) else { throw .noStore(path: storePath) }
        let lock: WorkspaceLock
        do {
            lock = try WorkspaceLock.acquire(outbox: outbox, purpose: "huizong audit")
        } catch {
            switch error {
            case .heldBy(let holder): throw .locked(holder)
            case .cannotCreate(let path, let reason): throw .lockUnavailable(path: path, reason: reason)
            }
        }
        defer { lock.release() }
        do {
            return try audit(workspace, store: try Store(readOnlyAt: storePath))
        } catch {
            throw .store(error)
        }
    }

    private static func audit(_ workspace: Workspace, store: Store) throws(StoreError) -> AuditReport {
        var report = AuditReport()
        report.findings += try StoreCheck(store: store).check()
        report.findings += try store.unfinishedRuns().map(AuditFinding.unfinishedRun)

        let runs = try store.allRuns()
        report.runs = runs.count
        var filesByRun: [[(record: FileRecord, archived: Bool)]] = []
        for run in runs { filesByRun.append(try store.files(run: run.id)) }

        let archive = ArchiveCheck(root: workspace.root).check(filesByRun.flatMap { $0 })
        report.findings += archive.findings
        report.archivedFiles = archive.checked

        let decisions = try store.decisions()
        var recomputation = Recomputation(workspace: workspace)
        var unverified: Set<Int64> = []
        for (run, files) in zip(runs, filesByRun) {
            var incomplete = false
            let sources = files.map { file, archived -> (record: FileRecord, path: String?) in
                let path = source(of: file, archived: archived, intact: archive.intact, root: workspace.root)
                if path == nil, file.status != .duplicate, file.rowsRead > 0 {
                    unverified.insert(file.id)
                    incomplete = true
                    if archived, file.archivedAs == nil { report.unverifiedFiles.append(file.name) }
                }
                return (file, path)
            }
            recomputation.replay(sources, incomplete: incomplete, locks: Locks(decisions, beforeRun: run.id))
        }
        let versions = try VersionComparison(schema: workspace.schema, store: store).compare(recomputation, unverified: unverified)
        report.findings += versions.findings
        report.versions = versions.compared

        report.findings += try DecisionCheck(store: store, decisions: decisions).check()
        report.decisions = decisions.count

        let tables = try TableCheck(workspace: workspace, store: store).check()
        report.findings += tables.findings
        report.tables = tables.compared
        return report
    }

    /// Where to read an intact copy of a file: its archived copy; for a run not yet finished, the
    /// inbox file it has not moved yet (or the archive path it was moved to before the crash), if
    /// its bytes are still those recorded; else nil.
    private static func source(of file: FileRecord, archived: Bool, intact: Set<Int64>, root: String) -> String? {
        if archived {
            return intact.contains(file.id) ? file.archivedAs.map { root + "/" + $0 } : nil
        }
        guard !file.sha256.isEmpty else { return nil }
        let candidates = [root + "/inbox/" + file.name] + (file.archivedAs.map { [root + "/" + $0] } ?? [])
        return candidates.first { (try? SHA256.hexDigest(ofFile: $0)) == file.sha256 }
    }
}
