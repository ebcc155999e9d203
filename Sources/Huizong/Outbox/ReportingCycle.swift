import Foundation

/// Where the office stands in its reporting cycle (PRODUCT §11), read from the store once for
/// every output that shows it: timeliness, the review states, this run's changes and whom to chase.
struct ReportingCycle {
    let timeliness: Timeliness
    let tallies: [Timeliness.Tally]
    /// The versions in force with their review states, by return type, period and unit.
    let review: [ReviewEntry]
    /// This run's field changes.
    let changes: [FieldChange]
    let chase: ChaseList

    /// - Parameter now: the moment timeliness is judged at.
    init(store: Store, schema: PlanSchema, registry: Registry, run: RunRecord, now: Date) throws(StoreError) {
        timeliness = Timeliness(schema: schema, registry: registry, receipts: try store.firstReceipts(), now: now)
        tallies = timeliness.tallies
        review = try store.reviewEntries()
        changes = try store.changes(run: run.id)
        chase = try ChaseList(timeliness, store: store)
    }
}
