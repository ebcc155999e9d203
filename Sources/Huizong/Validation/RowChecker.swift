import Dispatch

/// What checking one row found: its issues and, for valid cells, their canonical values.
public struct RowOutcome: Sendable {
    /// The return type's name.
    public var returnType: String
    public var row: Int
    public var issues: [Issue]
    /// Per field of the return type, the value read, or nil when empty or wrong.
    public var values: [CellValue?]
    /// Per field of the return type, the cell as the unit wrote it ("" where the file lacks the
    /// column): what an error report gives back to the clerk.
    public var original: [String]
    /// False for rows of a file rejected whole by a file-level error: they were not checked.
    public var wasChecked = true

    /// A checked row with no error is accepted; warnings keep it.
    public var isAccepted: Bool {
        wasChecked && !issues.contains { $0.severity == .error }
    }
}

/// Checks the rows of one file against its return type, the registry and each other (PRODUCT §6):
/// cell counts, types, constraints, check characters, foreign keys, rules and the primary key.
final class RowChecker {
    private let checks: RowChecks
    /// Primary keys of the rows accepted so far, with their row numbers.
    private var seenKeys = PrimaryKeyIndex()

    init(type: ReturnType, columnFields: [Int?], width: Int, schema: PlanSchema, registry: Registry, file: String) {
        checks = RowChecks(type: type, columnFields: columnFields, width: width, schema: schema, registry: registry, file: file)
    }

    /// The cells of `row` under the fields they belong to, as written.
    func original(_ row: SourceRow) -> [String] {
        checks.original(row)
    }

    /// Checks one row, its primary key against the rows checked before it included.
    func check(_ row: SourceRow) -> RowOutcome {
        var checked = checks.checkAlone(row)
        checkPrimaryKey(&checked)
        return checked.outcome
    }

    /// Starts checking `rows` on the worker threads, each row alone, and returns at once: the
    /// caller reads the next rows meanwhile, then takes the outcomes with `outcomes(of:)`.
    func startChecking(_ rows: [SourceRow]) -> RowsInCheck {
        RowsInCheck(rows, checks)
    }

    /// The outcomes of rows started with `startChecking(_:)`, in file order, once they are checked;
    /// the primary keys are checked here, one row after another. Batches must come in file order.
    func outcomes(of batch: RowsInCheck) -> [RowOutcome] {
        var checked = batch.wait()
        for i in checked.indices { checkPrimaryKey(&checked[i]) }
        return checked.map(\.outcome)
    }

    private func checkPrimaryKey(_ checked: inout CheckedRow) {
        guard let key = checked.key else { return }
        if let first = seenKeys.firstRow(of: key) {
            checked.outcome.issues.append(checks.duplicateKey(checked.outcome, firstRow: first))
        } else if checked.outcome.isAccepted {
            seenKeys.insert(key, row: checked.outcome.row)
        }
    }
}

/// Rows being checked on the worker threads, on every core.
final class RowsInCheck: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written by the worker before `done` is left, read only after waiting for it.
    private var checked: [CheckedRow] = []

    fileprivate init(_ rows: [SourceRow], _ checks: RowChecks) {
        done.enter()
        DispatchQueue.global().async { [self] in
            checked = Parallel.map(rows) { checks.checkAlone($0) }
            done.leave()
        }
    }

    fileprivate func wait() -> [CheckedRow] {
        done.wait()
        return checked
    }
}

/// A row checked on its own, and its primary key when every part of it is valid.
struct CheckedRow: Sendable {
    var outcome: RowOutcome
    var key: PackedKey?
}

/// The checks of a row that depend on nothing but the row: they read nothing that changes, so
/// rows can be checked at once on several threads.
struct RowChecks: Sendable {
    private let type: ReturnType
    private let schema: PlanSchema
    private let registry: Registry
    private let file: String
    /// For each field, the column holding it, or nil when the header lacks it.
    private let fieldColumns: [Int?]
    private let width: Int
    private let parsers: [ValueParser]
    private let cellRules: [CellRule]
    /// The rules checked with the row alone; those that name prev() are checked while merging
    /// (`HistoryCheck`).
    private let rowRules: [RowRule]
    /// True when column i holds field i, as in the templates and every XML row: a row's cells are
    /// then its original values as they stand.
    private let columnsInFieldOrder: Bool
    /// The return type's missing values other than the empty text, which every cell is checked for.
    private let missingValues: Set<String>

    init(type: ReturnType, columnFields: [Int?], width: Int, schema: PlanSchema, registry: Registry, file: String) {
        self.type = type
        self.schema = schema
        self.registry = registry
        self.file = file
        self.width = width
        var columns = [Int?](repeating: nil, count: type.fields.count)
        for (column, field) in columnFields.enumerated() {
            if let field, columns[field] == nil { columns[field] = column }
        }
        fieldColumns = columns
        columnsInFieldOrder = columns.enumerated().allSatisfy { $0.element == $0.offset }
        parsers = type.fields.map { ValueParser(field: $0, suffixes: schema.numberSuffixes) }
        cellRules = type.fields.map(CellRule.init)
        rowRules = type.rules.filter { !$0.usesHistory }
        missingValues = type.missingValues.subtracting([""])
    }

    /// The cells of `row` under the fields they belong to, as written.
    func original(_ row: SourceRow) -> [String] {
        if columnsInFieldOrder, row.cells.count == fieldColumns.count { return row.cells }
        return fieldColumns.map { column in column.map { $0 < row.cells.count ? row.cells[$0] : "" } ?? "" }
    }

    /// The `primary-key` issue of a row whose key an earlier row of the file has.
    func duplicateKey(_ outcome: RowOutcome, firstRow: Int) -> Issue {
        let field = type.primaryKey[0]
        return issue(.primaryKey, row: outcome.row, field: field, value: outcome.original[field],
                     .duplicateKey(firstRow: firstRow, labels: type.primaryKey.map { type.fields[$0].label }))
    }

    /// Every check but the primary key's, which depends on the rows before.
    func checkAlone(_ row: SourceRow) -> CheckedRow {
        let original = original(row)
        var outcome = RowOutcome(returnType: type.name, row: row.number, issues: [], values: Array(repeating: nil, count: type.fields.count),
                                 original: original)
        if let structural = cellCountIssue(row) {
            outcome.issues.append(structural)
            return CheckedRow(outcome: outcome, key: nil)
        }
        var wrong = [Bool](repeating: false, count: type.fields.count)
        for i in type.fields.indices {
            let raw = original[i]
            let structured = fieldColumns[i].map(row.structuredCells.contains) ?? false
            let storedAsNumber = fieldColumns[i].map(row.numberCells.contains) ?? false
            switch checkCell(raw, field: i, structured: structured, storedAsNumber: storedAsNumber, row: row.number) {
            case .value(let value):
                outcome.values[i] = value
            case .issue(let issue):
                outcome.issues.append(issue)
                wrong[i] = true
            }
        }
        checkRegistry(&outcome, wrong: &wrong)
        checkRules(&outcome, wrong: wrong)
        let key = type.primaryKey.compactMap { wrong[$0] ? nil : outcome.values[$0]?.canonical }
        return CheckedRow(outcome: outcome, key: key.count == type.primaryKey.count ? PackedKey(key) : nil)
    }

    // MARK: - Cells

    private func cellCountIssue(_ row: SourceRow) -> Issue? {
        let count = row.cells.count
        if count > width, row.cells[width...].contains(where: { !$0.trimmingWhiteSpace().isEmpty }) {
            let used = (row.cells.lastIndex { !$0.trimmingWhiteSpace().isEmpty } ?? 0) + 1
            return issue(.extraCell, row: row.number, field: nil, value: nil, .extraCell(expected: width, found: used))
        }
        guard count < width else { return nil }
        let absentRequired = fieldColumns.indices
            .filter { fieldColumns[$0].map { $0 >= count } == true && type.fields[$0].constraints.required }
            .min { fieldColumns[$0]! < fieldColumns[$1]! }
        return absentRequired.map {
            issue(.missingCell, row: row.number, field: $0, value: nil, .missingCell(expected: width, found: count))
        }
    }

    private func checkCell(_ raw: String, field i: Int, structured: Bool, storedAsNumber: Bool, row: Int) -> CellCheck {
        let rule = cellRules[i]
        func fail(_ code: IssueCode, constraint: String? = nil, _ finding: Finding) -> CellCheck {
            var found = issue(code, row: row, field: i, value: raw, finding)
            found.constraint = constraint
            return .issue(found)
        }
        if structured { return fail(.typeError, .structuredValue) }
        let text = Normalisation.cell(raw, isCode: rule.isCode)
        if text.isEmpty || (!missingValues.isEmpty && missingValues.contains(text)) {
            return rule.required ? fail(.constraintError, constraint: "required", .required(hint: type.fields[i].hint)) : .value(nil)
        }
        // `91510112E600384239` reads like 9.1510112 × 10^600384246, but a code whose check character
        // is right is a code.
        if rule.isCode, storedAsNumber || (Normalisation.looksLikeScientificNumber(text)
                                           && !(type.fields[i].checksum == .gb32100 && CreditCodeChecksum.isValid(text))) {
            return fail(.typeError, .codeTurnedIntoNumber)
        }
        guard let value = parsers[i].parse(text, as: rule.type) else { return fail(.typeError, .notOfType(rule.type)) }
        guard rule.isConstrained else { return .value(value) }
        let canonical = value.canonical
        let c = type.fields[i].constraints
        if let allowed = c.enumValues, !allowed.contains(canonical) {
            return fail(.constraintError, constraint: "enum", .notInEnum(allowed))
        }
        let length = c.minLength == nil && c.maxLength == nil ? 0 : canonical.count
        if let minimum = c.minLength, length < minimum {
            return fail(.constraintError, constraint: "minLength", .wrongLength(length: length, minimum: minimum, maximum: c.maxLength))
        }
        if let maximum = c.maxLength, length > maximum {
            return fail(.constraintError, constraint: "maxLength", .wrongLength(length: length, minimum: c.minLength, maximum: maximum))
        }
        if let pattern = c.pattern, !pattern.matches(canonical) {
            return fail(.constraintError, constraint: "pattern", .patternMismatch(hint: type.fields[i].hint))
        }
        if let minimum = c.minimum, Self.isBeyond(value, minimum, below: true) {
            return fail(.constraintError, constraint: "minimum", .belowMinimum(minimum))
        }
        if let maximum = c.maximum, Self.isBeyond(value, maximum, below: false) {
            return fail(.constraintError, constraint: "maximum", .aboveMaximum(maximum))
        }
        if type.fields[i].checksum == .gb32100, !CreditCodeChecksum.isValid(canonical),
           let expected = CreditCodeChecksum.expectedCheckCharacter(of: canonical) {
            return fail(.checksumError, .wrongCheckCharacter(expected: expected))
        }
        return .value(value)
    }

    /// What every cell of a field is checked for, in plain values: read for every cell on every
    /// thread, they cost no reference counting, which on objects the threads share is contended.
    private struct CellRule {
        var type: FieldType
        var isCode: Bool
        var required: Bool
        /// False when the field has no constraint past `required` and no check character.
        var isConstrained: Bool

        init(_ field: Field) {
            type = field.type
            isCode = field.isCode
            let c = field.constraints
            required = c.required
            isConstrained = c.enumValues != nil || c.minLength != nil || c.maxLength != nil || c.pattern != nil
                || c.minimum != nil || c.maximum != nil || field.checksum != nil
        }
    }

    private enum CellCheck {
        case value(CellValue?)
        case issue(Issue)
    }

    /// True when `value` lies below (`below`) or above the bound, in the field's own order.
    private static func isBeyond(_ value: CellValue, _ bound: Bound, below: Bool) -> Bool {
        switch (value, bound.value) {
        case (.number(let n, _), .number(let b)): below ? n < b : n > b
        case (_, .text(let b)): below ? value.canonical < b : value.canonical > b
        default: false
        }
    }

    // MARK: - Registry, rules, primary key

    private func checkRegistry(_ outcome: inout RowOutcome, wrong: inout [Bool]) {
        for link in type.registryLinks {
            guard !wrong[link.field], case .text(let code)? = outcome.values[link.field] else { continue }
            let raw = outcome.original[link.field]
            guard let unit = registry.registration(of: code) else {
                outcome.issues.append(issue(.foreignKey, row: outcome.row, field: link.field, value: raw, .unregistered(unitType: link.unitType)))
                wrong[link.field] = true
                continue
            }
            guard unit.type == link.unitType else {
                outcome.issues.append(issue(.foreignKey, row: outcome.row, field: link.field, value: raw,
                                            .wrongUnitType(expected: link.unitType, registeredAs: unit.type)))
                wrong[link.field] = true
                continue
            }
            if let nameField = link.nameField, !wrong[nameField], let name = outcome.values[nameField]?.canonical, name != unit.name,
               Normalisation.cell(name, isCode: false) != Normalisation.cell(unit.name, isCode: false) {
                outcome.issues.append(issue(.registryMismatch, row: outcome.row, field: nameField, value: outcome.original[nameField],
                                            .nameDiffers(registered: unit.name)))
            }
        }
    }

    private func checkRules(_ outcome: inout RowOutcome, wrong: [Bool]) {
        for rule in rowRules where rule.fieldsUsed.allSatisfy({ !wrong[$0] && outcome.values[$0] != nil }) {
            let values = outcome.values
            // Row rules read no prev(): `previousFieldsUsed` is empty, so `previous` is never called.
            let result = rule.check.evaluate({ values[$0]!.ruleValue }, previous: { _ in .number(.nan) },
                                             band: { [bands = schema.bands] score in PlanSchema.band(of: score, in: bands) })
            guard !result.isTrue else { continue }
            outcome.issues.append(rule.failure(file: file, row: outcome.row, type: type, values: values.map { $0?.canonical ?? "" },
                                               cell: outcome.original[rule.field], previous: nil, bands: schema.bands))
        }
    }

    private func issue(_ code: IssueCode, row: Int, field: Int?, value: String?, _ finding: Finding) -> Issue {
        Issue(file: file, row: row, field: field.map { type.fields[$0].key }, label: field.map { type.fields[$0].label },
              code: code, value: value, finding: finding)
    }
}
