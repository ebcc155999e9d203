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

    /// - Parameters:
    ///   - files: where to read each file, and how reports name it.
    ///   - authority: for a file a portal account is about to submit, the units it may file for:
    ///     rows for others are `not-authorised`, as the night will find them.
    ///   - onRow: each row as read, with the index of its file.
    public func validate(_ files: [(path: String, name: String)], authority: FilingAuthority? = nil,
                         onRow: (Int, RowOutcome) -> Void = { _, _ in }) -> [FileReport] {
        let store = try? Store(readOnlyAt: workspace.root + "/outbox/" + Store.fileName)
        let locks = (try? store?.locks()) ?? Locks()
        let validator = workspace.validator
        let types = workspace.schema.returnTypes
        let filing = Dictionary(uniqueKeysWithValues: types.indices.compactMap { i in FilingFields(types[i], at: i).map { (types[i].name, $0) } })
        // By the type's place among the schema's: a row finds its type's held rows without hashing its name.
        let empty = types.map { HeldRows(of: $0) }
        var held = empty
        var added: [[Issue]] = Array(repeating: [], count: files.count)
        var reports: [FileReport] = []
        for (index, file) in files.enumerated() {
            /// Rows the office's records or the account refuse.
            var locked: [Issue] = []
            var heldHere = empty
            // A file's rows are all of one type: its fields are looked up once.
            var fieldsOfType: (type: String, fields: FilingFields?)?
            let report = validator.validate(path: file.path, name: file.name) { outcome in
                onRow(index, outcome)
                if fieldsOfType?.type != outcome.returnType { fieldsOfType = (outcome.returnType, filing[outcome.returnType]) }
                guard outcome.isAccepted, let fields = fieldsOfType?.fields,
                      outcome.values.hasValue(fields.unit), outcome.values.hasValue(fields.period) else { return }
                // Made into Strings only where asked for: most rows need neither.
                var unit: String { outcome.values.canonical(fields.unit)! }
                var period: String { outcome.values.canonical(fields.period)! }
                if let authority, let refused = authority.issue(outcome, type: types[fields.type], file: file.name) {
                    locked.append(refused)
                } else if !locks.isEmpty, let reason = locks.reason(returnType: outcome.returnType, unit: unit, period: period) {
                    let unitField = types[fields.type].fields[fields.unit]
                    locked.append(Issue(file: file.name, row: outcome.row, field: unitField.key, label: unitField.label, code: .locked,
                                        value: outcome.original[fields.unit], finding: .locked(reason)))
                } else if fields.usesHistory {
                    // An accepted row's unit is registered and its period valid: both have a number.
                    guard let place = outcome.unitPlace ?? workspace.registry.index(of: unit),
                          let month = outcome.values.withCanonicalUTF8(fields.period, YearMonth.init(canonicalUTF8:)) ?? nil else { return }
                    heldHere[fields.type].append(unit: place, period: month, file: index, outcome: outcome)
                }
            }
            reports.append(report)
            // A file rejected whole gives no row, as in the night: its rows before the fault are
            // nobody's previous period and need no word on locks.
            guard !report.issues.contains(where: { $0.row == nil && $0.severity == .error }) else { continue }
            added[index] = locked
            for (type, rows) in heldHere.enumerated() where !rows.isEmpty { held[type].append(contentsOf: rows) }
        }
        for (i, type) in types.enumerated() where !held[i].isEmpty {
            // Taken out, so that sorting them for the walk copies nothing.
            var rows = held[i]
            held[i] = empty[i]
            // Against the store in one read, on this thread, whose connection it is; where there
            // is none or it cannot be read, against the other files alone, on every core.
            var walked = false
            _ = try? store?.withPreviousValues { lookup in
                walked = true
                withoutActuallyEscaping(lookup) { checkHistory(type, &rows, previous: $0, walks: 1, files: files, into: &added) }
            }
            if !walked { checkHistory(type, &rows, previous: nil, walks: Parallel.cores, files: files, into: &added) }
        }
        for index in reports.indices where !added[index].isEmpty {
            let rejected = Set(added[index].filter { $0.severity == .error }.compactMap(\.row))
            reports[index].rowsAccepted -= rejected.count
            reports[index].rowsRejected += rejected.count
            // Taken out of the report, so that adding to them copies them once at most.
            var issues = reports[index].issues
            reports[index].issues = []
            issues += added[index]
            reports[index].issues = ReturnValidator.inReadingOrder(issues)
        }
        return reports
    }

    /// One file's check and its rejected rows as the night's error report holds them: the cells as
    /// the unit wrote them and every issue of the row. A file rejected whole has none.
    public func rejectedRows(path: String, name: String, authority: FilingAuthority?,
                             language: Language) -> (report: FileReport, rows: [RejectedRow]) {
        var cells: [Int: [String]] = [:]
        let report = validate([(path, name)], authority: authority) { _, outcome in cells[outcome.row] = Array(outcome.original) }[0]
        guard !report.issues.contains(where: { $0.row == nil && $0.severity == .error }) else { return (report, []) }
        var order: [Int] = []
        var issues: [Int: [Issue]] = [:]
        for issue in report.issues {
            guard let row = issue.row else { continue }
            if issues[row] == nil { order.append(row) }
            issues[row, default: []].append(issue)
        }
        let rows = order.compactMap { row -> RejectedRow? in
            guard let found = issues[row], found.contains(where: { $0.severity == .error }), let original = cells[row] else { return nil }
            return RejectedRow(row: row, cells: original, issues: found, language: language)
        }
        return (report, rows)
    }

    /// Walks the held rows unit by unit, in `walks` walks at once: a unit's rows are walked on one
    /// thread, in period order, and the issues come back in the order a single walk finds them.
    /// One walk runs on this thread: what `previous` reads may belong to it. With no `previous`,
    /// only the files' own rows are earlier periods.
    private func checkHistory(_ type: ReturnType, _ rows: inout HeldRows,
                              previous stored: ((String, String, String) -> (period: String, values: [String])?)?, walks: Int,
                              files: [(path: String, name: String)], into added: inout [[Issue]]) {
        let check = HistoryCheck(type: type, schema: workspace.schema)
        let registry = workspace.registry
        let parts = rows.parts(walks)
        let sorted = rows
        // Taken out of `type`, so that no row's closure copies the whole type.
        let (typeName, fieldCount) = (type.name, type.fields.count)
        let lookup = PreviousLookup(previous: stored)
        let found = Parallel.each(parts.count) { part in
            // Units by their place: a code is read from the registry only to ask the store. The
            // look-up is made once for the walk, not for every row, which would copy the registry.
            let stored: (Int, String) -> (period: String, values: [String])? = lookup.previous.map { previous in
                { unit, period in previous(typeName, registry.code(at: unit) ?? "", period) }
            } ?? { _, _ in nil }
            var walk = HistoryWalk<Int>()
            var issues: [(file: Int, issues: [Issue])] = []
            sorted.forEach(in: parts[part], fieldCount: fieldCount, skippingLoneUnits: lookup.previous == nil) {
                unit, period, file, line, canonical, original in
                let row = HistoryRow(unit: unit, period: period, values: canonical)
                let previous = walk.previous(of: row, stored: stored)
                let found = check.issues(file: files[file].name, row: line, values: canonical, original: original, previous: previous)
                if !found.contains(where: { $0.severity == .error }) { walk.accepted(row) }
                if !found.isEmpty { issues.append((file, found)) }
            }
            return issues
        }
        for (file, issues) in found.joined() { added[file] += issues }
    }
}

/// Where a return type's rows name their unit and period, found once rather than for every row.
private struct FilingFields {
    /// The type's place among the schema's return types.
    let type: Int
    let unit: Int
    let period: Int
    /// Whether a history rule reads the type's rows.
    let usesHistory: Bool

    init?(_ type: ReturnType, at index: Int) {
        guard let unit = type.unitField, let period = type.periodField else { return nil }
        self.type = index
        self.unit = unit
        self.period = period
        usesHistory = type.rules.contains(where: \.usesHistory)
    }
}

/// The look-up of a unit's earlier period handed to the history walks. Walks on other threads are
/// given only one that reads no store; one that reads the store serves the single walk on the
/// store's own thread.
private struct PreviousLookup: @unchecked Sendable {
    /// Nil where there is no store to ask.
    let previous: ((String, String, String) -> (period: String, values: [String])?)?
}
