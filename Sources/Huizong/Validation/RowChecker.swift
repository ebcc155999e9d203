import Dispatch

/// What checking one row found: its issues and, for valid cells, their canonical values.
public struct RowOutcome: Sendable {
    /// The return type's name.
    public var returnType: String
    public var row: Int
    public var issues: [Issue]
    /// Per field of the return type, the value read, or nil when empty or wrong.
    public var values: RowValues
    /// Per field of the return type, the cell as the unit wrote it ("" where the file lacks the
    /// column): what an error report gives back to the clerk.
    public var original: RowCells
    /// False for rows of a file rejected whole by a file-level error: they were not checked.
    public var wasChecked = true
    /// Where the unit the row files for stands in the registry (`Registry.index(of:)`), once the
    /// registry check found it there.
    public var unitPlace: Int?

    /// A checked row with no error is accepted; warnings keep it.
    public var isAccepted: Bool {
        wasChecked && !issues.contains { $0.severity == .error }
    }
}

/// Checks the rows of one file against its return type, the registry and each other (PRODUCT §6),
/// with the checks of `Checks/`: cell counts, values and their types, constraints, check
/// characters, the registry, rules and the primary key.
final class RowChecker {
    private let checks: RowChecks
    private var primaryKey: PrimaryKeyCheck

    init(type: ReturnType, columnFields: [Int?], width: Int, schema: PlanSchema, registry: Registry, file: String) {
        checks = RowChecks(type: type, columnFields: columnFields, width: width, schema: schema, registry: registry, file: file)
        primaryKey = PrimaryKeyCheck(type: type, issue: IssueMaker(type: type, file: file), exact: checks.keyPeriod != nil)
    }

    /// The cells of `row` under the fields they belong to, as written.
    func original(_ row: SourceRow) -> RowCells {
        checks.original(row)
    }

    /// Checks one row, its primary key against the rows checked before it included.
    func check(_ row: SourceRow) -> RowOutcome {
        var checked = checks.checkAlone(row)
        primaryKey.check(&checked)
        return checked.outcome
    }

    /// Starts checking `rows` on the worker threads, each row alone, and returns at once: the
    /// caller reads the next rows meanwhile, then takes the outcomes with `outcomes(of:)`.
    func startChecking(_ rows: [SourceRow]) -> RowsInCheck {
        RowsInCheck(rows, checks)
    }

    /// Hands `body` the outcomes of rows started with `startChecking(_:)`, in file order, once they
    /// are checked; the primary keys are checked here, one row after another. Batches must come in
    /// file order. Each outcome is handed over in place, not copied.
    func outcomes<Failure>(of batch: RowsInCheck, _ body: (inout RowOutcome) throws(Failure) -> Void) throws(Failure) {
        var checked = batch.wait()
        defer { batch.release(&checked) }
        for i in checked.indices {
            primaryKey.check(&checked[i])
            try body(&checked[i].outcome)
        }
    }
}

/// Rows being checked on the worker threads, on every core.
final class RowsInCheck: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written by the worker before `done` is left, read only after waiting for it; given back by
    /// `release(_:)` to be freed by a worker.
    private var checked: [CheckedRow] = []

    fileprivate init(_ rows: [SourceRow], _ checks: RowChecks) {
        done.enter()
        DispatchQueue.global().async { [self] in
            checked = Parallel.map(rows, warm: { checks.warm($0) }) { checks.checkAlone($0) }
            done.leave()
        }
    }

    /// Takes back the checked rows, leaving `outcomes` empty, and frees them on a worker thread.
    ///
    /// The thread that calls this also reads the file, and for an XML return or a workbook it is the
    /// slower side: freeing a batch's outcomes (their values, texts, issues and cells) was a tenth of
    /// its work, while the workers wait for rows.
    fileprivate func release(_ outcomes: inout [CheckedRow]) {
        swap(&checked, &outcomes)
        DispatchQueue.global().async { [self] in checked = [] }
    }

    /// The checked rows, taken out: the caller's array is then the only one, and marking the
    /// primary keys in it copies nothing.
    fileprivate func wait() -> [CheckedRow] {
        done.wait()
        defer { checked = [] }
        return checked
    }
}

/// A row checked on its own, and its primary key when every part of it is valid.
struct CheckedRow: Sendable {
    var outcome: RowOutcome
    var key: PackedKey?
}

/// Runs the checks of a row that depend on nothing but the row, in order: they read nothing that
/// changes, so rows can be checked at once on several threads. A class, so that a thread checking
/// a row holds one reference rather than a copy of every check and the return type each keeps.
final class RowChecks: Sendable {
    /// Every code a row's checks can give, the primary key's included.
    static let codes = CellCountCheck.codes.union(CellValueCheck.codes).union(ConstraintCheck.codes)
        .union(CheckCharacterCheck.codes).union(StoredAsNumberCheck.codes).union(RegistryCheck.codes).union(RuleCheck.codes)
        .union(PrimaryKeyCheck.codes)

    private let type: ReturnType
    /// For each field, the column holding it, or nil when the header lacks it.
    private let fieldColumns: [Int?]
    /// True when column i holds field i, as in the templates and every XML row: a row's cells are
    /// then its original values as they stand.
    private let columnsInFieldOrder: Bool
    private let cellCount: CellCountCheck
    private let cells: CellValueCheck
    private let constraints: ConstraintCheck
    private let checkCharacter: CheckCharacterCheck
    private let storedAsNumber: StoredAsNumberCheck
    private let registry: RegistryCheck
    private let rules: RuleCheck
    /// The period field, where the primary key is a registered unit and a year-month: a row's key
    /// is then its unit's place in the registry and its month, exact and small (`PackedKey(unit:month:)`).
    let keyPeriod: Int?

    init(type: ReturnType, columnFields: [Int?], width: Int, schema: PlanSchema, registry: Registry, file: String) {
        self.type = type
        if let unit = type.unitField, let period = type.periodField, type.primaryKey.count == 2,
           Set(type.primaryKey) == [unit, period], type.fields[period].type == .yearmonth,
           type.registryLinks.contains(where: { $0.field == unit }) {
            keyPeriod = period
        } else {
            keyPeriod = nil
        }
        var columns = [Int?](repeating: nil, count: type.fields.count)
        for (column, field) in columnFields.enumerated() {
            if let field, columns[field] == nil { columns[field] = column }
        }
        fieldColumns = columns
        columnsInFieldOrder = columns.enumerated().allSatisfy { $0.element == $0.offset }
        let issue = IssueMaker(type: type, file: file)
        cellCount = CellCountCheck(type: type, fieldColumns: columns, width: width, issue: issue)
        cells = CellValueCheck(type: type, schema: schema, issue: issue)
        constraints = ConstraintCheck(type: type, issue: issue)
        checkCharacter = CheckCharacterCheck(type: type, issue: issue)
        storedAsNumber = StoredAsNumberCheck(type: type, issue: issue)
        self.registry = RegistryCheck(type: type, registry: registry, issue: issue)
        rules = RuleCheck(type: type, schema: schema, file: file)
    }

    /// The cells of `row` under the fields they belong to, as written: the row's own cells when
    /// they stand in field order, those a sheet's row leaves out at its end read as empty.
    func original(_ row: SourceRow) -> RowCells {
        if columnsInFieldOrder, row.cells.count <= fieldColumns.count { return row.cells.padded(to: fieldColumns.count) }
        return row.cells.picking(fieldColumns)
    }

    /// Brings into the cache what checking `rows` will read from the registry, for all of them at once.
    func warm(_ rows: ArraySlice<SourceRow>) {
        registry.warm(rows, columns: fieldColumns)
    }

    /// Every check but the primary key's, which depends on the rows before.
    func checkAlone(_ row: SourceRow) -> CheckedRow {
        let original = original(row)
        var outcome = RowOutcome(returnType: type.name, row: row.number, issues: [],
                                 values: RowValues(count: type.fields.count, bytes: original.byteCount), original: original)
        if let structural = cellCount.check(row) {
            outcome.issues.append(structural)
            return CheckedRow(outcome: outcome, key: nil)
        }
        var wrong = [Bool](repeating: false, count: type.fields.count)
        // Most rows mark no cell: their cells need not be looked for in the lists.
        let marksCells = !row.structuredCells.isEmpty || !row.unsavedFormulaCells.isEmpty || !row.numberCells.isEmpty
        row.cells.withUTF8Cells { cellBytes in
            for i in type.fields.indices {
                let column = fieldColumns[i]
                let structured = marksCells && column.map(row.structuredCells.contains) ?? false
                let unsavedFormula = marksCells && column.map(row.unsavedFormulaCells.contains) ?? false
                let isNumberCell = marksCells && column.map(row.numberCells.contains) ?? false
                let raw = cellBytes[column]
                var issue = cells.check(raw, field: i, structured: structured, unsavedFormula: unsavedFormula, row: row.number,
                                        into: &outcome.values)
                if issue == nil, cells.isConstrained(i), outcome.values.hasValue(i) {
                    issue = constraints.check(outcome.values, raw: raw, field: i, row: row.number)
                        ?? checkCharacter.check(outcome.values, raw: raw, field: i, row: row.number)
                }
                if isNumberCell, let found = storedAsNumber.check(raw, field: i, passed: issue == nil, row: row.number) {
                    if found.severity == .warning { outcome.issues.append(found) } else { issue = .found(found) }
                }
                if let issue {
                    outcome.values.clear(i)
                    outcome.issues.append(issue.issue)
                    wrong[i] = true
                }
            }
        }
        registry.check(&outcome, wrong: &wrong)
        rules.check(&outcome, wrong: wrong)
        guard type.primaryKey.allSatisfy({ !wrong[$0] && outcome.values.hasValue($0) }) else { return CheckedRow(outcome: outcome, key: nil) }
        guard let keyPeriod else {
            return CheckedRow(outcome: outcome, key: PackedKey(type.primaryKey.lazy.map { outcome.values.canonical($0) ?? "" }))
        }
        // A valid unit field is a registered unit's code, whose place the registry check noted.
        guard let place = outcome.unitPlace,
              let month = outcome.values.withCanonicalUTF8(keyPeriod, YearMonth.init(canonicalUTF8:)) ?? nil else {
            return CheckedRow(outcome: outcome, key: nil)
        }
        return CheckedRow(outcome: outcome, key: PackedKey(unit: place, month: month.number))
    }
}
