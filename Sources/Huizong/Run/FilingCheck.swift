import Foundation

/// What `huizong validate` checks (PRODUCT §8, §11): every file on its own, then what needs the
/// office's records, read only: rows for approved returns or closed periods (`locked`), and the
/// history rules against the workspace's store and the other files checked together, period by
/// period, as the night will (§11.2). A workspace no night has run in has no records: then only
/// the other files count.
public struct FilingCheck: Sendable {
    public let workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// - Parameter files: where to read each file, and how reports name it.
    public func validate(_ files: [(path: String, name: String)]) -> [FileReport] {
        let store = try? Store(readOnlyAt: workspace.root + "/outbox/" + Store.fileName)
        let locks = (try? store?.locks()) ?? Locks()
        let validator = workspace.validator
        var held: [String: [HeldRow]] = [:]
        let read = Dictionary(uniqueKeysWithValues: workspace.schema.returnTypes.map { ($0.name, HeldRow.fieldsRead($0)) })
        var added: [[Issue]] = Array(repeating: [], count: files.count)
        var reports: [FileReport] = []
        for (index, file) in files.enumerated() {
            var locked: [Issue] = []
            var heldHere: [String: [HeldRow]] = [:]
            let report = validator.validate(path: file.path, name: file.name) { outcome in
                guard outcome.isAccepted, let type = workspace.schema.returnType(named: outcome.returnType),
                      let unitField = type.unitField, let periodField = type.periodField,
                      let unit = outcome.values[unitField]?.canonical, let period = outcome.values[periodField]?.canonical else { return }
                if let reason = locks.reason(returnType: type.name, unit: unit, period: period) {
                    locked.append(Issue(file: file.name, row: outcome.row, field: type.fields[unitField].key,
                                        label: type.fields[unitField].label, code: .locked,
                                        value: outcome.original[unitField], finding: .locked(reason)))
                } else if type.rules.contains(where: \.usesHistory) {
                    heldHere[type.name, default: []].append(HeldRow(unit: unit, period: period, file: index, outcome: outcome,
                                                                   fields: read[type.name] ?? []))
                }
            }
            reports.append(report)
            // A file rejected whole gives no row, as in the night: its rows before the fault are
            // nobody's previous period and need no word on locks.
            guard !report.issues.contains(where: { $0.row == nil && $0.severity == .error }) else { continue }
            added[index] = locked
            held.merge(heldHere) { $0 + $1 }
        }
        for type in workspace.schema.returnTypes {
            guard var rows = held[type.name] else { continue }
            held[type.name] = nil
            rows.sort { ($0.key, $0.file, $0.row) < ($1.key, $1.file, $1.row) }
            let walk = { (previous: (String, String, String) -> (period: String, values: [String])?) in
                checkHistory(type, rows, previous: previous, files: files, fields: read[type.name] ?? [], into: &added)
            }
            // Against the store in one read; where it cannot be read, against the other files alone.
            var walked = false
            _ = try? store?.withPreviousValues { lookup in
                walked = true
                walk(lookup)
            }
            if !walked { walk { _, _, _ in nil } }
        }
        for index in reports.indices where !added[index].isEmpty {
            let rejected = Set(added[index].filter { $0.severity == .error }.compactMap(\.row))
            reports[index].rowsAccepted -= rejected.count
            reports[index].rowsRejected += rejected.count
            reports[index].issues = ReturnValidator.inReadingOrder(reports[index].issues + added[index])
        }
        return reports
    }

    private func checkHistory(_ type: ReturnType, _ rows: [HeldRow],
                              previous stored: (String, String, String) -> (period: String, values: [String])?,
                              files: [(path: String, name: String)], fields: [Int], into added: inout [[Issue]]) {
        let check = HistoryCheck(type: type, schema: workspace.schema)
        var walk = HistoryWalk()
        var issues: [(file: Int, issues: [Issue])] = []
        for held in rows {
            let values = held.values(type, fields: fields)
            let row = HistoryRow(unit: values.unit, period: values.period, values: values.canonical)
            let previous = walk.previous(of: row) { unit, period in stored(type.name, unit, period) }
            let found = check.issues(file: files[Int(held.file)].name, row: Int(held.row), values: values.canonical,
                                     original: values.original, previous: previous)
            if !found.contains(where: { $0.severity == .error }) { walk.accepted(row) }
            if !found.isEmpty { issues.append((Int(held.file), found)) }
        }
        for (file, found) in issues { added[file] += found }
    }
}

/// An accepted row kept for the history rules: only the cells they read, packed, so that a large
/// return costs little while the other files are read.
private struct HeldRow {
    /// The unit and the period, which the rows are sorted by.
    var key: String
    var file: Int32
    var row: Int32
    /// The canonical value and original cell of each field of `fieldsRead(type)`: a few bytes,
    /// which `Data` keeps without an allocation of its own.
    private var packed: Data

    /// - Parameters:
    ///   - unit: a registered unit's code, and `period` a canonical `YYYY-MM`: neither holds the
    ///     separator of `key`.
    init(unit: String, period: String, file: Int, outcome: RowOutcome, fields: [Int]) {
        key = unit + "\u{1F}" + period
        self.file = Int32(file)
        row = Int32(clamping: outcome.row)
        packed = PackedStrings.encode(fields.flatMap { [outcome.values[$0]?.canonical ?? "", outcome.original[$0]] })
    }

    /// The fields a history rule reads or points at, and the explanation.
    static func fieldsRead(_ type: ReturnType) -> [Int] {
        var fields = Set(type.explanationField.map { [$0] } ?? [])
        for rule in type.rules where rule.usesHistory {
            fields.formUnion(rule.fieldsUsed + rule.previousFieldsUsed + [rule.field])
        }
        return fields.sorted()
    }

    /// Full rows with the kept cells in place and the others empty.
    func values(_ type: ReturnType, fields: [Int]) -> (unit: String, period: String, canonical: [String], original: [String]) {
        let strings = PackedStrings.decode(packed) ?? []
        var canonical = [String](repeating: "", count: type.fields.count)
        var original = canonical
        for (i, field) in fields.enumerated() where 2 * i + 1 < strings.count {
            canonical[field] = strings[2 * i]
            original[field] = strings[2 * i + 1]
        }
        let parts = key.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "", canonical, original)
    }
}
