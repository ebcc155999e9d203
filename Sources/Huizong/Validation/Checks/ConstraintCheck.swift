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

    /// The constraint field `i`'s value in `values`, read from the cell `raw`, breaks.
    func check(_ values: RowValues, raw: UnsafeBufferPointer<UInt8>, field i: Int, row: Int) -> FoundIssue? {
        func fail(_ constraint: String, _ finding: Finding) -> FoundIssue {
            var found = issue(.constraintError, row: row, field: i, value: String(decoding: raw, as: UTF8.self), finding)
            found.constraint = constraint
            return .found(found)
        }
        let limits = limits[i]
        if limits.readsText, let broken = values.withCanonicalUTF8(i, { Self.brokenTextConstraint(of: $0, limits) }) ?? nil {
            switch broken {
            case .notInEnum: return fail("enum", .notInEnum(limits.allowed!.takeUnretainedValue().values))
            case .tooShort(let length): return fail("minLength", .wrongLength(length: length, minimum: limits.minLength, maximum: limits.maxLength))
            case .tooLong(let length): return fail("maxLength", .wrongLength(length: length, minimum: limits.minLength, maximum: limits.maxLength))
            case .pattern: return fail("pattern", .patternMismatch(hint: type.fields[i].hint))
            }
        }
        if limits.hasMinimum, isBeyond(values, field: i, limits.minimum, below: true), let minimum = type.fields[i].constraints.minimum {
            return fail("minimum", .belowMinimum(minimum))
        }
        if limits.hasMaximum, isBeyond(values, field: i, limits.maximum, below: false), let maximum = type.fields[i].constraints.maximum {
            return fail("maximum", .aboveMaximum(maximum))
        }
        return nil
    }

    /// A constraint on the canonical text a value breaks, in the order they are checked.
    private enum TextBreak {
        case notInEnum, tooShort(Int), tooLong(Int), pattern
    }

    /// The first constraint of `limits` on a value's canonical text, given as UTF-8, that it breaks.
    private static func brokenTextConstraint(of text: UnsafeBufferPointer<UInt8>, _ limits: Limits) -> TextBreak? {
        if let allowed = limits.allowed, !allowed._withUnsafeGuaranteedRef({ $0.contains(utf8: text) }) { return .notInEnum }
        let length = limits.minLength == nil && limits.maxLength == nil ? 0 : characterCount(text)
        if let minimum = limits.minLength, length < minimum { return .tooShort(length) }
        if let maximum = limits.maxLength, length > maximum { return .tooLong(length) }
        if let pattern = limits.pattern, !pattern._withUnsafeGuaranteedRef({ $0.matches(utf8: text) }) { return .pattern }
        return nil
    }

    /// How many characters a text given as UTF-8 has: its length in bytes when they are all ASCII
    /// but a carriage return (codes, most texts with a length): no character is then more than one
    /// byte, and none combines with the next, as \r\n does.
    private static func characterCount(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        text.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? text.count : String(decoding: text, as: UTF8.self).count
    }

    /// True when field `i`'s value lies below (`below`) or above the field's bound, in the field's
    /// own order: numbers against a number, the canonical text against a text.
    private func isBeyond(_ values: RowValues, field i: Int, _ bound: Limits.Limit, below: Bool) -> Bool {
        switch bound {
        case .number(let b):
            guard let n = values.number(i) else { return false }
            return below ? n < b : n > b
        case .text:
            let constraints = type.fields[i].constraints
            guard case .text(let b)? = (below ? constraints.minimum : constraints.maximum)?.value,
                  let text = values.canonical(i) else { return false }
            return below ? text < b : text > b
        case .none:
            return false
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
    /// The same as UTF-8: a value is compared byte for byte first, which settles most.
    private let utf8: [[UInt8]]
    private let areASCII: Bool

    init(_ values: [String]) {
        self.values = values
        utf8 = values.map { Array($0.utf8) }
        areASCII = utf8.allSatisfy { $0.allSatisfy { $0 < 0x80 } }
    }

    /// True when the text given as UTF-8 is one of the values. Texts that differ in bytes may
    /// still be the same text where one is beyond ASCII (é written as e and an accent, K as the
    /// Kelvin sign): those are compared as texts.
    func contains(utf8 text: UnsafeBufferPointer<UInt8>) -> Bool {
        if utf8.contains(where: { $0.elementsEqual(text) }) { return true }
        if areASCII, text.allSatisfy({ $0 < 0x80 }) { return false }
        return values.contains(String(decoding: text, as: UTF8.self))
    }
}
