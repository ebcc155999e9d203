import Foundation

/// Takes the inbox files of one run into its transaction, one by one, and settles the run at the
/// end: conflicts between files, the versions applied, each file's status, error report and
/// archive path (PRODUCT §7.1–§7.3).
struct RunMerge {
    /// What only the night, with every file of the run and the office's decisions at hand, can find
    /// of a row: two files disagreeing, and rows for an approved return or a closed period
    /// (`huizong validate` reports `locked` as well). The history rules' codes are `HistoryCheck`'s.
    static let codes: Set<IssueCode> = [.conflict, .locked]

    let workspace: Workspace
    let transaction: RunTransaction
    let language: Language
    var paths: UniquePaths
    let day: String
    let observer: (any RunObserver)?

    private var files: [Int64: FileRecord] = [:]
    private var order: [Int64] = []
    private var withFileError: Set<Int64> = []
    /// Files of this run by content, to find the same bytes sent twice in one night.
    private var seenThisRun: [String: String] = [:]

    init(workspace: Workspace, transaction: RunTransaction, language: Language, paths: UniquePaths, day: String,
         observer: (any RunObserver)?) {
        self.workspace = workspace
        self.transaction = transaction
        self.language = language
        self.paths = paths
        self.day = day
        self.observer = observer
    }

    mutating func take(_ inboxFile: InboxFile) throws {
        let name = inboxFile.relativePath
        observer?.started(file: name, bytes: inboxFile.size)
        defer { observer?.finished(file: name, rowsRead: files[order.last ?? -1]?.rowsRead ?? 0) }
        var record = FileRecord(name: name, sha256: "", size: inboxFile.size,
                                modified: ISO8601DateFormatter().string(from: inboxFile.modified),
                                format: ReturnFormat(name: name)?.rawValue ?? "unknown", status: .rejected)
        let sha256: String
        let opened: InboxFileHandle
        do {
            opened = try InboxFileHandle(inboxFile.absolutePath)
            sha256 = try SHA256.hexDigest(ofFile: opened.readPath)
        } catch {
            // Vanished, unreadable or swapped for a link since the listing: reported, left where it
            // is, the run goes on.
            try add(record, issues: [fileIssue(name, .formatError, .unreadable(error))], fileError: true)
            return
        }
        record.sha256 = sha256
        record.archivedAs = paths.claim(folder: Archive.folder(day: day), name: FileName(name).base)
        if let first = try transaction.firstSeen(sha256: sha256) ?? seenThisRun[sha256].map({ ($0, day) }) {
            record.status = .duplicate
            try add(record, issues: [fileIssue(name, .duplicateFile, .duplicateFile(firstName: first.name, firstSeen: first.day))],
                    fileError: false)
            return
        }
        seenThisRun[sha256] = name
        let id = try transaction.insert(record)
        let authority = try transaction.submitter(inboxName: name).map { FilingAuthority(account: $0.account, units: $0.units) }
        var refused: [Issue] = []
        var failure: Error?
        var types: [String: ReturnType] = [:]
        let observer = self.observer
        let report = workspace.validator.validate(path: opened.readPath, name: name) { outcome in
            observer?.readRow()
            guard failure == nil else { return }
            do {
                let type = types[outcome.returnType] ?? workspace.schema.returnType(named: outcome.returnType)
                types[outcome.returnType] = type
                if let type, let issue = authority?.issue(outcome, type: type, file: name) {
                    refused.append(issue)
                    try transaction.reject(file: id, RejectedRow(row: outcome.row, cells: Array(outcome.original), issues: [issue], language: language))
                } else if outcome.isAccepted, let type {
                    let values = outcome.values.canonicalTexts
                    try transaction.stage(returnType: type.name, key: type.primaryKey.map { values[$0] },
                                          unit: type.unitField.map { values[$0] }, period: type.periodField.map { values[$0] },
                                          file: id, row: outcome.row, values: values, cells: outcome.original)
                } else {
                    try transaction.reject(file: id, RejectedRow(row: outcome.row, cells: Array(outcome.original), issues: outcome.issues,
                                                                 language: language))
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        record.id = id
        // What the file was read as: its content decides, not its name (PRODUCT §12).
        record.format = report.format
        record.encoding = report.encoding
        record.returnType = report.returnType
        record.rowsRead = report.rowsRead
        record.rowsAccepted = report.rowsAccepted - refused.count
        record.rowsRejected = report.rowsRejected + refused.count
        let fileErrors = report.issues.filter { $0.row == nil && $0.severity == .error }
        if !fileErrors.isEmpty {
            withFileError.insert(id)
            try transaction.rejectWhole(file: id, problems: fileErrors.map { $0.message(language) }.joined(separator: "；"))
        }
        for issue in ReturnValidator.inReadingOrder(report.issues + refused) {
            try transaction.insert(issue.record(language), file: id)
        }
        files[id] = record
        order.append(id)
    }

    /// Records a file that was not validated (unreadable or a duplicate) with its file-level issues.
    private mutating func add(_ file: FileRecord, issues: [Issue], fileError: Bool) throws {
        var record = file
        record.id = try transaction.insert(record)
        for issue in issues {
            try transaction.insert(issue.record(language), file: record.id)
        }
        if fileError { withFileError.insert(record.id) }
        files[record.id] = record
        order.append(record.id)
    }

    private func fileIssue(_ file: String, _ code: IssueCode, _ finding: Finding) -> Issue {
        Issue(file: file, row: nil, field: nil, label: nil, code: code, value: nil, finding: finding)
    }

    /// Settles the run: conflicting rows are rejected, then rows for approved returns and closed
    /// periods, then rows the history rules hold; the rest are applied, their changes recorded;
    /// statuses and error reports.
    mutating func finish() throws {
        try transaction.indexStaged()
        for conflict in try transaction.takeConflicts() {
            guard let record = files[conflict.file], let type = workspace.schema.returnType(named: conflict.returnType) else { continue }
            let keyField = type.fields[type.primaryKey[0]]
            let issue = Issue(file: record.name, row: conflict.row, field: keyField.key, label: keyField.label,
                              code: .conflict, value: conflict.key.first,
                              finding: .conflict(otherFile: files[conflict.otherFile]?.name ?? "", otherRow: conflict.otherRow,
                                                 labels: type.primaryKey.map { type.fields[$0].label }))
            try rejectStaged(file: conflict.file, row: conflict.row, cells: conflict.cells, issues: [issue])
        }
        try holdLocked()
        for type in workspace.schema.returnTypes {
            try checkHistory(type)
        }
        try transaction.recordChanges(fieldKeys: Dictionary(uniqueKeysWithValues: workspace.schema.returnTypes.map {
            ($0.name, $0.fields.map(\.key))
        }))
        try transaction.applyStaged()
        for id in order {
            guard var record = files[id], record.status != .duplicate else { continue }
            let failed = withFileError.contains(id)
            record.status = !failed && record.rowsRejected == 0 ? .accepted : !failed && record.rowsAccepted > 0 ? .partial : .rejected
            if record.status != .accepted, record.returnType != nil {
                // A workbook return gets its report as a workbook; CSV and XML returns get a CSV
                // report and the workbook beside it.
                let stem = paths.claim(folder: ErrorReport.folder(day: day), stem: ErrorReport.stem(for: record.name),
                                       extensions: [".csv", ".xlsx"])
                record.errorReport = stem + (ReturnFormat(rawValue: record.format)?.isWorkbook == true ? ".xlsx" : ".csv")
            }
            try transaction.update(record)
        }
    }

    /// Rows for a unit and period the office approved, or for a closed period, are not taken
    /// (PRODUCT §11.4): a night never changes what a person decided.
    private mutating func holdLocked() throws {
        let locks = try transaction.locks()
        guard !locks.isEmpty else { return }
        for staged in try transaction.lockedStaged({ locks.reason(returnType: $0, unit: $1, period: $2) != nil }) {
            guard let type = workspace.schema.returnType(named: staged.returnType),
                  let reason = locks.reason(returnType: staged.returnType, unit: staged.unit, period: staged.period) else { continue }
            let field = type.unitField ?? type.primaryKey[0]
            let issue = Issue(file: files[staged.file]?.name ?? "", row: staged.row, field: type.fields[field].key,
                              label: type.fields[field].label, code: .locked,
                              value: field < staged.cells.count ? staged.cells[field] : staged.unit, finding: .locked(reason))
            try transaction.unstage(staged.id)
            try rejectStaged(file: staged.file, row: staged.row, cells: staged.cells, issues: [issue])
        }
    }

    /// Checks the rules that name `prev()` over the staged rows of a type, unit by unit and period
    /// by period (PRODUCT §11.2): a row they hold is rejected with `needs-explanation`, one its
    /// 填报说明 explains is taken with `explained`.
    private mutating func checkHistory(_ type: ReturnType) throws {
        let check = HistoryCheck(type: type, schema: workspace.schema)
        guard !check.isEmpty else { return }
        var walk = HistoryWalk<String>()
        var held: [(RunTransaction.StagedRow, [Issue])] = []
        try transaction.staged(returnType: type.name) { staged in
            let row = HistoryRow(unit: staged.unit, period: staged.period, values: staged.values)
            let previous = try walk.previous(of: row) { unit, period in
                try transaction.previousValues(returnType: type.name, unit: unit, before: period)
            }
            let issues = check.issues(file: files[staged.file]?.name ?? "", row: staged.row, values: staged.values,
                                      original: staged.cells, previous: previous)
            if issues.contains(where: { $0.severity == .error }) {
                held.append((staged, issues))
                return
            }
            walk.accepted(row)
            for issue in issues {
                try transaction.insert(issue.record(language), file: staged.file)
            }
        }
        for (staged, issues) in held {
            try transaction.unstage(staged.id)
            try rejectStaged(file: staged.file, row: staged.row, cells: staged.cells, issues: issues)
        }
    }

    /// Rejects a row that was staged as accepted: its issues recorded, the row into its file's error
    /// report, the file's counts moved.
    private mutating func rejectStaged(file: Int64, row: Int, cells: [String], issues: [Issue]) throws {
        guard var record = files[file] else { return }
        for issue in issues {
            try transaction.insert(issue.record(language), file: file)
        }
        try transaction.reject(file: file, RejectedRow(row: row, cells: cells, issues: issues.filter { $0.severity == .error },
                                                       language: language))
        record.rowsAccepted -= 1
        record.rowsRejected += 1
        files[file] = record
    }
}
