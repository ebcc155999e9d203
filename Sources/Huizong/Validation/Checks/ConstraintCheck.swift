/// A value of the right type that breaks its field's constraints (PRODUCT §3, §6): one of a list,
/// a length, a pattern, a minimum or a maximum.
struct ConstraintCheck: Sendable {
    static let codes: Set<IssueCode> = [.constraintError]

    let type: ReturnType
    let issue: IssueMaker
    /// Per field, what its constraints ask, in plain values: every constrained cell of every row
    /// reads them, on every thread, and copying the constraints themselves would count references
    /// to the lists, patterns and bounds they hold, which the threads share.
    private let limits: [Limits]
    /// Per field, the values its enum allows, owned here: `limits` reach them and the patterns,
    /// which the fields keep, without counting references.
    private let enums: [AllowedValues?]

    init(type: ReturnType, issue: IssueMaker) {
        self.type = type
        self.issue = issue
        let enums = type.fields.map { $0.constraints.enumValues.map(AllowedValues.init) }
        self.enums = enums
        limits = zip(type.fields, enums).map { Limits($0.constraints, allowed: $1) }
    }

    /// The constraint `value`, read from the cell `raw`, breaks.
    func check(_ value: CellValue, raw: UnsafeBufferPointer<UInt8>, field i: Int, row: Int) -> Issue? {
        func fail(_ constraint: String, _ finding: Finding) -> Issue {
            var found = issue(.constraintError, row: row, field: i, value: String(decoding: raw, as: UTF8.self), finding)
            found.constraint = constraint
            return found
        }
        let limits = limits[i]
        if limits.readsText {
            let canonical = value.canonical
            if let allowed = limits.allowed, !allowed._withUnsafeGuaranteedRef({ $0.values.contains(canonical) }) {
                return fail("enum", .notInEnum(allowed.takeUnretainedValue().values))
            }
            let length = limits.minLength == nil && limits.maxLength == nil ? 0 : canonical.count
            if let minimum = limits.minLength, length < minimum {
                return fail("minLength", .wrongLength(length: length, minimum: minimum, maximum: limits.maxLength))
            }
            if let maximum = limits.maxLength, length > maximum {
                return fail("maxLength", .wrongLength(length: length, minimum: limits.minLength, maximum: maximum))
            }
            if let pattern = limits.pattern, !pattern._withUnsafeGuaranteedRef({ $0.matches(canonical) }) {
                return fail("pattern", .patternMismatch(hint: type.fields[i].hint))
            }
        }
        if limits.hasMinimum, isBeyond(value, field: i, limits.minimum, below: true), let minimum = type.fields[i].constraints.minimum {
            return fail("minimum", .belowMinimum(minimum))
        }
        if limits.hasMaximum, isBeyond(value, field: i, limits.maximum, below: false), let maximum = type.fields[i].constraints.maximum {
            return fail("maximum", .aboveMaximum(maximum))
        }
        return nil
    }

    /// True when `value` lies below (`below`) or above the field's bound, in the field's own order:
    /// numbers against a number, the canonical text against a text.
    private func isBeyond(_ value: CellValue, field i: Int, _ bound: Limits.Limit, below: Bool) -> Bool {
        switch (value, bound) {
        case (.number(let n, _), .number(let b)): return below ? n < b : n > b
        case (_, .text):
            let constraints = type.fields[i].constraints
            guard case .text(let b)? = (below ? constraints.minimum : constraints.maximum)?.value else { return false }
            return below ? value.canonical < b : value.canonical > b
        default: return false
        }
    }

    /// What a field's constraints past `required` ask, without their texts.
    private struct Limits {
        enum Limit {
            case none
            case number(Double)
            /// A text bound (a date or year-month), read from the constraints when a value meets it.
            case text
        }

        /// An enum, a length or a pattern: checks of the value's canonical text.
        var readsText: Bool
        var allowed: Unmanaged<AllowedValues>?
        var pattern: Unmanaged<FieldPattern>?
        var minLength: Int?
        var maxLength: Int?
        var minimum: Limit
        var maximum: Limit

        var hasMinimum: Bool {
            if case .none = minimum { false } else { true }
        }

        var hasMaximum: Bool {
            if case .none = maximum { false } else { true }
        }

        init(_ c: FieldConstraints, allowed: AllowedValues?) {
            readsText = c.enumValues != nil || c.minLength != nil || c.maxLength != nil || c.pattern != nil
            self.allowed = allowed.map(Unmanaged.passUnretained)
            pattern = c.pattern.map(Unmanaged.passUnretained)
            minLength = c.minLength
            maxLength = c.maxLength
            minimum = Self.limit(c.minimum)
            maximum = Self.limit(c.maximum)
        }

        private static func limit(_ bound: Bound?) -> Limit {
            switch bound?.value {
            case nil: .none
            case .number(let n)?: .number(n)
            case .text?: .text
            }
        }
    }
}

/// The values a field's enum allows, in a class that a check can reach without counting references.
private final class AllowedValues: Sendable {
    let values: [String]

    init(_ values: [String]) {
        self.values = values
    }
}
