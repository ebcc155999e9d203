/// The plan schema of PRODUCT §3, as loaded from `seeds/` by `SchemaLoader`.
///
/// Nothing here is specific to the 2009 plan: return types, fields, constraints and rules all come
/// from the schema files, so next year's plan or a third return type needs no code change.
public struct PlanSchema: Sendable {
    public var title: String
    public var period: ClosedRange<YearMonth>
    /// Score bands, highest minimum first.
    public var bands: [ScoreBand]
    public var returnTypes: [ReturnType]
    public var limits: ReadLimits
    /// Units a clerk may write after a number (1200元, 3人); at most one is dropped.
    public var numberSuffixes: [String]
    /// Column labels huizong writes itself (来源文件, 错误说明, …), silently ignored on input.
    public var ignoredLabels: Set<String>
    /// Absolute path of the unit registry CSV.
    public var registryPath: String
    /// When each period's return is due (PRODUCT §11.3).
    public var deadlines: Deadlines

    public func returnType(named name: String) -> ReturnType? {
        returnTypes.first { $0.name == name }
    }

    /// The band label of a score: the first band whose minimum the score reaches.
    public func band(of score: Double) -> String? {
        Self.band(of: score, in: bands)
    }

    static func band(of score: Double, in bands: [ScoreBand]) -> String? {
        bands.first { score >= $0.minimum }?.label
    }
}

public struct ScoreBand: Sendable, Equatable {
    public var label: String
    public var minimum: Double
}

/// A text in the two languages huizong speaks.
public struct LocalizedText: Sendable, Equatable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    public func text(_ language: Language) -> String {
        language == .en ? en : zh
    }
}

public enum Language: String, Sendable, CaseIterable {
    case zh
    case en
}

/// One kind of return (报表), e.g. `enterprise` — 企业创建情况表.
public struct ReturnType: Sendable {
    public var name: String
    public var title: String
    public var fields: [Field]
    /// Indexes into `fields`.
    public var primaryKey: [Int]
    public var registryLinks: [RegistryLink]
    public var rules: [RowRule]
    /// Cell texts that mean "no value" (Table Schema `missingValues`; by default only the empty text).
    public var missingValues: Set<String>
    /// The schema file this type was loaded from, for messages.
    public var sourceFile: String
    /// The optional 填报说明 column every type accepts (PRODUCT §11.1): declared once in the plan and
    /// appended as the type's last field, so it is read, kept and written like any other.
    public var explanationField: Int?
    /// The fields that say whom to call about a return (填报人, 联系电话): the dashboard's 催报 list
    /// gives them from the unit's latest return (PRODUCT §11.3).
    public var contactFields: [Int] = []

    public func fieldIndex(key: String) -> Int? {
        fields.firstIndex { $0.key == key }
    }
}

extension ReturnType {
    /// The year-month field of the primary key: the period a return reports on.
    public var periodField: Int? {
        primaryKey.first { fields[$0].type == .yearmonth }
    }

    /// The field of the primary key that names the filing unit.
    public var unitField: Int? {
        primaryKey.first { $0 != periodField }
    }

    /// The registry unit type whose units file this return type: the type of the unit its primary
    /// key names (村 for village returns, 企业 for enterprise returns).
    public var filingUnitType: String? {
        registryLinks.first { primaryKey.contains($0.field) }?.unitType
    }
}

public enum FieldType: String, Sendable, CaseIterable {
    case string
    case integer
    case number
    case boolean
    case date
    case yearmonth
}

/// A column of a return type. A class: rows are checked field by field, and sharing one immutable
/// instance costs one reference count where a struct of sets and arrays would cost a dozen.
public final class Field: Sendable {
    /// Stable ASCII key (Table Schema `name`).
    public let key: String
    /// The Chinese column label (Table Schema `title`).
    public let label: String
    public let type: FieldType
    public let constraints: FieldConstraints
    /// Other headers clerks use for this column.
    public let aliases: [String]
    /// A code: upper-cased on input; a number a spreadsheet made of it is flagged with a hint.
    public let isCode: Bool
    public let checksum: ChecksumKind?
    public let trueValues: Set<String>
    public let falseValues: Set<String>
    public let hint: LocalizedText?

    public init(key: String, label: String, type: FieldType, constraints: FieldConstraints, aliases: [String],
                isCode: Bool, checksum: ChecksumKind?, trueValues: Set<String>, falseValues: Set<String>,
                hint: LocalizedText?) {
        self.key = key
        self.label = label
        self.type = type
        self.constraints = constraints
        self.aliases = aliases
        self.isCode = isCode
        self.checksum = checksum
        self.trueValues = trueValues
        self.falseValues = falseValues
        self.hint = hint
    }
}

public enum ChecksumKind: String, Sendable {
    /// GB 32100-2015, the 统一社会信用代码 check character.
    case gb32100
}

public struct FieldConstraints: Sendable {
    public var required = false
    public var enumValues: [String]?
    public var minLength: Int?
    public var maxLength: Int?
    public var pattern: FieldPattern?
    /// Bounds in the field's own type: numbers for numbers, canonical text for dates and year-months.
    public var minimum: Bound?
    public var maximum: Bound?
}

/// A limit a value is compared with; `fromPlanPeriod` says where it came from, for the message.
public struct Bound: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case number(Double)
        case text(String)
    }

    public var value: Value
    public var fromPlanPeriod = false

    public var description: String {
        switch value {
        case .number(let n): CanonicalNumber.text(n)
        case .text(let t): t
        }
    }
}

/// A Table Schema pattern: the whole value must match. A class, so that a check reading it for
/// every cell counts one reference, not one for each of its parts.
public final class FieldPattern: @unchecked Sendable {
    public let source: String
    let regex: Regex<AnyRegexOutput>
    /// The same pattern over bytes, when it is simple enough.
    private let ascii: AsciiPattern?

    init(_ source: String) throws {
        self.source = source
        regex = try Regex("^(?:" + source + ")$")
        ascii = AsciiPattern(source)
    }

    public func matches(_ value: String) -> Bool {
        var value = value
        return value.withUTF8(matches(utf8:))
    }

    /// The same over the value's UTF-8: a `String` is made only for the full expression.
    func matches(utf8 value: UnsafeBufferPointer<UInt8>) -> Bool {
        if let ascii, AsciiPattern.decides(value) { return ascii.matches(value) }
        return (try? regex.wholeMatch(in: String(decoding: value, as: UTF8.self))) != nil
    }
}

/// A field whose value must be a registered unit of a type (Table Schema foreign key to `units`).
public struct RegistryLink: Sendable {
    public var field: Int
    /// 单位类型 the unit must have: 村 or 企业.
    public var unitType: String
    /// The field holding the unit's name, compared with the registry's name.
    public var nameField: Int?
}

/// A cross-field rule (code `row-constraint`).
public struct RowRule: Sendable {
    public var id: String
    public var check: RuleExpression
    /// The field the issue points at.
    public var field: Int
    /// Every field the rule reads; it is checked only when all of them hold valid values.
    public var fieldsUsed: [Int]
    public var message: LocalizedText
    /// What a failure does to the row (PRODUCT §11.1).
    public var level: RuleLevel = .error
    /// The fields the rule reads through `prev()`, from the unit's previous accepted period.
    public var previousFieldsUsed: [Int] = []

    /// A history rule is checked while merging, against the unit's earlier periods (PRODUCT §11.2).
    public var usesHistory: Bool { !previousFieldsUsed.isEmpty }
}

/// What a failed rule does: `error` rejects the row, `warning` keeps it with a `row-constraint`
/// warning, `verify` holds it until the unit explains the figure in 填报说明 (PRODUCT §11.1).
public enum RuleLevel: String, Sendable, CaseIterable {
    case error
    case verify
    case warning
}
