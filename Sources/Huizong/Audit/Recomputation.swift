import Foundation

/// Check 2 of an audit: the versions in force recomputed from the archive, run by run, with the
/// merge of `RunMerge` and `RunTransaction`: within a run, files in the order the run recorded
/// them and rows in file order; a key given different values by rows of the run is a conflict and
/// none of them is applied; where rows agree, the first is kept; each applied key replaces the
/// version in force before it.
///
/// The files are validated again with the workspace's validator, so with the schema and registry
/// in `seeds/` as they are now: if either changed since a night, other results are expected, and
/// each finding says so. The recomputed versions are held in memory, one entry per key in force.
struct Recomputation {
    let workspace: Workspace

    /// Per return type name, key → the version in force.
    private(set) var versions: [String: [[String]: CurrentVersion]] = [:]
    /// Per return type name, the keys that runs with a file that could not be read again gave:
    /// that file's rows may have conflicted with them, so what is in force for them is unknown.
    private(set) var uncertain: [String: Set<[String]>] = [:]

    init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// A row of a run waiting for the run's conflicts to be known.
    private struct Staged {
        var version: CurrentVersion
        var conflict = false
    }

    /// Replays one run.
    /// - Parameter files: the run's files in the order it recorded them, each with where to read
    ///   an intact copy of it, or nil where none is to be had (a duplicate, a file never read).
    /// - Parameter incomplete: true when a file of the run that gave rows has no intact copy.
    mutating func replay(_ files: [(record: FileRecord, path: String?)], incomplete: Bool) {
        var staged: [String: [[String]: Staged]] = [:]
        var types: [String: ReturnType] = [:]
        for (record, path) in files {
            guard let path, record.status != .duplicate else { continue }
            var rows: [(type: ReturnType, key: [String], version: CurrentVersion)] = []
            let report = workspace.validator.validate(path: path, name: record.name) { outcome in
                guard outcome.isAccepted,
                      let type = types[outcome.returnType] ?? workspace.schema.returnType(named: outcome.returnType) else { return }
                types[outcome.returnType] = type
                let values = outcome.values.map { $0?.canonical ?? "" }
                rows.append((type, type.primaryKey.map { values[$0] },
                             CurrentVersion(values: values, file: record.name, row: outcome.row)))
            }
            // A file-level error rejects the file whole, the rows before it too (RunMerge).
            if report.issues.contains(where: { $0.row == nil && $0.severity == .error }) { continue }
            for (type, key, version) in rows {
                if var first = staged[type.name]?[key] {
                    if first.version.values != version.values, !first.conflict {
                        first.conflict = true
                        staged[type.name]?[key] = first
                    }
                } else {
                    staged[type.name, default: [:]][key] = Staged(version: version)
                }
            }
        }
        for (typeName, keys) in staged {
            if incomplete { uncertain[typeName, default: []].formUnion(keys.keys) }
            for (key, row) in keys where !row.conflict {
                versions[typeName, default: [:]][key] = row.version
            }
        }
    }
}
