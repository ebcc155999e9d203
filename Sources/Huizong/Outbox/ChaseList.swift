/// The 催报 list of the dashboard (PRODUCT §11.3): per return type, the units that have not filed
/// for its latest period, with whom to call: the contact fields (填报人, 联系电话) of the unit's
/// latest earlier accepted return.
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

    let entries: [Entry]

    init(_ timeliness: Timeliness, store: Store) throws(StoreError) {
        var entries: [Entry] = []
        for group in timeliness.groups {
            guard let period = group.periods.last else { continue }
            for unit in group.units where timeliness.row(group.type, unit, period).status == .missing {
                let previous = try store.previousValues(returnType: group.type.name, unit: unit.code, before: period.description)
                let contacts = group.type.contactFields.map { index in
                    (group.type.fields[index].label, previous.map { index < $0.values.count ? $0.values[index] : "" } ?? "")
                }
                entries.append(Entry(type: group.type, unit: unit, period: period.description, lastPeriod: previous?.period,
                                     contacts: contacts))
            }
        }
        self.entries = entries
    }
}
