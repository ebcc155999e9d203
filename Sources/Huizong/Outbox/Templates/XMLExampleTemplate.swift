/// The example XML return of a type (PRODUCT §5, §9): one row, its fields in schema order, that
/// validates against the type's XSD and that huizong finds nothing wrong with but its example unit
/// codes — a unit's developer can start from it.
///
/// The row is plainly an example (PRODUCT §14): its unit codes are example codes that no registry
/// holds (zeros, or `91000000EXAMPLE00` and its check character for a credit code), its names say
/// to put the unit's own there, and a comment says that the row, sent unchanged, is rejected — so
/// a template dropped into the inbox as it is never passes for a unit's return.
/// The 报送期间 is the first month of the plan period and dates fall in the month after it, so
/// `filed_on >= start(period)` holds whatever the plan's year. Figures that the schema cannot
/// give — head counts, scores, ratings, people — come from `realisticValues`, chosen so that every
/// rule of the shipped types holds (the tests check this with huizong's own validator). A field
/// that the table does not know is derived from its type: its first enum value, 是, its maximum
/// or else its minimum or 0, a text matching its pattern, or else its label; for a third return
/// type this satisfies its XSD, and the usual rules (counts within counts, a top score with the
/// top rating) too. The 填报说明 element is given empty, as a unit whose figures need no word sends it.
enum XMLExampleTemplate {
    /// Realistic values by type name and field key, for the shipped return types.
    private static let realisticValues: [String: [String: String]] = [
        "enterprise": [
            "employees": "126", "contracts": "120", "insured": "118", "labor_disputes": "1",
            "integrity_score": "92", "integrity_rating": "优秀",
            "harmony_score": "86.5", "harmony_rating": "良好",
            "contact": "陈海波", "phone": "0574-86123456",
        ],
        "village": [
            "legal_adviser": "王立群", "adviser_phone": "13857412345",
            "law_sessions": "4", "law_attendance": "260",
            "disputes": "7", "disputes_resolved": "6",
            "land_disputes": "2", "environment_disputes": "1", "labor_disputes": "1", "demolition_disputes": "1",
            "corrections": "2", "reoffended": "0",
            "self_score": "91", "rating": "优秀",
            "contact": "李海燕", "phone": "0574-86905544",
        ],
    ]

    static func bytes(for type: ReturnType, in workspace: Workspace) -> [UInt8] {
        let registered = exampleUnits(type)
        let realistic = realisticValues[type.name] ?? [:]
        var xml = XMLMarkup()
        xml.comment("示例报表，由 huizong templates 根据 seeds/ 生成。字段元素以字段代码命名，顺序不限；选填字段可以省略。")
        xml.comment("示例行：单位代码和名称只是示例，单位名录中没有，原样报送会被退回。请换成本单位的数据。")
        xml.start("return", [("type", type.name)])
        xml.start("row")
        for (i, field) in type.fields.enumerated() {
            // The example's figures need no word of explanation: its 填报说明 is there, and empty.
            let value = i == type.explanationField ? ""
                : registered[field.key] ?? realistic[field.key] ?? derivedValue(field, period: workspace.schema.period)
            xml.element(field.key, text: value)
        }
        xml.end()
        xml.end()
        return xml.bytes
    }

    /// Example codes and names, by field key, for the fields linked to the registry: codes of the
    /// field's form that no registry holds, names that ask for the unit's own.
    private static func exampleUnits(_ type: ReturnType) -> [String: String] {
        var values: [String: String] = [:]
        for link in type.registryLinks {
            let field = type.fields[link.field]
            values[field.key] = field.checksum == .gb32100 ? exampleCreditCode
                : field.constraints.pattern.flatMap { PatternExample.value(matching: $0.source) } ?? "000000000000"
            if let nameField = link.nameField {
                values[type.fields[nameField].key] = "示例\(link.unitType)（请改为本单位名称）"
            }
        }
        return values
    }

    /// A 统一社会信用代码 whose check character is right and that says what it is.
    static let exampleCreditCode: String = {
        let body = "91000000EXAMPLE00"
        return body + String(CreditCodeChecksum.expectedCheckCharacter(of: body) ?? "0")
    }()

    /// A canonical value of the field's type that its XSD accepts.
    private static func derivedValue(_ field: Field, period: ClosedRange<YearMonth>) -> String {
        let c = field.constraints
        if let first = c.enumValues?.first { return first }
        switch field.type {
        case .string:
            return c.pattern.flatMap { PatternExample.value(matching: $0.source) } ?? field.label
        case .boolean:
            return CellValue.boolean(true).canonical
        case .integer, .number:
            if let maximum = c.maximum { return XSDTemplate.limit(maximum, of: field, isMinimum: false) }
            return c.minimum.map { XSDTemplate.limit($0, of: field, isMinimum: true) } ?? "0"
        case .yearmonth:
            return c.minimum?.description ?? period.lowerBound.description
        case .date:
            if let minimum = c.minimum { return minimum.description }
            let start = period.lowerBound
            let next = YearMonth(year: start.year + start.month / 12, month: start.month % 12 + 1) ?? start
            return next.description + "-05"
        }
    }
}

/// The shortest sensible text that matches a schema pattern, for a field the example table does
/// not know. Reads the subset of regular expressions that `XSDTemplate` assumes: literals, escapes,
/// character classes, groups, alternation and quantifiers. It takes the first alternative, the
/// first character of a class, and one repetition where a quantifier allows it (else its minimum).
struct PatternExample {
    private let pattern: [Character]
    private var position = 0

    /// The example, or nil when the pattern falls outside the subset.
    static func value(matching pattern: String) -> String? {
        var reader = PatternExample(pattern: Array(pattern))
        guard let value = reader.alternatives(), reader.position == reader.pattern.count else { return nil }
        return value
    }

    private init(pattern: [Character]) {
        self.pattern = pattern
    }

    private var next: Character? {
        position < pattern.count ? pattern[position] : nil
    }

    /// The next character, consumed. At the end it is nil and the position still moves on, so that
    /// a pattern cut short never reads as complete.
    private mutating func take() -> Character? {
        defer { position += 1 }
        return next
    }

    /// `a|b|…` up to a `)` or the end: the first alternative's example.
    private mutating func alternatives() -> String? {
        guard let first = sequence() else { return nil }
        while next == "|" {
            position += 1
            guard sequence() != nil else { return nil }
        }
        return first
    }

    private mutating func sequence() -> String? {
        var result = ""
        while let character = next, character != "|", character != ")" {
            guard let atom = atom(), let count = repetitions() else { return nil }
            result += String(repeating: atom, count: count)
        }
        return result
    }

    private mutating func atom() -> String? {
        switch take() {
        case "(":
            guard let inner = alternatives(), take() == ")" else { return nil }
            return inner
        case "[":
            return characterClass()
        case "\\":
            return take().map(Self.example(escaped:))
        case ".":
            return "a"
        case let character?:
            return "*+?{".contains(character) ? nil : String(character)
        case nil:
            return nil
        }
    }

    /// `[…]` after its `[`: the first character the class allows; for a negated class, the first
    /// of a few plain characters it does not exclude.
    private mutating func characterClass() -> String? {
        let negated = next == "^"
        if negated { position += 1 }
        var members: [ClosedRange<Character>] = []
        while true {
            guard let character = take() else { return nil }
            if character == "]" { break }
            guard let low = character == "\\" ? take().flatMap({ Self.example(escaped: $0).first }) : character else {
                return nil
            }
            if next == "-", position + 1 < pattern.count, pattern[position + 1] != "]" {
                position += 1
                guard let high = take(), low <= high else { return nil }
                members.append(low...high)
            } else {
                members.append(low...low)
            }
        }
        if !negated { return members.first.map { String($0.lowerBound) } }
        return "a0A_ ".first { candidate in !members.contains { $0.contains(candidate) } }.map(String.init)
    }

    /// How often to repeat the atom just read: 1 where the quantifier allows it, else its minimum.
    private mutating func repetitions() -> Int? {
        switch next {
        case "?", "*", "+":
            position += 1
            return 1
        case "{":
            position += 1
            var bounds = ""
            while let character = take(), character != "}" { bounds.append(character) }
            let parts = bounds.split(separator: ",", omittingEmptySubsequences: false)
            guard let minimum = parts.first.flatMap({ Int($0) }),
                  let maximum = parts.count == 2 ? (parts[1].isEmpty ? Int.max : Int(parts[1])) : minimum,
                  parts.count <= 2 else { return nil }
            return maximum == 0 ? 0 : max(minimum, 1)
        default:
            return 1
        }
    }

    /// A character that the escape `\character` matches: a digit for `\d`, a letter for `\w`, a
    /// space for `\s`, and the character itself for an escaped literal such as `\.` or `\-`.
    private static func example(escaped character: Character) -> String {
        switch character {
        case "d": "0"
        case "w": "a"
        case "s": " "
        default: String(character)
        }
    }
}
