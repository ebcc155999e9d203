/// The cross-field rules of a return type checked with the row alone (PRODUCT §3, §11.1); those that
/// name prev() are the history rules of `HistoryCheck`. A failure is an error, a warning, or asks
/// for an explanation, by the rule's level.
struct RuleCheck: Sendable {
    static let codes: Set<IssueCode> = [.rowConstraint, .needsExplanation, .explained]

    let type: ReturnType
    let bands: [ScoreBand]
    let file: String
    private let rules: [RowRule]
    /// Each rule's check, compiled.
    private let programs: [RuleProgram]

    init(type: ReturnType, schema: PlanSchema, file: String) {
        self.type = type
        bands = schema.bands
        self.file = file
        rules = type.rules.filter { !$0.usesHistory }
        programs = rules.map { RuleProgram($0.check) }
    }

    /// A rule is checked only where every field it reads has a valid value. The rules are read in
    /// place, by index: a copy of each for every row would count references to all it holds.
    func check(_ outcome: inout RowOutcome, wrong: [Bool]) {
        for r in rules.indices where rules[r].fieldsUsed.allSatisfy({ !wrong[$0] && outcome.values.hasValue($0) }) {
            // Row rules read no prev(): `previousFieldsUsed` is empty, so `previous` is never called.
            let result = programs[r].evaluate({ outcome.values.ruleValue($0)! }, previous: { _ in .number(.nan) },
                                                 band: { [bands] score in PlanSchema.band(of: score, in: bands) })
            guard !result.isTrue else { continue }
            outcome.issues.append(rules[r].failure(file: file, row: outcome.row, type: type, values: outcome.values.canonicalTexts,
                                                   cell: outcome.original[rules[r].field], previous: nil, bands: bands))
        }
    }
}
