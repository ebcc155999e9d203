/// `outbox/consolidated/summary.csv` (PRODUCT §7.3): per period and rating field, the number of
/// units at each level. A rating field is one whose allowed values are the plan's score bands.
struct RatingSummary {
    private let levels: [String]
    /// Per return type name, its rating fields.
    private let ratingFields: [String: [Int]]
    /// Per return type name: period → rating field → counts by level index.
    private var counts: [String: [String: [Int: [Int]]]] = [:]

    init(schema: PlanSchema) {
        let levels = schema.bands.map(\.label)
        self.levels = levels
        ratingFields = Dictionary(uniqueKeysWithValues: schema.returnTypes.map { type in
            (type.name, type.fields.indices.filter { type.fields[$0].constraints.enumValues.map(Set.init) == Set(levels) })
        })
    }

    /// Counts one version in force.
    mutating func count(_ type: ReturnType, values: [String]) {
        guard let period = type.periodField else { return }
        for field in ratingFields[type.name] ?? [] {
            guard let level = levels.firstIndex(of: values[field]) else { continue }
            counts[type.name, default: [:]][values[period], default: [:]][field, default: Array(repeating: 0, count: levels.count)][level] += 1
        }
    }

    /// The table, header first: period, return, rating field, a count per level, the total.
    func rows(_ schema: PlanSchema) -> [[String]] {
        var rows = [["报送期间", "报表", "等级项目"] + levels + ["合计"]]
        for type in schema.returnTypes {
            let byPeriod = counts[type.name] ?? [:]
            for period in byPeriod.keys.sorted() {
                for field in ratingFields[type.name] ?? [] {
                    let row = byPeriod[period]?[field] ?? Array(repeating: 0, count: levels.count)
                    rows.append([period, type.title, type.fields[field].label] + row.map(String.init) + [String(row.reduce(0, +))])
                }
            }
        }
        return rows
    }

    func csv(_ schema: PlanSchema) -> [UInt8] {
        let rows = rows(schema)
        var text = CSVText(header: rows[0])
        for row in rows.dropFirst() { text.append(row) }
        return text.bytes
    }
}
