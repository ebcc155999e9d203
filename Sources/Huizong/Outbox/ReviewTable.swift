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
        guard let index = type?.explanationField, index < entry.values.count else { return "" }
        return entry.values[index]
    }

    static func cells(_ entry: ReviewEntry, schema: PlanSchema, registry: Registry) -> [String] {
        let decision = decision(entry)
        return [schema.returnType(named: entry.returnType)?.title ?? entry.returnType, entry.unit,
                registry.unit(entry.unit)?.name ?? "", entry.period, entry.state.label(.zh),
                decision?.decidedBy ?? "", decision?.decidedAt ?? "", decision?.note ?? ""]
    }

    static func json(_ entry: ReviewEntry, schema: PlanSchema, registry: Registry) -> JSONValue {
        let decision = decision(entry)
        return .object([
            ("returnType", .string(entry.returnType)),
            ("unit", .string(entry.unit)),
            ("name", .string(registry.unit(entry.unit)?.name ?? "")),
            ("period", .string(entry.period)),
            ("state", .string(entry.state.rawValue)),
            ("decidedBy", decision.map { .string($0.decidedBy) } ?? .null),
            ("decidedAt", decision.map { .string($0.decidedAt) } ?? .null),
            ("note", decision?.note.map(JSONValue.string) ?? .null),
            ("explanation", .string(explanation(entry, schema.returnType(named: entry.returnType)))),
        ])
    }
}
