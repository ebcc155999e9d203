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
    /// The fields each rule reads, one rule's after another's, and where each rule's are: plain
    /// numbers, read for every row without counting a reference to a rule's own list.
    private let fieldsRead: [Int]
    private let fieldsOfRule: [Range<Int>]

    init(type: ReturnType, schema: PlanSchema, file: String) {
        self.type = type
        bands = schema.bands
        self.file = file
        rules = type.rules.filter { !$0.usesHistory }
        programs = rules.map { RuleProgram($0.check) }
        fieldsRead = rules.flatMap(\.fieldsUsed)
        fieldsOfRule = rules.reduce(into: []) { ranges, rule in
            let start = ranges.last?.upperBound ?? 0
            ranges.append(start..<start + rule.fieldsUsed.count)
        }
    }

    /// A rule is checked only where every field it reads has a valid value. The rules and their
    /// programs are read in place, through pointers: a copy of each for every row would count
    /// references to all it holds, on objects every checking thread shares.
    func check(_ outcome: inout RowOutcome, wrong: [Bool]) {
        let bands = bands
        rules.withUnsafeBufferPointer { rules in
            programs.withUnsafeBufferPointer { programs in
                fieldsRead.withUnsafeBufferPointer { fieldsRead in
                    checkRules(rules, programs, fieldsRead, bands: bands, &outcome, wrong: wrong)
                }
            }
        }
    }

    private func checkRules(_ rules: UnsafeBufferPointer<RowRule>, _ programs: UnsafeBufferPointer<RuleProgram>,
                            _ fieldsRead: UnsafeBufferPointer<Int>, bands: [ScoreBand], _ outcome: inout RowOutcome, wrong: [Bool]) {
        for r in rules.indices {
            guard fieldsRead[fieldsOfRule[r]].allSatisfy({ !wrong[$0] && outcome.values.hasValue($0) }) else { continue }
            // Row rules read no prev(): `previousFieldsUsed` is empty, so `previous` is never called.
            let result = programs[r].evaluate({ outcome.values.ruleValue($0)! }, previous: { _ in .number(.nan) },
                                              band: { PlanSchema.band(of: $0, in: bands) })
            guard !result.isTrue else { continue }
            outcome.issues.append(rules[r].failure(file: file, row: outcome.row, type: type, values: outcome.values.canonicalTexts,
                                                   cell: outcome.original[rules[r].field], previous: nil, bands: bands))
        }
    }
}
