import Foundation

/// One night of the office (PRODUCT §7): finish any run a crash left unfinished, then list the
/// inbox, read, validate and merge every file in one store transaction, write the outbox from the
/// store, and archive the files.
///
/// The order makes a run take effect as a whole (§7.4): nothing is changed until the transaction
/// commits; after it, the outbox and the archive moves are derived from what it recorded and are
/// safe to redo, so a run killed at any moment is completed by the next one without applying
/// anything twice.
public struct NightlyRun {
    public struct Options {
        public var period: String?
        public var settle: TimeInterval = 120
        public var language: Language = .zh
        public var now = Date()
        /// Told of the night's progress, for the terminal.
        public var observer: (any RunObserver)?

        public init(period: String? = nil, settle: TimeInterval = 120, language: Language = .zh, now: Date = Date(),
                    observer: (any RunObserver)? = nil) {
            self.period = period
            self.settle = settle
            self.language = language
            self.now = now
            self.observer = observer
        }
    }

    /// What the night did, for the closing summary.
    public struct Summary: Sendable {
        public var run: RunRecord
        public var files: [FileRecord]
        public var issues: [IssueRecord]
        public var completeness: Completeness
        public var skipped: [SkippedEntry]
        /// Earlier runs a crash had left unfinished, completed first.
        public var finishedEarlierRuns: Int
        public var outbox: String
    }

    public let workspace: Workspace
    public let options: Options

    public init(workspace: Workspace, options: Options) {
        self.workspace = workspace
        self.options = options
    }

    var outbox: String { workspace.root + "/outbox" }
    var inbox: String { workspace.root + "/inbox" }

    public func perform() throws(RunFailure) -> Summary {
        let lock = try Self.lockWorkspace(outbox: outbox)
        defer { lock.release() }
        let store: Store
        do {
            store = try Store(path: outbox + "/" + Store.fileName)
        } catch {
            throw .store(error)
        }
        let unfinished = try storeCall { () throws(StoreError) in try store.unfinishedRuns() }
        for run in unfinished {
            options.observer?.finishingEarlierRun()
            _ = try finish(run, store: store)
        }
        let listing = InboxListing.list(inbox: inbox, settle: options.settle, now: options.now)
        options.observer?.listed(files: listing.files.count, bytes: listing.files.reduce(0) { $0 + $1.size })
        let run = try commit(listing, store: store)
        let written = try finish(run, store: store)
        return Summary(run: run, files: written.files, issues: written.issues, completeness: written.completeness,
                       skipped: listing.skipped, finishedEarlierRuns: unfinished.count, outbox: outbox)
    }

    /// Takes the workspace lock that a night and every review decision hold (PRODUCT §7.4, §11.4).
    static func lockWorkspace(outbox: String) throws(RunFailure) -> WorkspaceLock {
        do {
            return try WorkspaceLock.acquire(outbox: outbox)
        } catch {
            switch error {
            case .heldBy(let holder): throw .locked(holder)
            case .cannotCreate(let path, let reason): throw .lockUnavailable(path: path, reason: reason)
            }
        }
    }

    // MARK: - The transaction

    /// Reads, validates and merges every listed file in one transaction, and records where each
    /// file and error report will go.
    private func commit(_ listing: InboxListing, store: Store) throws(RunFailure) -> RunRecord {
        let day = Self.day(options.now)
        let started = ISO8601DateFormatter().string(from: options.now)
        let inUse = try storeCall { () throws(StoreError) in try store.archivePathsInUse(prefix: "outbox/archive/\(day)/") }
        let id = try storeCall { () throws(StoreError) in
            try store.write { db in
                let transaction = try RunTransaction.begin(db, started: started, day: day, language: options.language,
                                                           period: options.period)
                var merge = RunMerge(workspace: workspace, transaction: transaction, language: options.language,
                                     paths: UniquePaths(workspace: workspace.root, taken: inUse), day: day,
                                     observer: options.observer)
                for (n, file) in listing.files.enumerated() {
                    try merge.take(file)
                    FaultInjection.reached(.file, count: n + 1)
                }
                try merge.finish()
                return transaction.runID
            }
        }
        FaultInjection.reached(.commit)
        guard let run = try storeCall({ () throws(StoreError) in try store.run(id) }) else {
            throw .store(StoreError(path: outbox, reason: "run \(id) vanished"))
        }
        return run
    }

    // MARK: - After the commit: safe to redo

    /// Writes the outbox for `run`, archives its files and marks it complete.
    /// A file gone from the inbox before it could be archived (a clerk took it back after a crash)
    /// loses its archive path, and the outbox is written again so that `report.json` says so.
    private func finish(_ run: RunRecord, store: Store) throws(RunFailure) -> (files: [FileRecord], issues: [IssueRecord], completeness: Completeness) {
        let writer = OutboxWriter(workspace: workspace, store: store)
        func write() throws(RunFailure) -> (files: [FileRecord], issues: [IssueRecord], completeness: Completeness) {
            do {
                return try writer.write(run: run, period: options.period, now: options.now, keepsNightPage: true)
            } catch {
                throw RunFailure(error)
            }
        }
        var written = try write()
        let files = try storeCall { () throws(StoreError) in try store.files(run: run.id) }
        var moves = 0
        var vanished = false
        for (file, archived) in files where !archived {
            guard let target = file.archivedAs else { continue }
            do {
                if try Archive.move(inbox + "/" + file.name, to: target, workspace: workspace.root) {
                    try store.markArchived(file: file.id)
                } else {
                    try store.markVanished(file: file.id)
                    vanished = true
                }
            } catch let error as OutputError {
                throw .output(error)
            } catch {
                throw .store(error as? StoreError ?? StoreError(path: outbox, reason: String(describing: error)))
            }
            moves += 1
            FaultInjection.reached(.archive, count: moves)
        }
        if vanished {
            written = try write()
        }
        try storeCall { () throws(StoreError) in try store.markComplete(run: run.id) }
        return written
    }

    private func storeCall<T>(_ body: () throws(StoreError) -> T) throws(RunFailure) -> T {
        do {
            return try body()
        } catch {
            throw .store(error)
        }
    }

    /// The run's day in local time: the archive and error-report folder.
    static func day(_ date: Date) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: date)
        return String.zeroPadded(parts.year ?? 0, width: 4) + "-" + .zeroPadded(parts.month ?? 0, width: 2) + "-"
            + .zeroPadded(parts.day ?? 0, width: 2)
    }
}
