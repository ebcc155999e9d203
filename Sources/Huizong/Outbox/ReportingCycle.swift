import Foundation

/// Where the office stands in its reporting cycle (PRODUCT §11), for every output that shows it:
/// timeliness, the review states, this run's changes and whom to chase. The review states and the
/// changes are read from the store a page at a time, by each output that lists them whole; the
/// dashboard gets counts and the first entries of each list.
struct ReportingCycle {
    /// How many entries of each list the dashboard shows; the files hold them all.
    static let shownOnDashboard = 200

    let timeliness: Timeliness
    let tallies: [Timeliness.Tally]
    /// The versions in force with their review states, by return type, period and unit.
    private(set) var review: StorePages<ReviewEntry>
    /// This run's field changes.
    private(set) var changes: StorePages<FieldChange>
    let waiting: Waiting
    /// The first of this run's changes, and how many there are.
    let changeDigest: ChangeDigest
    let chase: ChaseList

    /// The returns waiting for the office, counted, with the first of each kind.
    struct Waiting {
        var accepted = 0
        var approved = 0
        /// 待审核 returns the unit explained, the other 待审核 ones, and 已退回 ones not resubmitted.
        var explained: [ReviewEntry] = []
        var pending: [ReviewEntry] = []
        var returned: [ReviewEntry] = []
        var explainedCount = 0
        var pendingCount = 0
        var returnedCount = 0

        /// The entries shown, explained ones first.
        var shown: [ReviewEntry] { explained + pending + returned }
        var count: Int { explainedCount + pendingCount + returnedCount }

        mutating func add(_ entry: ReviewEntry) {
            accepted += 1
            switch entry.state {
            case .approved:
                approved += 1
            case .returned:
                returnedCount += 1
                if returned.count < ReportingCycle.shownOnDashboard { returned.append(entry) }
            case .pending where !entry.explainedRules.isEmpty:
                explainedCount += 1
                if explained.count < ReportingCycle.shownOnDashboard { explained.append(entry) }
            case .pending:
                pendingCount += 1
                if pending.count < ReportingCycle.shownOnDashboard { pending.append(entry) }
            }
        }
    }

    /// - Parameter now: the moment timeliness is judged at.
    init(store: Store, schema: PlanSchema, registry: Registry, run: RunRecord, now: Date) throws(StoreError) {
        var receipts = Timeliness.Receipts(registry: registry)
        try store.forEachFirstReceipt { receipts.add($0, $1, $2, $3) }
        timeliness = Timeliness(schema: schema, registry: registry, receipts: receipts, now: now)
        tallies = timeliness.tallies
        review = store.reviewEntries()
        var waiting = Waiting()
        for entry in review { waiting.add(entry) }
        if let failure = review.failure { throw failure }
        self.waiting = waiting
        changes = store.changes(run: run.id)
        changeDigest = try ChangeDigest(changes)
        chase = try ChaseList(timeliness, tallies: tallies, store: store, limit: Self.shownOnDashboard)
    }

    /// The same cycle, its pages read by a reader of their own: for an output written on another
    /// thread, whose reading must not stop or fail another's.
    func withPagesOfItsOwn() -> ReportingCycle {
        var cycle = self
        cycle.review = review.anew()
        cycle.changes = changes.anew()
        return cycle
    }
}

/// The first of a run's field changes, which the dashboard shows, and how many there are.
struct ChangeDigest {
    private(set) var first: [FieldChange] = []
    private(set) var count = 0

    init(_ changes: StorePages<FieldChange>) throws(StoreError) {
        for change in changes {
            count += 1
            if first.count < ReportingCycle.shownOnDashboard { first.append(change) }
        }
        if let failure = changes.failure { throw failure }
    }
}
