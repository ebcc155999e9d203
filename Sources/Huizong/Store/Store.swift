import Foundation
import GRDB

/// The store of record (PRODUCT §7.2): one SQLite database in the workspace holding every file
/// seen, every accepted row version with where it came from, every rejected row and every issue.
///
/// Everything in `outbox/` is derived from it, so a deleted table is restored by the next run and
/// a run cut short is finished from what it committed.
public final class Store: Sendable {
    public static let fileName = "huizong.sqlite"
    let queue: DatabaseQueue

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String) throws(StoreError) {
        do {
            queue = try DatabaseQueue(path: path, configuration: Self.configuration(readonly: false))
            try Self.migrator.migrate(queue)
        } catch {
            throw StoreError(path: path, reason: String(describing: error))
        }
    }

    /// Opens an existing store read-only (an audit, validate's look at locks and history): no
    /// migration, nothing written. A store no portal has opened yet lacks the accounts, which no
    /// reader needs: until the next run migrates it, it reads as well.
    /// - Throws: `StoreError` when it is missing, unreadable or not a store of this schema.
    init(readOnlyAt path: String) throws(StoreError) {
        do {
            queue = try DatabaseQueue(path: path, configuration: Self.configuration(readonly: true))
            guard try queue.read({ try Self.readerMigrations.isSubset(of: Self.migrator.appliedIdentifiers($0)) }) else {
                throw StoreError(path: path, reason: "not a huizong store of this version")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: path, reason: String(describing: error))
        }
    }

    /// A writer waits up to ten seconds for another connection (an audit reading) to finish.
    ///
    /// The page cache may grow to 64 MiB, from SQLite's 2 MiB: a night looks up each unit's
    /// previous period and stages a million versions, and with the small cache it read the same
    /// pages from the operating system again and again.
    private static func configuration(readonly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readonly
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
        return configuration
    }

    /// Runs `body` in one write transaction, turning database failures into `StoreError`.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: queue.path, reason: String(describing: error))
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(path: queue.path, reason: String(describing: error))
        }
    }

    private static let v1 = "v1: runs, files, versions, rejected rows, issues"
    private static let v2 = "v2: decisions, changes, versions by unit and period"
    /// What the readers of a store read: everything but the portal's accounts.
    private static let readerMigrations: Set<String> = [v1, v2]

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(v1) { db in
            try db.execute(sql: """
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY,
                    started TEXT NOT NULL,
                    day TEXT NOT NULL,
                    language TEXT NOT NULL,
                    period TEXT,
                    state TEXT NOT NULL CHECK (state IN ('committed', 'complete'))
                );
                CREATE TABLE file (
                    id INTEGER PRIMARY KEY,
                    run INTEGER NOT NULL REFERENCES run(id),
                    name TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    modified TEXT NOT NULL,
                    format TEXT NOT NULL,
                    encoding TEXT,
                    returnType TEXT,
                    status TEXT NOT NULL CHECK (status IN ('accepted', 'partial', 'rejected', 'duplicate')),
                    rowsRead INTEGER NOT NULL,
                    rowsAccepted INTEGER NOT NULL,
                    rowsRejected INTEGER NOT NULL,
                    errorReport TEXT,
                    archivedAs TEXT,
                    archived INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX file_sha256 ON file(sha256);
                CREATE INDEX file_run ON file(run);
                CREATE TABLE version (
                    id INTEGER PRIMARY KEY,
                    returnType TEXT NOT NULL,
                    key BLOB NOT NULL,
                    unit TEXT,
                    period TEXT,
                    file INTEGER NOT NULL REFERENCES file(id),
                    row INTEGER NOT NULL,
                    vals BLOB NOT NULL,
                    current INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX version_current ON version(returnType, key) WHERE current = 1;
                CREATE INDEX version_period ON version(period) WHERE current = 1;
                CREATE TABLE rejected (
                    id INTEGER PRIMARY KEY,
                    file INTEGER NOT NULL REFERENCES file(id),
                    row INTEGER NOT NULL,
                    cells BLOB NOT NULL,
                    problems BLOB NOT NULL,
                    marks BLOB NOT NULL
                );
                CREATE INDEX rejected_file ON rejected(file);
                CREATE TABLE issue (
                    id INTEGER PRIMARY KEY,
                    file INTEGER NOT NULL REFERENCES file(id),
                    row INTEGER,
                    field TEXT,
                    code TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    "constraint" TEXT,
                    rule TEXT,
                    value BLOB,
                    message BLOB NOT NULL
                );
                CREATE INDEX issue_file ON issue(file);
                """)
        }
        migrator.registerMigration(v2) { db in
            try db.execute(sql: """
                CREATE TABLE decision (
                    id INTEGER PRIMARY KEY,
                    action TEXT NOT NULL CHECK (action IN ('approve', 'return', 'withdraw', 'close', 'reopen')),
                    returnType TEXT,
                    unit TEXT,
                    period TEXT NOT NULL,
                    version INTEGER REFERENCES version(id),
                    decidedBy TEXT NOT NULL,
                    decidedAt TEXT NOT NULL,
                    note BLOB,
                    workbook TEXT,
                    afterRun INTEGER NOT NULL
                );
                CREATE INDEX decision_return ON decision(returnType, unit, period);
                CREATE TRIGGER decision_kept_on_update BEFORE UPDATE ON decision
                    BEGIN SELECT RAISE(ABORT, 'a decision is kept for good'); END;
                CREATE TRIGGER decision_kept_on_delete BEFORE DELETE ON decision
                    BEGIN SELECT RAISE(ABORT, 'a decision is kept for good'); END;
                CREATE TABLE change (
                    id INTEGER PRIMARY KEY,
                    run INTEGER NOT NULL REFERENCES run(id),
                    returnType TEXT NOT NULL,
                    unit TEXT,
                    period TEXT,
                    field TEXT NOT NULL,
                    old BLOB NOT NULL,
                    new BLOB NOT NULL,
                    file INTEGER NOT NULL REFERENCES file(id)
                );
                CREATE INDEX change_run ON change(run);
                CREATE INDEX version_unit_period ON version(returnType, unit, period);
                CREATE INDEX version_review ON version(returnType, period, unit) WHERE current = 1;
                CREATE INDEX issue_file_row ON issue(file, row);
                """)
        }
        migrator.registerMigration("v3: the detail of an issue") { db in
            try db.execute(sql: "ALTER TABLE issue ADD COLUMN detail BLOB")
        }
        migrator.registerMigration("v4: portal accounts, their units, submissions") { db in
            try db.execute(sql: """
                CREATE TABLE account (
                    name TEXT PRIMARY KEY,
                    role TEXT NOT NULL CHECK (role IN ('unit', 'office')),
                    passwordHash TEXT NOT NULL,
                    created TEXT NOT NULL
                );
                CREATE TABLE accountUnit (
                    account TEXT NOT NULL REFERENCES account(name) ON DELETE CASCADE,
                    unit TEXT NOT NULL,
                    PRIMARY KEY (account, unit)
                );
                CREATE TABLE submission (
                    id TEXT PRIMARY KEY,
                    account TEXT NOT NULL,
                    inboxName TEXT NOT NULL UNIQUE,
                    receivedAt TEXT NOT NULL,
                    sha256 TEXT NOT NULL
                );
                """)
        }
        return migrator
    }
}

/// The store could not be opened, read or written.
public struct StoreError: Error, Sendable, Equatable {
    public var path: String
    public var reason: String

    public func message(_ language: Language) -> String {
        language == .zh
            ? "汇总数据库“\(path)”无法读写（\(reason)）。请检查磁盘空间和文件夹权限；数据库未被改动，下次运行会重新处理。"
            : "The store “\(path)” cannot be read or written (\(reason)). Check disk space and folder permissions; the store was not changed and the next run will try again."
    }
}
