/// The history rules of a return type (PRODUCT §11.2): those that name `prev()`, checked against
/// the unit's previous accepted period rather than with the row alone. A night checks them while
/// merging, period by period, so that a row accepted the same night can be the next one's `prev`;
/// `huizong validate` checks them against the store and the other files it is given. Both give
/// this check the rows as stored: canonical texts. A class, so that checking a row holds one
/// reference rather than a copy of the rules, programs and type it keeps.
public final class HistoryCheck: Sendable {
    /// A history rule fails by its level, as a row rule does (`RuleCheck`).
    static let codes = RuleCheck.codes

    private let type: ReturnType
    private let rules: [RowRule]
    /// Each rule's check, compiled.
    private let programs: [RuleProgram]
    private let bands: [ScoreBand]
    /// The fields the rules read, in the row and through prev(): the only ones made into values.
    private let read: [Int]
    /// Per field, its place in `read`; -1 for a field no rule reads.
    private let placeInRead: [Int]

    public init(type: ReturnType, schema: PlanSchema) {
        self.type = type
        rules = type.rules.filter(\.usesHistory)
        programs = rules.map { RuleProgram($0.check) }
        bands = schema.bands
        read = Set(rules.flatMap { $0.fieldsUsed + $0.previousFieldsUsed }).sorted()
        var placeInRead = [Int](repeating: -1, count: type.fields.count)
        for (place, field) in read.enumerated() { placeInRead[field] = place }
        self.placeInRead = placeInRead
    }

    /// True when the type has no rule that names prev().
    public var isEmpty: Bool { rules.isEmpty }

    /// The issues of a row's history rules. A rule is checked only where every field it reads,
    /// in the row and through prev(), has a value; with no previous period every rule holds.
    /// - Parameters:
    ///   - values: the row's canonical values per field, as stored. A row stored before a field
    ///     was added to the schema is shorter: the missing values read as empty.
    ///   - original: the cells as the unit wrote them, by the same convention.
    ///   - previous: the unit's previous accepted period and its canonical values, nil when it has none.
    public func issues(file: String, row: Int, values: [String], original: [String],
                       previous: (period: String, values: [String])?) -> [Issue] {
        guard let previous, !rules.isEmpty else { return [] }
        let current = padded(values)
        let before = padded(previous.values)
        return withRuleValues(current) { currentValues in
            withRuleValues(before) { previousValues in
                // By index: a rule is read in place, not copied for every row.
                rules.indices.compactMap { index in
                    guard rules[index].fieldsUsed.allSatisfy({ currentValues[placeInRead[$0]] != nil }),
                          rules[index].previousFieldsUsed.allSatisfy({ previousValues[placeInRead[$0]] != nil }) else { return nil }
                    let result = programs[index].evaluate({ currentValues[placeInRead[$0]]! }, previous: { previousValues[placeInRead[$0]]! },
                                                          band: { [bands] in PlanSchema.band(of: $0, in: bands) })
                    guard !result.isTrue else { return nil }
                    let field = rules[index].field
                    let cell = field < original.count ? original[field] : ""
                    return rules[index].failure(file: file, row: row, type: type, values: current, cell: cell,
                                                previous: (previous.period, before), bands: bands)
                }
            }
        }
    }

    /// `values` with one entry per field, those a shorter stored row lacks empty.
    private func padded(_ values: [String]) -> [String] {
        let count = type.fields.count
        if values.count == count { return values }
        return values.count > count ? Array(values.prefix(count)) : values + Array(repeating: "", count: count - values.count)
    }

    /// Calls `body` with the value for the rules of each field they read, in `read`'s order, nil
    /// where empty: in memory on the stack, for a walk makes and lets go of them for every row.
    private func withRuleValues<Result>(_ values: [String], _ body: (UnsafeMutableBufferPointer<RuleValue?>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: RuleValue?.self, capacity: read.count) { ruleValues in
            for (place, field) in read.enumerated() {
                (ruleValues.baseAddress! + place).initialize(to: CellValue(canonical: values[field], type: type.fields[field].type)?.ruleValue)
            }
            defer { ruleValues.deinitialize() }
            return body(ruleValues)
        }
    }
}
