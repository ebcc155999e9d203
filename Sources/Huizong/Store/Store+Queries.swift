import GRDB

/// One run as the store records it.
public struct RunRecord: Sendable, Equatable {
    public var id: Int64
    /// ISO 8601 start time.
    public var started: String
    /// YYYY-MM-DD: the archive and error-report folder of the run.
    public var day: String
    public var language: Language
    /// The `--period` given, if any.
    public var period: String?
    /// False while its outbox and archive moves may still be unfinished.
    public var isComplete: Bool
}

/// The version of a primary key in force, with where it came from.
public struct CurrentVersion: Sendable, Equatable {
    /// Canonical values per field of the return type.
    public var values: [String]
    /// The source file, relative to the inbox, and the row in it.
    public var file: String
    public var row: Int
    /// 审核状态, shown in the consolidated tables (PRODUCT §7.3).
    public var state: ReviewState = .pending
}

/// A rejected row: the cells as the unit wrote them, per field, and every problem of the row.
public struct RejectedRow: Sendable, Equatable {
    public var row: Int
    public var cells: [String]
    public var problems: String
    /// The cells found wrong, with what is wrong with each.
    public var marks: [CellMark] = []
}

extension RejectedRow {
    /// The row of an error report: every issue's message in 错误说明, and each issue about a field
    /// marking that cell.
    public init(row: Int, cells: [String], issues: [Issue], language: Language) {
        self.init(row: row, cells: cells, problems: issues.map { $0.message(language) }.joined(separator: "；"),
                  marks: issues.compactMap { issue in issue.field.map { CellMark(field: $0, message: issue.message(language)) } })
    }
}

/// A wrong cell of a rejected row: the field key and the message about it.
public struct CellMark: Sendable, Equatable {
    public var field: String
    public var message: String
}

extension Store {
    /// Runs whose outbox or archive moves a crash may have left unfinished, oldest first.
    public func unfinishedRuns() throws(StoreError) -> [RunRecord] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM run WHERE state != 'complete' ORDER BY id").map(Self.run) }
    }

    public func run(_ id: Int64) throws(StoreError) -> RunRecord? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map(Self.run) }
    }

    /// The latest run, the one whose outbox is in place.
    public func latestRun() throws(StoreError) -> RunRecord? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM run ORDER BY id DESC LIMIT 1").map(Self.run) }
    }

    /// The runs up to `run` that processed files, newest first, each with how many: the nights
    /// whose pages stay under `outbox/nights/` (PRODUCT §14).
    public func nights(upTo run: Int64) throws(StoreError) -> [(run: RunRecord, files: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT run.*, COUNT(*) AS files FROM run JOIN file ON file.run = run.id
                WHERE run.id <= ? GROUP BY run.id ORDER BY run.id DESC
                """, arguments: [run]).map { row in (Self.run(row), row["files"] as Int) }
        }
    }

    public func markComplete(run: Int64) throws(StoreError) {
        try write { db in try db.execute(sql: "UPDATE run SET state = 'complete' WHERE id = ?", arguments: [run]) }
    }

    public func markArchived(file: Int64) throws(StoreError) {
        try write { db in try db.execute(sql: "UPDATE file SET archived = 1 WHERE id = ?", arguments: [file]) }
    }

    /// A file that was neither in the inbox nor in the archive when it was to be moved.
    public func markVanished(file: Int64) throws(StoreError) {
        try write { db in try db.execute(sql: "UPDATE file SET archived = 1, archivedAs = NULL WHERE id = ?", arguments: [file]) }
    }

    /// The files a run processed, in the order it processed them.
    public func files(run: Int64) throws(StoreError) -> [(record: FileRecord, archived: Bool)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM file WHERE run = ? ORDER BY id", arguments: [run]).map { row in
                let record = FileRecord(id: row["id"], name: row["name"], sha256: row["sha256"], size: row["size"],
                                        modified: row["modified"], format: row["format"], encoding: row["encoding"],
                                        returnType: row["returnType"],
                                        status: FileRecord.Status(rawValue: row["status"]) ?? .rejected,
                                        rowsRead: row["rowsRead"], rowsAccepted: row["rowsAccepted"],
                                        rowsRejected: row["rowsRejected"], errorReport: row["errorReport"],
                                        archivedAs: row["archivedAs"])
                return (record, row["archived"] as Bool)
            }
        }
    }

    /// Archive paths already given to files, so a new file never takes one.
    public func archivePathsInUse(prefix: String) throws(StoreError) -> Set<String> {
        try read { db in
            Set(try String.fetchAll(db, sql: "SELECT archivedAs FROM file WHERE archivedAs LIKE ? || '%'", arguments: [prefix]))
        }
    }

    /// The issues of a run, file by file in processing order, each file's in the order found.
    public func issues(run: Int64) throws(StoreError) -> [IssueRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT file.name, issue.* FROM issue JOIN file ON file.id = issue.file
                WHERE file.run = ? ORDER BY issue.file, issue.id
                """, arguments: [run]).map { row in
                IssueRecord(file: row["name"], row: row["row"], field: row["field"],
                            code: IssueCode(rawValue: row["code"]) ?? .formatError,
                            severity: Severity(rawValue: row["severity"]) ?? .error, constraint: row["constraint"],
                            rule: row["rule"], value: StoredText.decode(row["value"]),
                            message: StoredText.decode(row["message"]) ?? "", detail: StoredText.decode(row["detail"]))
            }
        }
    }

    public func rejectedRows(file: Int64) throws(StoreError) -> [RejectedRow] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT row, cells, problems, marks FROM rejected WHERE file = ? ORDER BY row, id",
                             arguments: [file]).map {
                let flat = try PackedStrings.stored($0["marks"], in: Store.fileName)
                let marks = stride(from: 0, to: flat.count - 1, by: 2).map { CellMark(field: flat[$0], message: flat[$0 + 1]) }
                return RejectedRow(row: $0["row"], cells: try PackedStrings.stored($0["cells"], in: Store.fileName),
                                   problems: StoredText.decode($0["problems"]) ?? "",
                                   marks: marks)
            }
        }
    }

    /// The latest period of any version in force.
    public func latestPeriod() throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT MAX(period) FROM version WHERE current = 1") }
    }

    /// The units with a version in force for `period`, by return type name.
    public func filedUnits(period: String) throws(StoreError) -> [String: Set<String>] {
        try read { db in
            var filed: [String: Set<String>] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT returnType, unit FROM version WHERE current = 1 AND period = ?",
                                           arguments: [period])
            while let row = try rows.next() {
                if let unit = row["unit"] as String? { filed[row["returnType"], default: []].insert(unit) }
            }
            return filed
        }
    }

    /// The number of versions in force for a return type.
    public func currentVersionCount(returnType: String) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM version WHERE returnType = ? AND current = 1", arguments: [returnType]) ?? 0
        }
    }

    private static let currentVersionsSQL = """
        SELECT v.id, v.vals, v.row, f.name, d.action, d.version AS decided FROM version v JOIN file f ON f.id = v.file
        \(latestDecisionJoin)
        WHERE v.returnType = ? AND v.current = 1 ORDER BY v.key
        """

    /// Calls `body` with each version in force for a return type and its review state, in primary-key order, one at a
    /// time (a million rows never need to be in memory together), until it returns false.
    public func forEachCurrentVersion(returnType: String, _ body: (CurrentVersion) -> Bool) throws(StoreError) {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: Self.currentVersionsSQL, arguments: [returnType])
            while let row = try rows.next() {
                let action: String? = row["action"]
                let state = ReviewState(version: row["id"], latest: action.flatMap(DecisionAction.init(rawValue:)), on: row["decided"])
                let version = CurrentVersion(values: try PackedStrings.stored(row["vals"], in: Store.fileName), file: row["name"],
                                             row: row["row"], state: state)
                guard body(version) else { return }
            }
        }
    }

    private static func run(_ row: Row) -> RunRecord {
        RunRecord(id: row["id"], started: row["started"], day: row["day"],
                  language: Language(rawValue: row["language"]) ?? .zh, period: row["period"],
                  isComplete: row["state"] == "complete")
    }
}

