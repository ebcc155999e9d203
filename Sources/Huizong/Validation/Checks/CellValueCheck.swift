/// Reads each cell as its field's type (PRODUCT §3.3, §6): normalised as people really type, a
/// required field present, a code not typed as a number in scientific notation, the value of the
/// field's type.
struct CellValueCheck: Sendable {
    static let codes: Set<IssueCode> = [.typeError, .constraintError]

    let type: ReturnType
    let issue: IssueMaker
    /// The fields' parsers, owned here: `rules` reach them without counting references.
    private let parsers: [ValueParser]
    private let rules: [CellRule]
    /// The return type's missing values other than the empty text, which every cell is checked for.
    private let missingValues: Set<String>

    init(type: ReturnType, schema: PlanSchema, issue: IssueMaker) {
        self.type = type
        self.issue = issue
        let parsers = type.fields.map { ValueParser(field: $0, suffixes: schema.numberSuffixes) }
        self.parsers = parsers
        rules = zip(type.fields, parsers).map(CellRule.init)
        missingValues = type.missingValues.subtracting([""])
    }

    /// True when field `i` has a constraint past `required`, or a check character.
    func isConstrained(_ i: Int) -> Bool {
        rules[i].isConstrained
    }

    /// Reads the cell of field `i` whose bytes are `raw` into `values` (nothing when empty), or
    /// gives the issue that keeps it from having a value. A cell that normalising leaves as it is
    /// (most are) is read in place.
    func check(_ raw: UnsafeBufferPointer<UInt8>, field i: Int, structured: Bool, unsavedFormula: Bool, row: Int,
               into values: inout RowValues) -> FoundIssue? {
        let rule = rules[i]
        func fail(_ code: IssueCode, constraint: String? = nil, _ finding: Finding) -> FoundIssue {
            var found = issue(code, row: row, field: i, value: String(decoding: raw, as: UTF8.self), finding)
            found.constraint = constraint
            return .found(found)
        }
        func read(_ text: UnsafeBufferPointer<UInt8>) -> FoundIssue? {
            if text.isEmpty || (!missingValues.isEmpty && missingValues.contains(String(decoding: text, as: UTF8.self))) {
                return rule.required ? fail(.constraintError, constraint: "required", .required(hint: type.fields[i].hint)) : nil
            }
            // `91510112E600384239` reads like 9.1510112 × 10^600384246, but a code whose check
            // character is right is a code.
            if rule.isCode, Normalisation.looksLikeScientificNumber(text),
               !(rule.isCreditCode && CreditCodeChecksum.isValid(text)) {
                return fail(.typeError, .codeTurnedIntoNumber)
            }
            guard rule.parser._withUnsafeGuaranteedRef({ $0.parse(utf8: text, as: rule.type, into: &values, at: i) }) else {
                return fail(.typeError, .notOfType(rule.type))
            }
            return nil
        }
        if structured { return fail(.typeError, .structuredValue) }
        if unsavedFormula { return fail(.typeError, .unsavedFormula) }
        if Normalisation.keepsAsIs(raw, isCode: rule.isCode) { return read(raw) }
        var text = Normalisation.cell(String(decoding: raw, as: UTF8.self), isCode: rule.isCode)
        return text.withUTF8(read)
    }

    /// What every cell of a field is checked for, in plain values: read for every cell on every
    /// thread, they cost no reference counting, which on objects the threads share is contended.
    private struct CellRule {
        var type: FieldType
        /// The field's parser, which `parsers` keeps alive.
        var parser: Unmanaged<ValueParser>
        var isCode: Bool
        /// A 统一社会信用代码, with its check character.
        var isCreditCode: Bool
        var required: Bool
        /// False when the field has no constraint past `required` and no check character.
        var isConstrained: Bool

        init(_ field: Field, _ parser: ValueParser) {
            type = field.type
            self.parser = Unmanaged.passUnretained(parser)
            isCode = field.isCode
            isCreditCode = field.checksum == .gb32100
            let c = field.constraints
            required = c.required
            isConstrained = c.enumValues != nil || c.minLength != nil || c.maxLength != nil || c.pattern != nil
                || c.minimum != nil || c.maximum != nil || field.checksum != nil
        }
    }
}
