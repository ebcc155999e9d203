/// A value of the right type that breaks its field's constraints (PRODUCT §3, §6): one of a list,
/// a length, a pattern, a minimum or a maximum.
struct ConstraintCheck: Sendable {
    static let codes: Set<IssueCode> = [.constraintError]

    let type: ReturnType
    let issue: IssueMaker

    func check(_ value: CellValue, raw: String, field i: Int, row: Int) -> Issue? {
        func fail(_ constraint: String, _ finding: Finding) -> Issue {
            var found = issue(.constraintError, row: row, field: i, value: raw, finding)
            found.constraint = constraint
            return found
        }
        let canonical = value.canonical
        let c = type.fields[i].constraints
        if let allowed = c.enumValues, !allowed.contains(canonical) {
            return fail("enum", .notInEnum(allowed))
        }
        let length = c.minLength == nil && c.maxLength == nil ? 0 : canonical.count
        if let minimum = c.minLength, length < minimum {
            return fail("minLength", .wrongLength(length: length, minimum: minimum, maximum: c.maxLength))
        }
        if let maximum = c.maxLength, length > maximum {
            return fail("maxLength", .wrongLength(length: length, minimum: c.minLength, maximum: maximum))
        }
        if let pattern = c.pattern, !pattern.matches(canonical) {
            return fail("pattern", .patternMismatch(hint: type.fields[i].hint))
        }
        if let minimum = c.minimum, Self.isBeyond(value, minimum, below: true) {
            return fail("minimum", .belowMinimum(minimum))
        }
        if let maximum = c.maximum, Self.isBeyond(value, maximum, below: false) {
            return fail("maximum", .aboveMaximum(maximum))
        }
        return nil
    }

    /// True when `value` lies below (`below`) or above the bound, in the field's own order.
    private static func isBeyond(_ value: CellValue, _ bound: Bound, below: Bool) -> Bool {
        switch (value, bound.value) {
        case (.number(let n, _), .number(let b)): below ? n < b : n > b
        case (_, .text(let b)): below ? value.canonical < b : value.canonical > b
        default: false
        }
    }
}
