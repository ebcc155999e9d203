import Foundation
import GRDB

/// What the office decided (PRODUCT §11.4). Decisions are only ever added: the store refuses to
/// change or delete one, and a night never writes one.
public enum DecisionAction: String, Sendable, CaseIterable {
    /// 审核通过: the unit's return for the period is final; later rows for it are `locked`.
    case approve
    /// 退回: sent back with a reason; a newly accepted version makes it 待审核 again.
    case `return`
    /// An approval withdrawn (`review reopen UNIT PERIOD`).
    case withdraw
    /// 关账: the period is closed for every unit.
    case close
    /// A closed period opened again.
    case reopen
}

/// One decision as the store keeps it.
public struct Decision: Sendable, Equatable {
    public var action: DecisionAction
    /// The return type, for decisions on one return; nil for `close` and `reopen`.
    public var returnType: String?
    public var unit: String?
    public var period: String
    /// The version decided on (approve, return, withdraw).
    public var version: Int64?
    public var decidedBy: String
    /// ISO 8601.
    public var decidedAt: String
    /// The note of an approval, the reason of anything else.
    public var note: String?
    /// The 退回 workbook, relative to the workspace.
    public var workbook: String?
    /// The latest run when the decision was made: it binds the nights after it, which is how an
    /// audit replays each night with the decisions then in force.
    public var afterRun: Int64 = 0

    public init(action: DecisionAction, returnType: String?, unit: String?, period: String, version: Int64?,
                decidedBy: String, decidedAt: String, note: String?, workbook: String? = nil) {
        self.action = action
        self.returnType = returnType
        self.unit = unit
        self.period = period
        self.version = version
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.note = note
        self.workbook = workbook
    }
}

/// 审核状态 of an accepted return (PRODUCT §11.4).
public enum ReviewState: String, Sendable, CaseIterable {
    /// 待审核: accepted, not yet decided (or resubmitted since a 退回, or an approval withdrawn).
    case pending
    /// 已审核.
    case approved
    /// 已退回, and not resubmitted since.
    case returned

    /// The state of `version` given the latest approve, return or withdraw decision on its return:
    /// a return decided on an older version was resubmitted since, so it waits again.
    init(version: Int64, latest action: DecisionAction?, on decided: Int64?) {
        switch action {
        case .approve?: self = .approved
        case .return? where decided == version: self = .returned
        default: self = .pending
        }
    }

    public func label(_ language: Language) -> String {
        switch self {
        case .pending: language == .zh ? "待审核" : "pending"
        case .approved: language == .zh ? "已审核" : "approved"
        case .returned: language == .zh ? "已退回" : "returned"
        }
    }
}

/// The version in force of one unit's return for one period, with its review state.
public struct ReviewEntry: Sendable, Equatable {
    public var returnType: String
    public var unit: String
    public var period: String
    public var version: Int64
    public var state: ReviewState
    /// The decision behind the state (none while a return was never decided on).
    public var decision: Decision?
    /// Canonical values per field of the return type, as accepted.
    public var values: [String] {
        get { PackedStrings.decode(packedValues) ?? [] }
        set { packedValues = PackedStrings.encode(newValue) }
    }
    /// `values` as the store keeps them, unpacked only when asked for: most outputs list the entries
    /// without them, and there is one for every return in force.
    fileprivate var packedValues: Data
    /// The source file, relative to the inbox, and the row in it.
    public var file: String
    public var row: Int
    /// The `explained` issues of the row: the rules the unit explained.
    public var explainedRules: [String]

    init(returnType: String, unit: String, period: String, version: Int64, state: ReviewState, decision: Decision?,
         values: [String], file: String, row: Int, explainedRules: [String]) {
        self.returnType = returnType
        self.unit = unit
        self.period = period
        self.version = version
        self.state = state
        self.decision = decision
        packedValues = PackedStrings.encode(values)
        self.file = file
        self.row = row
        self.explainedRules = explainedRules
    }

    /// The value of field `index`, unpacked alone; nil when the return has no such field.
    public func value(at index: Int) -> String? {
        PackedStrings.string(at: index, in: packedValues)
    }
}

/// Why rows for a unit and period are not taken, if they are not.
public struct Locks: Sendable {
    /// (return type, unit, period) → the approval in force.
    private var approved: [String: LockReason] = [:]
    /// period → the closing in force.
    private(set) var closed: [String: LockReason] = [:]

    public init() {}

    /// The locks the decisions leave in force, oldest decision first; with `run`, only those made
    /// before that run (an audit replaying it).
    init(_ decisions: [Decision], beforeRun run: Int64? = nil) {
        for d in decisions where run.map({ d.afterRun < $0 }) ?? true {
            switch d.action {
            case .approve:
                approved[Self.key(d.returnType ?? "", d.unit ?? "", d.period)] = .approved(by: d.decidedBy, at: d.decidedAt)
            case .return, .withdraw:
                approved[Self.key(d.returnType ?? "", d.unit ?? "", d.period)] = nil
            case .close:
                closed[d.period] = .closed(period: d.period, by: d.decidedBy, at: d.decidedAt)
            case .reopen:
                closed[d.period] = nil
            }
        }
    }

    public var isEmpty: Bool { approved.isEmpty && closed.isEmpty }

    public func reason(returnType: String, unit: String, period: String) -> LockReason? {
        closed[period] ?? approved[Self.key(returnType, unit, period)]
    }

    /// The approval in force of a unit's return for a period.
    func approval(returnType: String, unit: String, period: String) -> LockReason? {
        approved[Self.key(returnType, unit, period)]
    }

    static func key(_ returnType: String, _ unit: String, _ period: String) -> String {
        returnType + "\u{1F}" + unit + "\u{1F}" + period
    }
}

extension Store {
    /// Adds decisions in one transaction. The caller has checked that they make sense (`Review`).
    public func record(_ decisions: [Decision]) throws(StoreError) {
        try write { db in
            for decision in decisions { _ = try Self.insert(decision, db) }
        }
    }

    static func insert(_ decision: Decision, _ db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO decision (action, returnType, unit, period, version, decidedBy, decidedAt, note, workbook, afterRun)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(id), 0) FROM run))
            """, arguments: [decision.action.rawValue, decision.returnType, decision.unit, decision.period, decision.version,
                             decision.decidedBy, decision.decidedAt, StoredText.encode(decision.note), decision.workbook])
        return db.lastInsertedRowID
    }

    /// Every decision, oldest first.
    public func decisions() throws(StoreError) -> [Decision] {
        try read { db in try Self.decisions(db) }
    }

    /// The versions in force with their review state, by return type, period and unit: a page at a
    /// time, so that a store of any size is never held whole (`failure` says whether the reading stopped).
    /// - Parameters:
    ///   - period: only this period, when given.
    ///   - returnType, unit: only this unit's return, when given.
    ///   - pageSize: how many entries a page holds.
    public func reviewEntries(period: String? = nil, returnType: String? = nil, unit: String? = nil,
                              pageSize: Int = StorePages<ReviewEntry>.defaultPageSize) -> StorePages<ReviewEntry> {
        StorePages(pageSize: pageSize) { (last: ReviewEntry?) throws(StoreError) in
            try self.read { db in
                try Self.reviewEntries(db, after: last.map { [$0.returnType, $0.period, $0.unit] }, period: period,
                                       returnType: returnType, unit: unit, limit: pageSize)
            }
        }
    }

    /// Joins `d`, the latest approve, return or withdraw decision on the return of version `v`.
    static let latestDecisionJoin = """
        LEFT JOIN decision d ON d.id = (SELECT MAX(id) FROM decision x WHERE x.returnType = v.returnType
            AND x.unit = v.unit AND x.period = v.period AND x.action IN ('approve', 'return', 'withdraw'))
        """

    /// One page of review entries after the (return type, period, unit) `after`. Only the conditions
    /// given are written into the query, so that each page seeks its start in `version_review`
    /// instead of reading the index from its beginning.
    private static func reviewEntries(_ db: Database, after: [String]?, period: String?, returnType: String?,
                                      unit: String?, limit: Int) throws -> [ReviewEntry] {
        var conditions = ["v.current = 1", "v.unit IS NOT NULL", "v.period IS NOT NULL"]
        var arguments: [String] = []
        if let after {
            conditions.append("(v.returnType, v.period, v.unit) > (?, ?, ?)")
            arguments += after
        }
        for (column, value) in [("v.returnType", returnType), ("v.period", period), ("v.unit", unit)] {
            guard let value else { continue }
            conditions.append(column + " = ?")
            arguments.append(value)
        }
        // Columns are read by their place: a page is thousands of rows, and a name is looked up anew in each.
        let statement = try db.cachedStatement(sql: """
            SELECT v.id, v.returnType, v.unit, v.period, v.vals, v.row, f.name,
                   (SELECT group_concat(rule, char(31)) FROM issue i
                    WHERE i.file = v.file AND i.row = v.row AND i.code = 'explained'),
                   \(decisionColumns.map { "d." + $0 }.joined(separator: ", "))
            FROM version v JOIN file f ON f.id = v.file \(latestDecisionJoin)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY v.returnType, v.period, v.unit LIMIT \(limit)
            """)
        let rows = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
        var entries: [ReviewEntry] = []
        while let row = try rows.next() {
            let version: Int64 = row[0]
            let decision: Decision? = row.hasNull(atIndex: 8) ? nil : Self.decision(row, from: 8)
            let state = ReviewState(version: version, latest: decision?.action, on: decision?.version)
            let explained: String? = row[7]
            let values = try PackedStrings.checked(row[4], in: Store.fileName)
            var entry = ReviewEntry(returnType: row[1], unit: row[2], period: row[3], version: version, state: state, decision: decision,
                                    values: [], file: row[6], row: row[5],
                                    explainedRules: explained.map { $0.split(separator: "\u{1F}").map(String.init) } ?? [])
            entry.packedValues = values
            entries.append(entry)
        }
        return entries
    }

    /// The approvals and closings in force.
    public func locks() throws(StoreError) -> Locks {
        try read { db in try Self.locks(db) }
    }

    static func locks(_ db: Database) throws -> Locks {
        Locks(try decisions(db))
    }

    /// When each unit's return for each period was first accepted: the receipt time (the file's
    /// modification time when first listed) of its first accepted version (PRODUCT §11.3), handed
    /// to `body` one at a time as (return type, unit, period, ISO 8601 time).
    public func forEachFirstReceipt(_ body: (_ returnType: String, _ unit: String, _ period: String, _ time: String) -> Void)
        throws(StoreError) {
        try read { db in
            // The first accepted version is the one with the lowest id: a later correction whose file
            // happens to carry an older time never makes a late unit on time.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT v.returnType, v.unit, v.period, f.modified AS first FROM version v JOIN file f ON f.id = v.file
                WHERE v.id IN (SELECT MIN(id) FROM version WHERE unit IS NOT NULL AND period IS NOT NULL
                               GROUP BY returnType, unit, period)
                """)
            // By place, not name: there is a row for every return in the store.
            while let row = try rows.next() {
                body(row[0], row[1], row[2], row[3])
            }
        }
    }

    /// The values of a unit's latest accepted return of a type before `period` (its version in
    /// force), and that period.
    public func previousValues(returnType: String, unit: String, before period: String) throws(StoreError) -> (period: String, values: [String])? {
        try read { db in try Self.previousValues(db, returnType: returnType, unit: unit, before: period) }
    }

    /// Runs `body` in one read of the store with a look-up of previous values that it may call as
    /// often as it likes: a million look-ups cost one transaction.
    public func withPreviousValues<T>(
        _ body: (_ previous: (_ returnType: String, _ unit: String, _ before: String) -> (period: String, values: [String])?) throws -> T
    ) throws(StoreError) -> T {
        try read { db in
            var failure: Error?
            let result = try body { type, unit, period in
                do {
                    return try Self.previousValues(db, returnType: type, unit: unit, before: period)
                } catch {
                    failure = failure ?? error
                    return nil
                }
            }
            if let failure { throw failure }
            return result
        }
    }

    static func previousValues(_ db: Database, returnType: String, unit: String, before period: String) throws -> (period: String, values: [String])? {
        let statement = try db.cachedStatement(sql: """
            SELECT period, vals FROM version WHERE returnType = ? AND unit = ? AND period < ? AND current = 1
            ORDER BY period DESC LIMIT 1
            """)
        guard let row = try Row.fetchOne(statement, arguments: [returnType, unit, period]) else { return nil }
        return (row["period"], try PackedStrings.stored(row["vals"], in: Store.fileName))
    }

    /// The columns of a decision, in the order `decision(_:from:)` reads them.
    private static let decisionColumns = ["action", "returnType", "unit", "period", "version", "decidedBy", "decidedAt", "note",
                                          "workbook", "afterRun"]

    /// Every decision in `db`, oldest first.
    private static func decisions(_ db: Database) throws -> [Decision] {
        try Row.fetchAll(db, sql: "SELECT \(decisionColumns.joined(separator: ", ")) FROM decision ORDER BY id").map { decision($0, from: 0) }
    }

    /// The decision whose `decisionColumns` start at column `first` of `row`.
    private static func decision(_ row: Row, from first: Int) -> Decision {
        var decision = Decision(action: DecisionAction(rawValue: row[first]) ?? .withdraw, returnType: row[first + 1],
                                unit: row[first + 2], period: row[first + 3], version: row[first + 4], decidedBy: row[first + 5],
                                decidedAt: row[first + 6], note: StoredText.decode(row[first + 7]), workbook: row[first + 8])
        decision.afterRun = row[first + 9]
        return decision
    }
}

/// A field whose canonical value differs between a version and the one it replaced (PRODUCT §11.5).
public struct FieldChange: Sendable, Equatable {
    /// Its place among the store's changes.
    var id: Int64 = 0
    public var returnType: String
    public var unit: String
    public var period: String
    /// The field key.
    public var field: String
    public var old: String
    public var new: String
    /// The file of the new version, relative to the inbox.
    public var file: String
}

extension Store {
    /// The changes a run recorded, in the order recorded (return type, key, field), a page at a time.
    public func changes(run: Int64) -> StorePages<FieldChange> {
        StorePages(pageSize: StorePages<FieldChange>.defaultPageSize) { (last: FieldChange?) throws(StoreError) in
            try self.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT c.*, f.name FROM change c JOIN file f ON f.id = c.file WHERE c.run = ? AND c.id > ?
                    ORDER BY c.id LIMIT \(StorePages<FieldChange>.defaultPageSize)
                    """, arguments: [run, last?.id ?? 0]).map { row in
                    FieldChange(id: row["id"], returnType: row["returnType"], unit: row["unit"] ?? "", period: row["period"] ?? "",
                                field: row["field"], old: StoredText.decode(row["old"]) ?? "",
                                new: StoredText.decode(row["new"]) ?? "", file: row["name"])
                }
            }
        }
    }
}

/// Rows of the store read a page at a time as they are iterated: a table of any size costs one
/// page of memory, and can be read again from the start. A read that fails ends the sequence and
/// stays in `failure`, which a writer checks before it puts its output in place.
public final class StorePages<Element>: Sequence {
    public static var defaultPageSize: Int { 4096 }

    /// The page after the given last element (the first page after nil); empty at the end.
    private let page: (Element?) throws(StoreError) -> [Element]
    /// A page shorter than this is the last.
    private let pageSize: Int
    public private(set) var failure: StoreError?

    init(pageSize: Int, _ page: @escaping (Element?) throws(StoreError) -> [Element]) {
        self.pageSize = pageSize
        self.page = page
    }

    /// The same rows read by a reader of their own, whose `failure` is its own: for a reader on
    /// another thread while this one is read.
    public func anew() -> StorePages {
        StorePages(pageSize: pageSize, page)
    }

    /// Every element, for the few callers that need them together (one unit's return, one period).
    public func all() throws(StoreError) -> [Element] {
        let elements = Array(self)
        if let failure { throw failure }
        return elements
    }

    public struct Iterator: IteratorProtocol {
        let pages: StorePages
        var buffer: [Element] = []
        var index = 0
        var last: Element?
        var ended = false

        public mutating func next() -> Element? {
            if index == buffer.count {
                guard !ended else { return nil }
                do {
                    buffer = try pages.page(last)
                } catch {
                    pages.failure = error
                    buffer = []
                }
                index = 0
                if buffer.count < pages.pageSize { ended = true }
                guard !buffer.isEmpty else { return nil }
            }
            defer { index += 1 }
            last = buffer[index]
            return buffer[index]
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(pages: self)
    }
}
