/// `outbox/review.csv` and `report.json` `review[]` (PRODUCT §11.4): every accepted return (the
/// version in force of a unit and period) with its 审核状态 and the decision behind it.
enum ReviewTable {
    static let header = ["报表", "单位代码", "单位名称", "报送期间", "审核状态", "审核人", "审核时间", "审核意见"]

    /// The decision that explains the state: the approval, the return, or the withdrawn approval that
    /// made it wait again. A return decided on an older version explains nothing about the new one.
    static func decision(_ entry: ReviewEntry) -> Decision? {
        guard let decision = entry.decision else { return nil }
        switch (entry.state, decision.action) {
        case (.approved, .approve), (.returned, .return), (.pending, .withdraw): return decision
        default: return nil
        }
    }

    /// The unit's 填报说明 on the version, if the plan has the field.
    static func explanation(_ entry: ReviewEntry, _ type: ReturnType?) -> String {
        guard let index = type?.explanationField else { return "" }
        return entry.value(at: index) ?? ""
    }

    static func cells(_ entry: ReviewEntry, schema: PlanSchema, registry: Registry) -> [String] {
        let decision = decision(entry)
        return [schema.returnType(named: entry.returnType)?.title ?? entry.returnType, entry.unit,
                registry.name(of: entry.unit) ?? "", entry.period, entry.state.label(.zh),
                decision?.decidedBy ?? "", decision?.decidedAt ?? "", decision?.note ?? ""]
    }

    /// Appends the entry's object of `report.json` `review[]`, at `indent`.
    static func appendJSON(_ entry: ReviewEntry, schema: PlanSchema, registry: Registry, indent: String, to json: inout JSONText) {
        let decision = decision(entry)
        let members: [(String, String?)] = [
            ("returnType", entry.returnType),
            ("unit", entry.unit),
            ("name", registry.name(of: entry.unit) ?? ""),
            ("period", entry.period),
            ("state", entry.state.rawValue),
            ("decidedBy", decision?.decidedBy),
            ("decidedAt", decision?.decidedAt),
            ("note", decision?.note),
            ("explanation", explanation(entry, schema.returnType(named: entry.returnType))),
        ]
        for (i, (key, value)) in members.enumerated() {
            json.appendKey(key, first: i == 0, indent: indent)
            if let value { json.appendString(value) } else { json.appendRaw("null") }
        }
        json.endObject(indent: indent)
    }
}
