import Foundation

/// Check 2 of an audit: the versions in force recomputed from the archive, run by run, with the
/// merge of `RunMerge` and `RunTransaction`: within a run, files in the order the run recorded
/// them and rows in file order; a key given different values by rows of the run is a conflict and
/// none of them is applied; where rows agree, the first is kept; each applied key replaces the
/// version in force before it. Rows for returns approved or periods closed before the run are not
/// taken, and the history rules hold rows unit by unit, period by period, as the night did.
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
    /// - Parameter locks: the approvals and closings in force when the run began.
    mutating func replay(_ files: [(record: FileRecord, path: String?)], incomplete: Bool, locks: Locks) {
        var staged: [String: [[String]: Staged]] = [:]
        var types: [String: ReturnType] = [:]
        for (record, path) in files {
            guard let path, record.status != .duplicate else { continue }
            var rows: [(type: ReturnType, key: [String], version: CurrentVersion)] = []
            let report = workspace.validator.validate(path: path, name: record.name) { outcome in
                guard outcome.isAccepted,
                      let type = types[outcome.returnType] ?? workspace.schema.returnType(named: outcome.returnType) else { return }
                types[outcome.returnType] = type
                let values = outcome.values.canonicalTexts
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
            guard let type = types[typeName] else { continue }
            let taken = keys.filter { _, row in
                !row.conflict && !Self.isLocked(row.version.values, type, locks)
            }
            for (key, version) in heldBack(type, taken.mapValues(\.version)) {
                versions[typeName, default: [:]][key] = version
            }
        }
    }

    private static func isLocked(_ values: [String], _ type: ReturnType, _ locks: Locks) -> Bool {
        guard let unit = type.unitField, let period = type.periodField else { return false }
        return locks.reason(returnType: type.name, unit: values[unit], period: values[period]) != nil
    }

    /// The rows of a run that the history rules let through, walked as `RunMerge` walks them.
    private func heldBack(_ type: ReturnType, _ rows: [[String]: CurrentVersion]) -> [[String]: CurrentVersion] {
        let check = HistoryCheck(type: type, schema: workspace.schema)
        guard !check.isEmpty, let unitField = type.unitField, let periodField = type.periodField else { return rows }
        var inForce: [String: [(period: String, values: [String])]] = [:]
        for version in versions[type.name]?.values ?? [:].values {
            inForce[version.values[unitField], default: []].append((version.values[periodField], version.values))
        }
        var walk = HistoryWalk<String>()
        var kept: [[String]: CurrentVersion] = [:]
        let ordered = rows.sorted { ($0.value.values[unitField], $0.value.values[periodField]) < ($1.value.values[unitField], $1.value.values[periodField]) }
        for (key, version) in ordered {
            let row = HistoryRow(unit: version.values[unitField], period: version.values[periodField], values: version.values)
            let previous = walk.previous(of: row) { unit, period in
                inForce[unit]?.filter { $0.period < period }.max { $0.period < $1.period }
            }
            let issues = check.issues(file: version.file, row: version.row, values: version.values, original: version.values,
                                      previous: previous)
            guard !issues.contains(where: { $0.severity == .error }) else { continue }
            walk.accepted(row)
            kept[key] = version
        }
        return kept
    }
}
