import Foundation
import GRDB

/// The store's side of one run, inside the single write transaction that makes the run take effect
/// as a whole (PRODUCT §7.4): files, issues, rejected rows and accepted rows are recorded here;
/// accepted rows are staged until every file is read, so that conflicts between files of the run
/// can be found before any version is applied.
struct RunTransaction {
    let db: Database
    let runID: Int64

    /// Starts a run and the staging table of its accepted rows.
    static func begin(_ db: Database, started: String, day: String, language: Language, period: String?) throws -> RunTransaction {
        try db.execute(sql: "INSERT INTO run (started, day, language, period, state) VALUES (?, ?, ?, ?, 'committed')",
                       arguments: [started, day, language.rawValue, period])
        try db.execute(sql: """
            CREATE TEMP TABLE staged (id INTEGER PRIMARY KEY, returnType TEXT NOT NULL, key BLOB NOT NULL, unit TEXT,
                period TEXT, file INTEGER NOT NULL, row INTEGER NOT NULL, vals BLOB NOT NULL, cells BLOB NOT NULL);
            """)
        return RunTransaction(db: db, runID: db.lastInsertedRowID)
    }

    /// Indexes the staged rows by key, once every file of the run is staged and before they are
    /// settled. Built at once, the index sorts the rows once; kept up as each row was staged, it
    /// looked every key up in a tree larger than the cache.
    func indexStaged() throws {
        try db.execute(sql: "CREATE INDEX temp.staged_key ON staged(returnType, key, id)")
    }

    /// The name and run day under which these bytes were first processed, if ever.
    func firstSeen(sha256: String) throws -> (name: String, day: String)? {
        let row = try Row.fetchOne(db, sql: """
            SELECT file.name, run.day FROM file JOIN run ON run.id = file.run
            WHERE file.sha256 = ? AND file.status != 'duplicate' ORDER BY file.id LIMIT 1
            """, arguments: [sha256])
        return row.map { ($0["name"], $0["day"]) }
    }

    func insert(_ file: FileRecord) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO file (run, name, sha256, size, modified, format, encoding, returnType, status,
                rowsRead, rowsAccepted, rowsRejected, errorReport, archivedAs)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [runID, file.name, file.sha256, file.size, file.modified, file.format, file.encoding,
                             file.returnType, file.status.rawValue, file.rowsRead, file.rowsAccepted, file.rowsRejected,
                             file.errorReport, file.archivedAs])
        return db.lastInsertedRowID
    }

    func update(_ file: FileRecord) throws {
        try db.execute(sql: """
            UPDATE file SET format = ?, encoding = ?, returnType = ?, status = ?, rowsRead = ?, rowsAccepted = ?, rowsRejected = ?,
                errorReport = ?, archivedAs = ?
            WHERE id = ?
            """, arguments: [file.format, file.encoding, file.returnType, file.status.rawValue, file.rowsRead, file.rowsAccepted, file.rowsRejected, file.errorReport,
                             file.archivedAs, file.id])
    }

    func insert(_ issue: IssueRecord, file: Int64) throws {
        try insertIssue.execute(arguments: [file, issue.row, issue.field, issue.code.rawValue, issue.severity.rawValue,
                                            issue.constraint, issue.rule, StoredText.encode(issue.value),
                                            StoredText.encode(issue.message), StoredText.encode(issue.detail)])
    }

    /// Keeps `row` for the file's error report; its marks are the cells the error workbook fills and comments.
    func reject(file: Int64, _ row: RejectedRow) throws {
        try insertRejected.execute(arguments: [file, row.row, PackedStrings.encode(row.cells), StoredText.encode(row.problems),
                                               PackedStrings.encode(row.marks.flatMap { [$0.field, $0.message] })])
    }

    /// Rejects every row of a file a file-level error rejects whole: rows never checked get the
    /// file's problems, and rows staged before a fault later in the file are taken back.
    func rejectWhole(file: Int64, problems: String) throws {
        try db.execute(sql: """
            UPDATE rejected SET problems = ? WHERE file = ? AND length(problems) = 0;
            INSERT INTO rejected (file, row, cells, problems, marks) SELECT file, row, cells, ?, X'' FROM staged WHERE file = ?;
            DELETE FROM staged WHERE file = ?;
            """, arguments: [StoredText.encode(problems), file, StoredText.encode(problems), file, file])
    }

    /// Holds an accepted row until the run's conflicts are known.
    /// - Parameters:
    ///   - unit: the filing unit's code and `period` the period it reports on, for completeness.
    func stage(returnType: String, key: [String], unit: String?, period: String?, file: Int64, row: Int,
               values: [String], cells: RowCells) throws {
        try insertStaged.execute(arguments: [returnType, OrderedKey.encode(key), unit, period, file, row,
                                             PackedStrings.encode(values), PackedStrings.encode(cells)])
    }

    /// A staged row whose key another file of the run gave other values.
    struct ConflictingRow {
        var returnType: String
        var key: [String]
        var file: Int64
        var row: Int
        var cells: [String]
        /// The first row of another file with the same key and other values.
        var otherFile: Int64
        var otherRow: Int
    }

    /// Removes from staging every row whose key has different values in two files of this run, and
    /// returns them: neither is taken (PRODUCT §7.2).
    func takeConflicts() throws -> [ConflictingRow] {
        let rows = try Row.fetchAll(db, sql: Self.conflictingKeys + """
            SELECT s.id, s.returnType, s.key, s.file, s.row, s.vals, s.cells FROM staged s
            JOIN conflicting c ON c.returnType = s.returnType AND c.key = s.key
            ORDER BY s.returnType, s.key, s.id
            """)
        var conflicts: [ConflictingRow] = []
        var group: [Row] = []
        func flush() throws {
            for row in group {
                let vals: Data = row["vals"]
                guard let other = group.first(where: { $0["vals"] != vals }) else { continue }
                conflicts.append(ConflictingRow(returnType: row["returnType"], key: OrderedKey.decode(row["key"]) ?? [],
                                                file: row["file"], row: row["row"],
                                                cells: try PackedStrings.stored(row["cells"], in: Store.fileName),
                                                otherFile: other["file"], otherRow: other["row"]))
            }
            group.removeAll()
        }
        for row in rows {
            if let first = group.first, first["returnType"] != row["returnType"] as String || first["key"] != row["key"] as Data {
                try flush()
            }
            group.append(row)
        }
        try flush()
        try db.execute(sql: Self.conflictingKeys + """
            DELETE FROM staged WHERE (returnType, key) IN conflicting
            """)
        return conflicts
    }

    /// `conflicting`: the keys staged with different values. Only keys staged more than once can be,
    /// and finding those reads the key index alone; the values are read for them only.
    private static let conflictingKeys = """
        WITH repeated AS (SELECT returnType, key FROM staged GROUP BY returnType, key HAVING COUNT(*) > 1),
        conflicting AS (SELECT returnType, key FROM staged WHERE (returnType, key) IN repeated
                        GROUP BY returnType, key HAVING COUNT(DISTINCT vals) > 1)

        """

    /// A staged row read back for the checks made while merging (locks, history rules).
    struct StagedRow {
        var id: Int64
        var returnType: String
        var unit: String
        var period: String
        var file: Int64
        var row: Int
        var values: [String]
        var cells: [String]
    }

    /// The staged rows of a return type that name a unit and a period, by unit, period and arrival:
    /// the order in which history rules are checked (PRODUCT §11.2).
    func staged(returnType: String, _ body: (StagedRow) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, returnType, unit, period, file, row, vals, cells FROM staged
            WHERE returnType = ? AND unit IS NOT NULL AND period IS NOT NULL ORDER BY unit, period, id
            """, arguments: [returnType])
        while let row = try rows.next() {
            try body(StagedRow(id: row["id"], returnType: row["returnType"], unit: row["unit"], period: row["period"],
                               file: row["file"], row: row["row"],
                               values: try PackedStrings.stored(row["vals"], in: Store.fileName),
                               cells: try PackedStrings.stored(row["cells"], in: Store.fileName)))
        }
    }

    /// The staged rows whose unit and period `isLocked` says are no longer taken.
    func lockedStaged(_ isLocked: (_ returnType: String, _ unit: String, _ period: String) -> Bool) throws -> [StagedRow] {
        var locked: [Int64] = []
        let keys = try Row.fetchCursor(db, sql: "SELECT id, returnType, unit, period FROM staged WHERE unit IS NOT NULL AND period IS NOT NULL")
        while let row = try keys.next() {
            if isLocked(row["returnType"], row["unit"], row["period"]) { locked.append(row["id"]) }
        }
        var rows: [StagedRow] = []
        for id in locked {
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM staged WHERE id = ?", arguments: [id]) else { continue }
            rows.append(StagedRow(id: id, returnType: row["returnType"], unit: row["unit"], period: row["period"],
                                  file: row["file"], row: row["row"],
                                  values: try PackedStrings.stored(row["vals"], in: Store.fileName),
                                  cells: try PackedStrings.stored(row["cells"], in: Store.fileName)))
        }
        return rows
    }

    /// Takes a staged row back: it will not be applied.
    func unstage(_ id: Int64) throws {
        try db.execute(sql: "DELETE FROM staged WHERE id = ?", arguments: [id])
    }

    /// The unit's version in force for the latest period before `period`.
    func previousValues(returnType: String, unit: String, before period: String) throws -> (period: String, values: [String])? {
        try Store.previousValues(db, returnType: returnType, unit: unit, before: period)
    }

    /// The portal account that submitted the file named `inboxName`, and the units it may file
    /// for; nil for a file that came another way.
    func submitter(inboxName: String) throws -> (account: String, units: Set<String>)? {
        try Store.submitter(db, inboxName: inboxName)
    }

    /// The approvals and closings in force when the run began.
    func locks() throws -> Locks {
        try Store.locks(db)
    }

    /// Records, for every staged row that will replace a version in force with other values, the
    /// fields whose canonical values differ (PRODUCT §11.5). Call before `applyStaged`.
    /// - Parameter fieldKeys: the field keys of each return type, in schema order.
    func recordChanges(fieldKeys: [String: [String]]) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT s.returnType, s.unit, s.period, s.file, s.vals AS new, v.vals AS old FROM staged s
            JOIN version v ON v.returnType = s.returnType AND v.key = s.key AND v.current = 1
            WHERE s.id = (SELECT MIN(t.id) FROM staged t WHERE t.returnType = s.returnType AND t.key = s.key)
              AND s.vals != v.vals
            ORDER BY s.returnType, s.key
            """)
        var changes: [(String, String?, String?, String, Data?, Data?, Int64)] = []
        while let row = try rows.next() {
            let type: String = row["returnType"]
            let old = try PackedStrings.stored(row["old"], in: Store.fileName)
            let new = try PackedStrings.stored(row["new"], in: Store.fileName)
            for (i, key) in (fieldKeys[type] ?? []).enumerated() {
                let before = i < old.count ? old[i] : ""
                let after = i < new.count ? new[i] : ""
                if before != after {
                    changes.append((type, row["unit"], row["period"], key, StoredText.encode(before), StoredText.encode(after), row["file"]))
                }
            }
        }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO change (run, returnType, unit, period, field, old, new, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for change in changes {
            try insert.execute(arguments: [runID, change.0, change.1, change.2, change.3, change.4, change.5, change.6])
        }
    }

    /// Applies the staged rows: each becomes the current version of its key, the version it replaces
    /// stays in the store. Where files of the run agree on a key, the first file's row is kept.
    func applyStaged() throws {
        try db.execute(sql: """
            UPDATE version SET current = 0 WHERE current = 1 AND EXISTS
              (SELECT 1 FROM staged s WHERE s.returnType = version.returnType AND s.key = version.key);
            INSERT INTO version (returnType, key, unit, period, file, row, vals, current)
              SELECT returnType, key, unit, period, file, row, vals, 1 FROM staged s
              WHERE s.id = (SELECT MIN(t.id) FROM staged t WHERE t.returnType = s.returnType AND t.key = s.key)
              ORDER BY s.returnType, s.key;
            DROP TABLE staged;
            """)
    }

    private var insertIssue: Statement {
        get throws {
            try db.cachedStatement(sql: """
                INSERT INTO issue (file, row, field, code, severity, "constraint", rule, value, message, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        }
    }

    private var insertRejected: Statement {
        get throws { try db.cachedStatement(sql: "INSERT INTO rejected (file, row, cells, problems, marks) VALUES (?, ?, ?, ?, ?)") }
    }

    private var insertStaged: Statement {
        get throws {
            try db.cachedStatement(sql: """
                INSERT INTO staged (returnType, key, unit, period, file, row, vals, cells) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        }
    }
}
