import Foundation
import GRDB

/// A version in force as the audit reads it: with its stored primary key and source file id, which
/// the consolidated tables do not need.
struct AuditedVersion {
    /// The stored key, or nil when its bytes are not a key `OrderedKey` made.
    var key: [String]?
    var version: CurrentVersion
    var fileID: Int64
}

/// The store's side of an audit: reads only, for a store opened with `Store(readOnlyAt:)`.
extension Store {
    /// Every run, oldest first.
    func allRuns() throws(StoreError) -> [RunRecord] {
        let ids = try read { db in try Int64.fetchAll(db, sql: "SELECT id FROM run ORDER BY id") }
        var runs: [RunRecord] = []
        for id in ids {
            if let run = try run(id) { runs.append(run) }
        }
        return runs
    }

    /// What `PRAGMA integrity_check` and `PRAGMA foreign_key_check` say: `["ok"]` when all is well.
    func integrityProblems() throws(StoreError) -> [String] {
        try read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0]
                let rowID: Int64? = row[1]
                let parent: String = row[2]
                problems.append("\(table) row \(rowID.map(String.init) ?? "?") refers to a missing \(parent)")
            }
            return problems
        }
    }

    /// Keys with more than one version in force (the unique index forbids it; checked anyway).
    func keysWithSeveralCurrentVersions() throws(StoreError) -> [(returnType: String, key: [String], count: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT returnType, key, COUNT(*) AS n FROM version NOT INDEXED WHERE current = 1
                GROUP BY returnType, key HAVING COUNT(*) > 1 ORDER BY returnType, key
                """).map { ($0["returnType"], OrderedKey.decode($0["key"]) ?? [], $0["n"]) }
        }
    }

    /// Calls `body` with each version in force of a return type, in primary-key order, with its
    /// stored key and source file id, until it returns false. A version whose file row is missing
    /// has an empty file name (and `integrityProblems` names it).
    func forEachAuditedVersion(returnType: String, _ body: (AuditedVersion) -> Bool) throws(StoreError) {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT version.key, version.vals, version.row, version.file, IFNULL(file.name, '') AS name
                FROM version LEFT JOIN file ON file.id = version.file
                WHERE version.returnType = ? AND version.current = 1 ORDER BY version.key
                """, arguments: [returnType])
            while let row = try rows.next() {
                let version = CurrentVersion(values: try PackedStrings.stored(row["vals"], in: Store.fileName), file: row["name"], row: row["row"])
                guard body(AuditedVersion(key: OrderedKey.decode(row["key"]), version: version, fileID: row["file"])) else { break }
            }
        }
    }

    /// The return types of the versions in force, to find any the schema no longer has.
    func currentReturnTypes() throws(StoreError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT returnType FROM version WHERE current = 1 ORDER BY 1") }
    }

    /// The return type, unit, period and whether in force, of each of the versions asked for.
    func versionKeys(_ ids: [Int64]) throws(StoreError) -> [Int64: (returnType: String, unit: String?, period: String?, current: Bool)] {
        try read { db in
            var keys: [Int64: (returnType: String, unit: String?, period: String?, current: Bool)] = [:]
            for id in Set(ids) {
                guard let row = try Row.fetchOne(db, sql: "SELECT returnType, unit, period, current FROM version WHERE id = ?",
                                                 arguments: [id]) else { continue }
                keys[id] = (row["returnType"], row["unit"], row["period"], row["current"])
            }
            return keys
        }
    }
}
