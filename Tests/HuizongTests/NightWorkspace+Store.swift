import Foundation
@testable import Huizong
import HuizongTestSupport

extension NightWorkspace {
    /// What the store holds, as text that compares runs: every version with its source and whether
    /// it is current, and every file seen with its outcome.
    func storeFacts() throws -> [String] {
        let store = try Store(path: outbox + "/" + Store.fileName)
        return try store.read { db in
            try String.fetchAll(db, sql: """
                SELECT v.returnType || ' ' || hex(v.key) || ' ' || v.vals || ' ' || f.name || ':' || v.row || ' ' || v.current
                FROM version v JOIN file f ON f.id = v.file ORDER BY 1
                """) + String.fetchAll(db, sql: """
                SELECT 'file ' || name || ' ' || sha256 || ' ' || status || ' ' || rowsRead || '/' || rowsAccepted || '/'
                    || rowsRejected || ' ' || IFNULL(archivedAs, '-') || ' ' || archived FROM file ORDER BY 1
                """) + String.fetchAll(db, sql: """
                SELECT 'issue ' || f.name || ' ' || IFNULL(i.row, '-') || ' ' || i.code || ' ' || i.severity || ' '
                    || IFNULL(i.rule, '-') FROM issue i JOIN file f ON f.id = i.file ORDER BY 1
                """) + String.fetchAll(db, sql: """
                SELECT 'change ' || c.returnType || ' ' || IFNULL(c.unit, '-') || ' ' || IFNULL(c.period, '-') || ' ' || c.field
                    || ' ' || hex(c.old) || ' ' || hex(c.new) || ' ' || f.name FROM change c JOIN file f ON f.id = c.file ORDER BY 1
                """) + String.fetchAll(db, sql: """
                SELECT 'decision ' || id || ' ' || action || ' ' || IFNULL(returnType, '-') || ' ' || IFNULL(unit, '-') || ' '
                    || period || ' ' || IFNULL(version, '-') FROM decision ORDER BY id
                """)
        }
    }
}
