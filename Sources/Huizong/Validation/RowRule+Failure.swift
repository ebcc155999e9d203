extension RowRule {
    /// The issue of this rule failing on a row, as its level decides (PRODUCT §11.1): `error` and
    /// `warning` give `row-constraint` (a warning keeps the row); `verify` gives `explained` when
    /// the row's 填报说明 is filled in, else `needs-explanation`. Rules checked with the row and
    /// history rules checked while merging both come here, so a level means the same in both.
    /// - Parameters:
    ///   - values: the row's canonical values by field index ("" where empty).
    ///   - cell: the rule's field as the unit wrote it.
    ///   - previous: for a history rule, the previous period and its canonical values by field index.
    func failure(file: String, row: Int, type: ReturnType, values: [String], cell: String,
                 previous: (period: String, values: [String])?, bands: [ScoreBand]) -> Issue {
        let facts = fieldsUsed.map { LabeledValue(label: type.fields[$0].label, value: values[$0]) }
        let before = previous.map { previous in
            previousFieldsUsed.map { LabeledValue(label: type.fields[$0].label, value: previous.values[$0]) }
        } ?? []
        let explanation = type.explanationField.map { values[$0] } ?? ""
        let finding: Finding
        var value = cell
        var code = IssueCode.rowConstraint
        switch level {
        case .error, .warning:
            // ruleFailed has no place for the previous period, so its figures go with the period in the label.
            let earlier = before.map { LabeledValue(label: "\($0.label)（\(previous?.period ?? "")）", value: $0.value) }
            finding = .ruleFailed(message, values: facts + earlier, bands: check.usesBands ? bands : [])
        case .verify where !explanation.isEmpty:
            code = .explained
            value = explanation
            finding = .explained(message, previousPeriod: previous?.period)
        case .verify:
            code = .needsExplanation
            finding = .needsExplanation(message, values: facts, previous: before, previousPeriod: previous?.period)
        }
        var issue = Issue(file: file, row: row, field: type.fields[field].key, label: type.fields[field].label,
                          code: code, value: value, finding: finding)
        issue.rule = id
        if level == .warning { issue.severityOverride = .warning }
        return issue
    }
}
