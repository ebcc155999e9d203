import Foundation

/// The office's decisions (PRODUCT §11.4): 审核通过, 退回, 关账 and their undoing.
///
/// Each decision takes the workspace lock (a night cannot run meanwhile), is checked against the
/// store, committed on its own and followed at once by a fresh outbox, so that the consolidated
/// tables, `review.csv` and the dashboard show it. Nothing is ever changed or removed: undoing a
/// decision is a decision of its own.
public struct Review: Sendable {
    public let workspace: Workspace
    /// Who decides (`--by`).
    public var decidedBy: String
    public var language: Language
    public var now: Date

    public init(workspace: Workspace, decidedBy: String, language: Language = .zh, now: Date = Date()) {
        self.workspace = workspace
        self.decidedBy = decidedBy
        self.language = language
        self.now = now
    }

    var outbox: String { workspace.root + "/outbox" }

    // MARK: - Reading

    /// What waits for the office: accepted returns not yet decided, those a unit explained first,
    /// then returned ones not resubmitted.
    public func waiting(period: String?) throws(ReviewFailure) -> [ReviewEntry] {
        if let period { _ = try checkedPeriod(period) }
        let store = try openStore()
        let entries = try storeCall { () throws(StoreError) in try store.reviewEntries(period: period).all() }
        let pending = entries.filter { $0.state == .pending }
        return pending.filter { !$0.explainedRules.isEmpty } + pending.filter { $0.explainedRules.isEmpty }
            + entries.filter { $0.state == .returned }
    }

    // MARK: - Deciding on one return

    /// 审核通过 of a unit's return for a period.
    public func approve(unit: String, period: String, note: String?) throws(ReviewFailure) {
        try decide { store throws(ReviewFailure) in
            let entry = try self.entry(unit: unit, period: period, in: store)
            if entry.state == .approved {
                throw .refused(LocalizedText(zh: "\(name(unit)) \(period) 的报表已审核通过，无需再次审核。",
                                             en: "\(unit)'s return for \(period) is approved already."))
            }
            return [decision(.approve, entry, note: note)]
        }
    }

    /// 审核通过 of every return of a period still waiting (待审核); returned ones stay as they are.
    /// - Returns: the number approved.
    @discardableResult
    public func approveAll(period: String, note: String?) throws(ReviewFailure) -> Int {
        var count = 0
        try decide { store throws(ReviewFailure) in
            _ = try checkedPeriod(period)
            let entries = try storeCall { () throws(StoreError) in try store.reviewEntries(period: period).all() }
                .filter { $0.state == .pending }
            count = entries.count
            return entries.map { decision(.approve, $0, note: note) }
        }
        return count
    }

    /// 退回 with a reason: writes the 退回 workbook the clerk corrects and sends back.
    /// - Returns: the workbook's path relative to the workspace.
    @discardableResult
    public func sendBack(unit: String, period: String, reason: String) throws(ReviewFailure) -> String {
        let reason = try required(reason)
        var path = ""
        try decide { store throws(ReviewFailure) in
            let entry = try self.entry(unit: unit, period: period, in: store)
            if entry.state == .returned {
                throw .refused(LocalizedText(zh: "\(name(unit)) \(period) 的报表已退回，单位尚未重新报送。",
                                             en: "\(unit)'s return for \(period) was returned and not resubmitted since."))
            }
            if let closed = try storeCall({ () throws(StoreError) in try store.locks() }).closed[period] {
                throw .refused(LocalizedText(zh: "\(period) 期已关账（\(Self.describe(closed, .zh))），退回后单位也无法重新报送。请先重新开账。",
                                             en: "\(period) is closed (\(Self.describe(closed, .en))); a returned unit could not resubmit. Reopen the period first."))
            }
            path = try writeReturnWorkbook(entry, reason: reason)
            var decision = decision(.return, entry, note: reason)
            decision.workbook = path
            return [decision]
        }
        return path
    }

    /// Withdraws the approval of a unit's return for a period (`review reopen UNIT PERIOD`).
    public func withdraw(unit: String, period: String, reason: String) throws(ReviewFailure) {
        let reason = try required(reason)
        try decide { store throws(ReviewFailure) in
            let entry = try self.entry(unit: unit, period: period, in: store)
            guard entry.state == .approved else {
                throw .refused(LocalizedText(zh: "\(name(unit)) \(period) 的报表没有审核通过，无需撤回。",
                                             en: "\(unit)'s return for \(period) is not approved; there is nothing to withdraw."))
            }
            return [decision(.withdraw, entry, note: reason)]
        }
    }

    // MARK: - Closing a period

    /// 关账: no row for the period is taken any more.
    public func close(period: String, reason: String?) throws(ReviewFailure) {
        try decide { store throws(ReviewFailure) in
            _ = try checkedPeriod(period)
            if let closed = try storeCall({ () throws(StoreError) in try store.locks() }).closed[period] {
                throw .refused(LocalizedText(zh: "\(period) 期已经关账（\(Self.describe(closed, .zh))）。",
                                             en: "\(period) is closed already (\(Self.describe(closed, .en)))."))
            }
            return [Decision(action: .close, returnType: nil, unit: nil, period: period, version: nil, decidedBy: decidedBy,
                             decidedAt: timestamp, note: reason)]
        }
    }

    /// Opens a closed period again.
    public func reopen(period: String, reason: String) throws(ReviewFailure) {
        let reason = try required(reason)
        try decide { store throws(ReviewFailure) in
            _ = try checkedPeriod(period)
            guard try storeCall({ () throws(StoreError) in try store.locks() }).closed[period] != nil else {
                throw .refused(LocalizedText(zh: "\(period) 期没有关账，无需重新开账。", en: "\(period) is not closed."))
            }
            return [Decision(action: .reopen, returnType: nil, unit: nil, period: period, version: nil, decidedBy: decidedBy,
                             decidedAt: timestamp, note: reason)]
        }
    }

    // MARK: - The steps every decision takes

    /// Under the workspace lock: the decisions `make` returns are committed together, then the
    /// outbox is written again.
    private func decide(_ make: (Store) throws(ReviewFailure) -> [Decision]) throws(ReviewFailure) {
        let lock: WorkspaceLock
        do {
            lock = try NightlyRun.lockWorkspace(outbox: outbox)
        } catch {
            throw .run(error)
        }
        defer { lock.release() }
        let store = try openStore()
        let decisions = try make(store)
        guard !decisions.isEmpty else { return }
        do {
            try store.record(decisions)
        } catch {
            // No decision, so no 退回 workbook either: a clerk must not find one for a return that stands.
            for path in decisions.compactMap(\.workbook) { try? FileManager.default.removeItem(atPath: workspace.root + "/" + path) }
            throw .run(.store(error))
        }
        do {
            guard let run = try store.latestRun() else { return }
            _ = try OutboxWriter(workspace: workspace, store: store).write(run: run, period: run.period, now: now, keepsNightPage: false)
        } catch let error as OutboxFailure {
            throw .notShown(RunFailure(error))
        } catch {
            throw .notShown(.store(error as? StoreError ?? StoreError(path: outbox, reason: String(describing: error))))
        }
    }

    /// The store of the workspace; a workspace no night has run in has nothing to decide on.
    private func openStore() throws(ReviewFailure) -> Store {
        let path = outbox + "/" + Store.fileName
        guard FileManager.default.fileExists(atPath: path) else {
            throw .usage(LocalizedText(zh: "这个工作区还没有汇总过任何报表（没有 outbox/\(Store.fileName)），没有可审核的报表。请先运行 huizong run。",
                                       en: "No night has run in this workspace yet (no outbox/\(Store.fileName)): there is nothing to review. Run huizong run first."))
        }
        return try storeCall { () throws(StoreError) in try Store(path: path) }
    }

    /// The version in force of the unit's return for the period, with its state.
    private func entry(unit: String, period: String, in store: Store) throws(ReviewFailure) -> ReviewEntry {
        let type = try returnType(of: unit)
        let period = try checkedPeriod(period)
        let entries = try storeCall { () throws(StoreError) in
            try store.reviewEntries(period: period, returnType: type.name, unit: unit).all()
        }
        guard let entry = entries.first else {
            throw .usage(LocalizedText(zh: "\(name(unit)) 没有 \(period) 期已采用的\(type.title)，无法审核。请用 huizong review list 查看待审核的报表。",
                                       en: "\(unit) has no accepted \(type.name) return for \(period) to decide on. See huizong review list."))
        }
        return entry
    }

    /// The return type a registered unit files.
    private func returnType(of unit: String) throws(ReviewFailure) -> ReturnType {
        guard let registered = workspace.registry.unit(unit) else {
            throw .usage(LocalizedText(zh: "单位代码“\(unit)”不在单位名录中。请核对代码（村为 12 位村代码，企业为统一社会信用代码）。",
                                       en: "The unit code “\(unit)” is not in the registry. Check it (a village's 12-digit code, an enterprise's credit code)."))
        }
        guard let type = workspace.schema.returnTypes.first(where: { $0.filingUnitType == registered.type }) else {
            throw .usage(LocalizedText(zh: "单位“\(registered.name)”（\(registered.type)）没有要报送的报表类型。",
                                       en: "The unit “\(registered.name)” (\(registered.type)) files no return type."))
        }
        return type
    }

    /// `period` as `YYYY-MM` inside the plan period.
    private func checkedPeriod(_ period: String) throws(ReviewFailure) -> String {
        let plan = workspace.schema.period
        guard let month = YearMonth(canonical: period), plan.contains(month) else {
            throw .usage(LocalizedText(zh: "报送期间“\(period)”不对：应为 \(plan.lowerBound) 至 \(plan.upperBound) 之间的年月，写成 YYYY-MM，如 2009-06。",
                                       en: "The period “\(period)” is wrong: give a month from \(plan.lowerBound) to \(plan.upperBound) as YYYY-MM, e.g. 2009-06."))
        }
        return month.description
    }

    private func required(_ reason: String) throws(ReviewFailure) -> String {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw .usage(LocalizedText(zh: "请用 --reason 写明原因，单位和日后查阅的人都要看到它。",
                                       en: "Give the reason with --reason: the unit and later readers need it."))
        }
        return trimmed
    }

    private func decision(_ action: DecisionAction, _ entry: ReviewEntry, note: String?) -> Decision {
        Decision(action: action, returnType: entry.returnType, unit: entry.unit, period: entry.period, version: entry.version,
                 decidedBy: decidedBy, decidedAt: timestamp, note: note)
    }

    /// The 退回 workbook (PRODUCT §11.4): the template's columns holding the returned row, its
    /// 填报说明, and the reason in 错误说明, in today's error folder.
    private func writeReturnWorkbook(_ entry: ReviewEntry, reason: String) throws(ReviewFailure) -> String {
        guard let type = workspace.schema.returnType(named: entry.returnType) else {
            throw .usage(LocalizedText(zh: "报表类型“\(entry.returnType)”已不在方案中。", en: "The return type “\(entry.returnType)” is no longer in the plan."))
        }
        let cells = (0..<type.fields.count).map { $0 < entry.values.count ? entry.values[$0] : "" }
        var paths = UniquePaths(workspace: workspace.root)
        let stem = ErrorReport.returnedStem(unitName: name(entry.unit), period: entry.period)
        let path = paths.claim(folder: ErrorReport.folder(day: NightlyRun.day(now)), stem: stem, extensions: [".xlsx"]) + ".xlsx"
        let row = RejectedRow(row: entry.row, cells: cells, problems: reason, marks: [])
        do {
            try WorkbookWriter.write(ErrorWorkbook.workbook(type, rows: [row]), to: workspace.root + "/" + path)
        } catch {
            throw .run(.output(error))
        }
        return path
    }

    private func name(_ unit: String) -> String {
        workspace.registry.unit(unit)?.name ?? unit
    }

    private var timestamp: String {
        workspace.schema.deadlines.timestamp(now)
    }

    static func describe(_ reason: LockReason, _ language: Language) -> String {
        switch reason {
        case .approved(let by, let at), .closed(_, let by, let at):
            language == .zh ? "\(by) 于 \(at)" : "by \(by) on \(at)"
        }
    }

    private func storeCall<T>(_ body: () throws(StoreError) -> T) throws(ReviewFailure) -> T {
        do {
            return try body()
        } catch {
            throw .run(.store(error))
        }
    }
}

/// Why a review command did nothing.
public enum ReviewFailure: Error, Sendable {
    /// Unknown unit, a period outside the plan, no such return, a missing reason (exit 2).
    case usage(LocalizedText)
    /// The decision makes no sense in the return's state, e.g. approving an approved return (exit 1).
    case refused(LocalizedText)
    /// The workspace is locked (exit 3), or the store or outbox failed (exit 1).
    case run(RunFailure)
    /// The decision is recorded, but the outbox could not be written again to show it (exit 1).
    case notShown(RunFailure)

    public func message(_ language: Language) -> String {
        switch self {
        case .usage(let text), .refused(let text): text.text(language)
        case .run(let failure): failure.message(language)
        case .notShown(let failure):
            language == .zh
                ? "决定已记录在汇总库中，但 outbox 未能更新：\(failure.message(language)) 下次运行 huizong run 时会更新 outbox，无需再次审核。"
                : "The decision is recorded in the store, but the outbox could not be updated: \(failure.message(language)) The next huizong run updates it; do not decide again."
        }
    }
}
