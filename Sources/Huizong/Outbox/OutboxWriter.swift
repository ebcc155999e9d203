/// Writes everything in `outbox/` for one run from the store (PRODUCT §7.3): the consolidated
/// tables, the rating summary, completeness, the error reports of the run's files and
/// `report.json`. Each output goes to a temporary name and is renamed into place.
struct OutboxWriter {
    let workspace: Workspace
    let store: Store

    var outbox: String { workspace.root + "/outbox" }

    /// - Returns: what `report.json` says of the run.
    func write(run: RunRecord, period: String?) throws(RunFailure) -> (files: [FileRecord], issues: [IssueRecord], completeness: Completeness) {
        let schema = workspace.schema
        var versions: [String: [CurrentVersion]] = [:]
        do {
            for type in schema.returnTypes {
                let current = try store.currentVersions(returnType: type.name)
                versions[type.name] = current
                try AtomicFile.write(ConsolidatedTable.csv(type, versions: current), to: outbox + "/consolidated/\(type.name).csv")
            }
            try AtomicFile.write(RatingSummary.csv(schema: schema, versions: versions), to: outbox + "/consolidated/summary.csv")
            let completeness = Completeness(schema: schema, registry: workspace.registry, versions: versions,
                                            period: period ?? run.period)
            try AtomicFile.write(completeness.csv, to: outbox + "/completeness.csv")
            let files = try store.files(run: run.id).map(\.record)
            for file in files {
                guard let report = file.errorReport, let type = file.returnType.flatMap(schema.returnType(named:)) else { continue }
                try AtomicFile.write(ErrorReport.csv(type, rows: try store.rejectedRows(file: file.id)),
                                     to: workspace.root + "/" + report)
            }
            let issues = try store.issues(run: run.id)
            try AtomicFile.write(Array(RunReport.json(files: files, issues: issues, completeness: completeness).utf8),
                                 to: outbox + "/report.json")
            return (files, issues, completeness)
        } catch let error as OutputError {
            throw .output(error)
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(StoreError(path: outbox, reason: String(describing: error)))
        }
    }
}
