/// The 催报 list of the dashboard (PRODUCT §11.3): per return type, the units that have not filed
/// for its latest period — the latest with any return in, as completeness takes it, else the latest
/// due — with whom to call: the contact fields (填报人, 联系电话) of the unit's latest earlier
/// accepted return.
struct ChaseList {
    struct Entry {
        let type: ReturnType
        let unit: Registry.Unit
        let period: String
        /// The period of the return the contacts come from; nil when the unit never filed before.
        let lastPeriod: String?
        /// (label, value) of each contact field, as that return gave them.
        let contacts: [(label: String, value: String)]
    }

    /// The first `limit` units to chase of each return type.
    let entries: [Entry]
    /// How many units there are to chase in all.
    let count: Int

    /// - Parameter tallies: `timeliness.tallies`.
    init(_ timeliness: Timeliness, tallies: [Timeliness.Tally], store: Store, limit: Int) throws(StoreError) {
        var entries: [Entry] = []
        var count = 0
        for group in timeliness.groups {
            guard let period = Self.period(of: group, tallies: tallies) else { continue }
            var listed = 0
            let receipts = timeliness.receipts(group.type, period)
            for index in group.units where receipts[index] == nil {
                count += 1
                guard listed < limit, let unit = timeliness.registry.unit(at: Int(index)) else { continue }
                listed += 1
                let previous = try store.previousValues(returnType: group.type.name, unit: unit.code, before: period.description)
                let contacts = group.type.contactFields.map { index in
                    (group.type.fields[index].label, previous.map { index < $0.values.count ? $0.values[index] : "" } ?? "")
                }
                entries.append(Entry(type: group.type, unit: unit, period: period.description, lastPeriod: previous?.period,
                                     contacts: contacts))
            }
        }
        self.entries = entries
        self.count = count
    }

    /// The period to chase a return type for: the latest with any return in, else the latest due.
    static func period(of group: Timeliness.Group, tallies: [Timeliness.Tally]) -> YearMonth? {
        let filed = group.periods.last { period in
            tallies.contains { $0.returnType.name == group.type.name && $0.period == period.description && $0.onTime + $0.late > 0 }
        }
        return filed ?? group.periods.last
    }
}
