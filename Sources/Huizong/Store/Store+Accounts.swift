import GRDB

/// Who may use the portal (PRODUCT §13): a unit's account files for its own unit and any units
/// granted to it; an office account reviews. The store keeps only a password's hash, made by the
/// portal's password library: the store never sees a password.
public struct Account: Sendable, Equatable {
    public enum Role: String, Sendable {
        case unit
        case office
    }

    public var name: String
    public var role: Role
    public var passwordHash: String
    /// The units the account may file for, by code; empty for an office account.
    public var units: [String]

    public init(name: String, role: Role, passwordHash: String, units: [String]) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.units = units
    }
}

/// A file a portal account submitted into the inbox.
public struct Submission: Sendable, Equatable {
    public var id: String
    public var account: String
    /// The name the server gave the file in the inbox.
    public var inboxName: String
    /// ISO 8601.
    public var receivedAt: String
    public var sha256: String

    public init(id: String, account: String, inboxName: String, receivedAt: String, sha256: String) {
        self.id = id
        self.account = account
        self.inboxName = inboxName
        self.receivedAt = receivedAt
        self.sha256 = sha256
    }
}

/// A submission with what the night made of it.
public struct SubmissionOutcome: Sendable, Equatable {
    public var submission: Submission
    /// The file's status in the night that read it (`accepted`, `partial`, `rejected`,
    /// `duplicate`); nil while no night has.
    public var status: String?
    /// The error report of that night, relative to the workspace, if it made one.
    public var errorReport: String?
}

extension Store {
    /// Adds an account; false when the name is taken.
    public func addAccount(_ account: Account, created: String) throws(StoreError) -> Bool {
        try write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM account WHERE name = ?", arguments: [account.name]) == nil else {
                return false
            }
            try db.execute(sql: "INSERT INTO account (name, role, passwordHash, created) VALUES (?, ?, ?, ?)",
                           arguments: [account.name, account.role.rawValue, account.passwordHash, created])
            for unit in account.units {
                try db.execute(sql: "INSERT OR IGNORE INTO accountUnit (account, unit) VALUES (?, ?)", arguments: [account.name, unit])
            }
            return true
        }
    }

    public func account(named name: String) throws(StoreError) -> Account? {
        try read { db in try Self.account(db, name) }
    }

    /// Every account, by name.
    public func accounts() throws(StoreError) -> [Account] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT name FROM account ORDER BY name").compactMap { try Self.account(db, $0) }
        }
    }

    /// Lets a unit account file for more units; false when there is no such unit account.
    public func grant(account name: String, units: [String]) throws(StoreError) -> Bool {
        try write { db in
            guard try String.fetchOne(db, sql: "SELECT role FROM account WHERE name = ?", arguments: [name]) == Account.Role.unit.rawValue else {
                return false
            }
            for unit in units {
                try db.execute(sql: "INSERT OR IGNORE INTO accountUnit (account, unit) VALUES (?, ?)", arguments: [name, unit])
            }
            return true
        }
    }

    /// Replaces an account's password hash; false when there is no such account.
    public func setPasswordHash(account name: String, to hash: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE account SET passwordHash = ? WHERE name = ?", arguments: [hash, name])
            return db.changesCount > 0
        }
    }

    /// Removes an account and its grants; its submissions stay on record. False when there is none.
    public func removeAccount(named name: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM accountUnit WHERE account = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM account WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    public func record(_ submission: Submission) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT INTO submission (id, account, inboxName, receivedAt, sha256) VALUES (?, ?, ?, ?, ?)",
                           arguments: [submission.id, submission.account, submission.inboxName, submission.receivedAt, submission.sha256])
        }
    }

    public func submission(id: String) throws(StoreError) -> Submission? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM submission WHERE id = ?", arguments: [id]).map(Self.submission)
        }
    }

    /// The error report the night wrote for a file it read under `inboxName`, relative to the
    /// workspace; nil while no night has read it, or when it had nothing to report.
    public func errorReport(inboxName: String) throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT errorReport FROM file WHERE name = ? AND errorReport IS NOT NULL ORDER BY id DESC LIMIT 1",
                                arguments: [inboxName])
        }
    }

    /// An account's latest submissions, newest first, with what the night made of each.
    public func submissions(account: String, limit: Int = 100) throws(StoreError) -> [SubmissionOutcome] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.*, f.status AS fileStatus, f.errorReport AS fileErrorReport FROM submission s
                LEFT JOIN file f ON f.id = (SELECT MAX(id) FROM file WHERE name = s.inboxName)
                WHERE s.account = ? ORDER BY s.receivedAt DESC, s.id LIMIT ?
                """, arguments: [account, limit]).map { row in
                SubmissionOutcome(submission: Self.submission(row), status: row["fileStatus"], errorReport: row["fileErrorReport"])
            }
        }
    }

    static func account(_ db: Database, _ name: String) throws -> Account? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [name]),
              let role = Account.Role(rawValue: row["role"]) else { return nil }
        let units = try String.fetchAll(db, sql: "SELECT unit FROM accountUnit WHERE account = ? ORDER BY unit", arguments: [name])
        return Account(name: row["name"], role: role, passwordHash: row["passwordHash"], units: units)
    }

    /// The account that submitted the file the night reads as `inboxName`, and the units it may
    /// file for now; nil for a file that did not come through the portal.
    static func submitter(_ db: Database, inboxName: String) throws -> (account: String, units: Set<String>)? {
        guard let account = try String.fetchOne(db, sql: "SELECT account FROM submission WHERE inboxName = ?", arguments: [inboxName]) else {
            return nil
        }
        let units = try String.fetchAll(db, sql: "SELECT unit FROM accountUnit WHERE account = ?", arguments: [account])
        return (account, Set(units))
    }

    private static func submission(_ row: Row) -> Submission {
        Submission(id: row["id"], account: row["account"], inboxName: row["inboxName"], receivedAt: row["receivedAt"], sha256: row["sha256"])
    }
}
