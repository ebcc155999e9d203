/// `outbox/consolidated/summary.csv` (PRODUCT §7.3): per period and rating field, the number of
/// units at each level. A rating field is one whose allowed values are the plan's score bands.
enum RatingSummary {
    static func csv(schema: PlanSchema, versions: [String: [CurrentVersion]]) -> [UInt8] {
        let levels = schema.bands.map(\.label)
        var text = CSVText(header: ["报送期间", "报表", "等级项目"] + levels + ["合计"])
        for type in schema.returnTypes {
            guard let period = type.periodField else { continue }
            let ratings = type.fields.indices.filter { type.fields[$0].constraints.enumValues.map(Set.init) == Set(levels) }
            let byPeriod = Dictionary(grouping: versions[type.name] ?? []) { $0.values[period] }
            for periodValue in byPeriod.keys.sorted() {
                let rows = byPeriod[periodValue]!
                for field in ratings {
                    let counts = levels.map { level in rows.filter { $0.values[field] == level }.count }
                    text.append([periodValue, type.title, type.fields[field].label] + counts.map(String.init)
                                + [String(counts.reduce(0, +))])
                }
            }
        }
        return text.bytes
    }
}

extension ReturnType {
    /// The year-month field of the primary key: the period a return reports on.
    var periodField: Int? {
        primaryKey.first { fields[$0].type == .yearmonth }
    }

    /// The registry unit type whose units file this return type: the type of the unit its primary
    /// key names (村 for village returns, 企业 for enterprise returns).
    var filingUnitType: String? {
        registryLinks.first { primaryKey.contains($0.field) }?.unitType
    }
}
